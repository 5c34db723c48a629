"""schemathesis against /api/v1/openapi.json: generated requests (at least 100 per operation) must
never cause a server error or a response that breaks the documented schema.

Runs against the WSGI app in the test's transaction (rolled back afterwards), with
bearer tokens of the role each operation is meant for, so generated requests reach
the services instead of stopping at 401. Only the core API's operations are fuzzed
here; other teams' operations in the same document are left to their own tests.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from tests import factories as f
from tests.factories_api import Actor, employer_actor, jobseeker_actor, staff_actor

CORE_PATHS = (
    "/api/v1/me/profile",
    "/api/v1/jobseekers/{jobseeker_id}",
    "/api/v1/vacancies/{vacancy_id}",
    "/api/v1/vacancies",
    "/api/v1/vacancies/{vacancy_id}/applications",
    "/api/v1/applications",
    "/api/v1/applications/{application_id}",
)


@pytest.fixture()
def actors(session: Session) -> dict[str, Actor]:
    employer = employer_actor(session)
    js = jobseeker_actor(session, searchable=True)
    # A few real objects so that small generated ids hit existing rows too.
    for _ in range(3):
        f.make_vacancy(session, employer=employer.employer)
    return {"employer": employer, "jobseeker": js, "staff": staff_actor(session)}


OPERATIONS = [
    ("GET", "/api/v1/me/profile"),
    ("PATCH", "/api/v1/me/profile"),
    ("GET", "/api/v1/jobseekers/{jobseeker_id}"),
    ("GET", "/api/v1/vacancies/{vacancy_id}"),
    ("POST", "/api/v1/vacancies"),
    ("PATCH", "/api/v1/vacancies/{vacancy_id}"),
    ("POST", "/api/v1/vacancies/{vacancy_id}/applications"),
    ("GET", "/api/v1/applications"),
    ("PATCH", "/api/v1/applications/{application_id}"),
]
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def _actor_for(actors: dict[str, Actor], method: str, path: str) -> Actor:
    if path.startswith("/api/v1/me/") or (path.endswith("/applications") and method == "POST"):
        return actors["jobseeker"]
    if method in ("POST", "PATCH"):
        return actors["employer"]
    return actors["staff"]


def test_every_core_operation_is_fuzzed(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    documented = {
        (method.upper(), path) for path, ops in spec["paths"].items() if path in CORE_PATHS for method in ops
    }
    # GET /api/v1/vacancies (search) belongs to the search team and is fuzzed by its tests.
    assert documented - {("GET", "/api/v1/vacancies")} == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_core_api_conforms_to_its_schema(
    app: Flask, actors: dict[str, Actor], method: str, path: str
) -> None:
    # The schema is loaded inside the test (never at import: no app exists then).
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]
    headers = _actor_for(actors, method, path).headers

    @given(case=operation.as_strategy())
    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
