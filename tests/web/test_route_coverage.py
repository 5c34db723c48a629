"""Every route with an object id in its URL must have a cross-user test.

Routes of the web pages are listed in tests/web/test_permissions.py ``COVERED``;
routes of other teams are listed here with the test that covers them. A new
route with an id and no entry fails this test until someone writes the test.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from tests.web.test_permissions import COVERED

ROOT = Path(__file__).resolve().parents[2]
STAFF_ROLES_TEST = "tests/web/test_permissions.py::test_staff_object_routes_refuse_other_roles"
API = "tests/api/test_api_permissions.py::"

# endpoint (or "blueprint.*") -> "path::test_name" of the cross-user test
OTHER_TEAMS = {
    "api_core.get_jobseeker": API + "test_profile_visibility_by_role",
    "api_core.get_vacancy": API + "test_draft_and_closed_vacancies_are_hidden_except_from_their_employer",
    "api_core.patch_vacancy": API + "test_vacancy_read_and_change",
    "api_core.post_application": API + "test_apply_once_and_pipeline_permissions",
    "api_core.patch_application": API + "test_apply_once_and_pipeline_permissions",
    "privacy.staff_erase": "tests/privacy/test_erasure.py::test_staff_erase_page_requires_staff",
    "staff_fairs.*": STAFF_ROLES_TEST,
    "matching.candidates": "tests/matching/test_web.py::test_employer_cannot_rank_for_another_employers_vacancy",
    "api_matching.candidates": "tests/matching/test_web.py::test_employer_cannot_rank_for_another_employers_vacancy",
    "api_matching.recommended": "tests/matching/test_web.py::test_jobseeker_recommendations_page_and_api",
    "fairs.detail": "tests/fairs/test_pages.py::test_fair_pages_show_each_jobseeker_only_their_own_registration",
    "fairs.register": "tests/fairs/test_pages.py::test_only_jobseekers_register_themselves",
}


def _object_routes(app: Flask) -> dict[str, str]:
    return {
        rule.endpoint: rule.rule
        for rule in app.url_map.iter_rules()
        if any(arg == "id" or arg.endswith("_id") for arg in rule.arguments)
    }


def _test_exists(ref: str) -> bool:
    path, _, name = ref.partition("::")
    file = ROOT / path
    return (
        file.exists() and re.search(rf"^def {re.escape(name)}\(", file.read_text("utf-8"), re.M) is not None
    )


def test_every_object_route_has_a_cross_user_test(app: Flask) -> None:
    missing = []
    for endpoint, rule in sorted(_object_routes(app).items()):
        ref = None
        if endpoint in COVERED:
            ref = "tests/web/test_permissions.py::" + COVERED[endpoint]
        else:
            ref = OTHER_TEAMS.get(endpoint) or OTHER_TEAMS.get(endpoint.split(".")[0] + ".*")
        if ref is None or not _test_exists(ref):
            missing.append(f"{endpoint} {rule} (listed: {ref})")
    assert not missing, "routes with an object id but no cross-user test:\n" + "\n".join(missing)


def test_registry_names_only_existing_tests() -> None:
    for ref in list(OTHER_TEAMS.values()) + ["tests/web/test_permissions.py::" + t for t in COVERED.values()]:
        assert _test_exists(ref), ref
