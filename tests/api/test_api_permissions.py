"""Who may read and change profiles, vacancies and applications through the API.

Every api_core route with an object id is exercised here by a user who does
not own the object (``CROSS_USER_TESTED``); test_every_object_route_has_a_cross_user_test
fails when a new route is added without such a test.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests import factories as f
from tests.factories_api import employer_actor, jobseeker_actor, staff_actor
from tests.helpers import login
from webapp.models import Application, ApplicationStatus, Placement

pytestmark = pytest.mark.both_databases

CROSS_USER_TESTED = {
    ("GET", "/api/v1/jobseekers/<jobseeker_id>"),
    ("GET", "/api/v1/vacancies/<vacancy_id>"),
    ("PATCH", "/api/v1/vacancies/<vacancy_id>"),
    ("POST", "/api/v1/vacancies/<vacancy_id>/applications"),
    ("PATCH", "/api/v1/applications/<application_id>"),
}


def test_every_object_route_has_a_cross_user_test(app: Flask) -> None:
    routes = {
        (method, re.sub(r"<(?:[^:>]+:)?(\w+)>", r"<\1>", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api_core.") and "_id>" in rule.rule
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert routes - CROSS_USER_TESTED == set(), "add a cross-user test for these API routes"


def _apply(session: Session, js_actor, vacancy) -> Application:  # type: ignore[no-untyped-def]
    a = Application(jobseeker_id=js_actor.jobseeker.id, vacancy_id=vacancy.id)
    session.add(a)
    session.flush()
    return a


# ------------------------------------------------------------------ profiles


def test_profile_visibility_by_role(client: FlaskClient, session: Session) -> None:
    owner = jobseeker_actor(session, searchable=True, phone="0912345678", address="Thôn 3, Kỳ Phương")
    other = jobseeker_actor(session)
    applied_to = employer_actor(session)
    stranger = employer_actor(session)
    staff = staff_actor(session)
    _apply(session, owner, f.make_vacancy(session, employer=applied_to.employer))
    url = f"/api/v1/jobseekers/{owner.jobseeker.id}"

    assert client.get(url).status_code == 401
    assert client.get(url, headers=other.headers).status_code == 403  # another jobseeker
    for actor in (owner, staff, applied_to):
        body = client.get(url, headers=actor.headers).get_json()
        assert body["contact"]["phone"] == "0912345678", actor.user.role
    # Consented to be found, but did not apply: the profile without contact details.
    body = client.get(url, headers=stranger.headers).get_json()
    assert body["full_name"] == owner.jobseeker.full_name
    assert body["contact"] is None
    assert "0912345678" not in str(body) and "Kỳ Phương" not in str(body)
    assert "birth_date" not in body and body["birth_year"] == 1998


def test_employer_cannot_see_unconsented_profile(client: FlaskClient, session: Session) -> None:
    hidden = jobseeker_actor(session, searchable=False)
    employer = employer_actor(session)
    assert (
        client.get(f"/api/v1/jobseekers/{hidden.jobseeker.id}", headers=employer.headers).status_code == 403
    )


def test_own_profile_read_and_update(client: FlaskClient, session: Session) -> None:
    me = jobseeker_actor(session)
    r = client.patch(
        "/api/v1/me/profile",
        json={
            "desired_title": "Thợ hàn TIG",
            "skills": ["Hàn TIG", "hàn tig"],
            "preferred_countries": ["jp"],
            "willing_overseas": True,
        },
        headers=me.headers,
    )
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["desired_title"] == "Thợ hàn TIG"
    assert body["preferred_countries"] == ["JP"]
    assert client.get("/api/v1/me/profile", headers=me.headers).get_json()["id"] == me.jobseeker.id


def test_first_patch_creates_profile_and_says_what_is_missing(client: FlaskClient, session: Session) -> None:
    user = f.make_user(session, "jobseeker")
    from webapp.services.accounts import issue_token

    headers = {"Authorization": f"Bearer {issue_token(session, user)}"}
    assert client.get("/api/v1/me/profile", headers=headers).status_code == 404
    r = client.patch("/api/v1/me/profile", json={"full_name": "Lê Thị Hoa"}, headers=headers)
    assert r.status_code == 422
    assert set(r.get_json()["errors"]) == {"sex", "birth_date", "district", "education"}
    r = client.patch(
        "/api/v1/me/profile",
        json={
            "full_name": "Lê Thị Hoa",
            "sex": "female",
            "birth_date": "2000-02-03",
            "district": "436",
            "education": "college",
        },
        headers=headers,
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["contact"]["birth_date"] == "2000-02-03"


def test_employers_and_staff_have_no_own_profile(client: FlaskClient, session: Session) -> None:
    for actor in (employer_actor(session), staff_actor(session)):
        assert client.patch("/api/v1/me/profile", json={}, headers=actor.headers).status_code == 403


# ------------------------------------------------------------------ vacancies


def test_vacancy_read_and_change(client: FlaskClient, session: Session) -> None:
    owner = employer_actor(session)
    other = employer_actor(session)
    js = jobseeker_actor(session)
    staff = staff_actor(session)
    vacancy = f.make_vacancy(session, employer=owner.employer)
    url = f"/api/v1/vacancies/{vacancy.id}"

    assert client.get(url).get_json()["title"] == "Thợ hàn điện"  # public
    assert client.patch(url, json={"title": "Thợ hàn"}).status_code == 401
    assert client.patch(url, json={"title": "Thợ hàn"}, headers=js.headers).status_code == 403
    assert client.patch(url, json={"title": "Thợ hàn"}, headers=other.headers).status_code == 403
    r = client.patch(url, json={"title": "Thợ hàn bậc 3"}, headers=owner.headers)
    assert r.status_code == 200 and r.get_json()["title"] == "Thợ hàn bậc 3"
    assert client.patch(url, json={"quantity": 8}, headers=staff.headers).status_code == 200


def test_draft_and_closed_vacancies_are_hidden_except_from_their_employer(
    client: FlaskClient, session: Session
) -> None:
    owner = employer_actor(session)
    other = employer_actor(session)
    draft = f.make_vacancy(session, employer=owner.employer, status="draft")
    url = f"/api/v1/vacancies/{draft.id}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.patch(url, json={"title": "Thợ hàn"}, headers=other.headers).status_code == 404
    assert client.get(url, headers=owner.headers).status_code == 200


def test_unlicensed_agency_orders_are_hidden(client: FlaskClient, session: Session) -> None:
    agency = f.make_employer(session, agency=True, licence_expires=f.TODAY - dt.timedelta(days=1))
    order = f.make_vacancy(session, employer=agency, overseas=True)
    assert client.get(f"/api/v1/vacancies/{order.id}").status_code == 404


def test_post_vacancy_only_for_employers(client: FlaskClient, session: Session) -> None:
    body = {
        "title": "Công nhân may",
        "kind": "domestic",
        "district": "449",
        "deadline": str(f.TODAY + dt.timedelta(days=20)),
    }
    assert client.post("/api/v1/vacancies", json=body).status_code == 401
    assert (
        client.post("/api/v1/vacancies", json=body, headers=jobseeker_actor(session).headers).status_code
        == 403
    )
    r = client.post("/api/v1/vacancies", json=body, headers=employer_actor(session).headers)
    assert r.status_code == 201, r.get_json()
    assert r.headers["Location"].endswith(f"/api/v1/vacancies/{r.get_json()['id']}")


def test_overseas_fee_above_cap_is_refused_citing_the_cap(client: FlaskClient, session: Session) -> None:
    agency = employer_actor(session, agency=True)
    prog = f.programme(session, "KR_EPS")
    cap = 20_000_000
    prog.rules = {**(prog.rules or {}), "max_fee_vnd": cap}  # staff-editable data: pin it for this test
    session.flush()
    body = {
        "title": "Lao động nông nghiệp Hàn Quốc",
        "kind": "overseas",
        "country": "KR",
        "programme": "KR_EPS",
        "deadline": str(f.TODAY + dt.timedelta(days=20)),
        "fee_vnd": cap + 1,
    }
    r = client.post("/api/v1/vacancies", json=body, headers=agency.headers)
    assert r.status_code == 422
    assert f"{int(cap):,}".replace(",", ".") in r.get_json()["errors"]["fee_vnd"]


# ------------------------------------------------------------------ applications


def test_apply_once_and_pipeline_permissions(client: FlaskClient, session: Session) -> None:
    js = jobseeker_actor(session)
    other_js = jobseeker_actor(session)
    owner = employer_actor(session)
    other = employer_actor(session)
    staff = staff_actor(session)
    vacancy = f.make_vacancy(session, employer=owner.employer)

    url = f"/api/v1/vacancies/{vacancy.id}/applications"
    assert client.post(url, json={}).status_code == 401
    assert client.post(url, json={}, headers=owner.headers).status_code == 403
    r = client.post(url, json={"cover_note": "Tôi có 3 năm kinh nghiệm hàn."}, headers=js.headers)
    assert r.status_code == 201, r.get_json()
    app_id = r.get_json()["id"]
    assert client.post(url, json={}, headers=js.headers).status_code == 409

    # Lists: each sees only what is theirs.
    assert [a["id"] for a in client.get("/api/v1/applications", headers=js.headers).get_json()["items"]] == [
        app_id
    ]
    assert client.get("/api/v1/applications", headers=other_js.headers).get_json()["total"] == 0
    assert client.get("/api/v1/applications", headers=other.headers).get_json()["total"] == 0
    assert client.get("/api/v1/applications", headers=owner.headers).get_json()["total"] == 1
    assert client.get("/api/v1/applications", headers=staff.headers).get_json()["total"] >= 1

    target = f"/api/v1/applications/{app_id}"
    assert client.patch(target, json={"status": "shortlisted"}, headers=other.headers).status_code == 404
    assert client.patch(target, json={"status": "withdrawn"}, headers=other_js.headers).status_code == 404
    assert client.patch(target, json={"status": "hired"}, headers=js.headers).status_code == 403
    r = client.patch(target, json={"status": "rejected"}, headers=owner.headers)
    assert r.status_code == 422 and "reason" in r.get_json()["errors"]
    r = client.patch(target, json={"status": "shortlisted", "note": "Gọi phỏng vấn"}, headers=owner.headers)
    assert r.status_code == 200 and r.get_json()["status"] == "shortlisted"
    r = client.patch(target, json={"status": "hired"}, headers=owner.headers)
    assert r.status_code == 200
    placement = session.scalar(select(Placement).where(Placement.source_ref == f"application:{app_id}"))
    assert placement is not None and placement.jobseeker_id == js.jobseeker.id
    # Decided: no more moves, no withdrawal.
    r = client.patch(target, json={"status": "rejected", "reason": "other"}, headers=owner.headers)
    assert r.status_code == 422 and "status" in r.get_json()["errors"]
    assert client.patch(target, json={"status": "withdrawn"}, headers=js.headers).status_code == 422
    assert session.get(Application, app_id).status == ApplicationStatus.HIRED


def test_rejection_reason_is_visible_to_the_applicant(client: FlaskClient, session: Session) -> None:
    js = jobseeker_actor(session)
    owner = employer_actor(session)
    a = _apply(session, js, f.make_vacancy(session, employer=owner.employer))
    client.patch(
        f"/api/v1/applications/{a.id}",
        json={"status": "rejected", "reason": "position_filled"},
        headers=owner.headers,
    )
    item = client.get("/api/v1/applications", headers=js.headers).get_json()["items"][0]
    assert item["status"] == "rejected" and item["reject_reason"] == "position_filled"


# ------------------------------------------------------------------ auth, CSRF, errors


def test_bad_token_is_401_even_with_a_session_cookie(client: FlaskClient, session: Session) -> None:
    js = jobseeker_actor(session)
    login(client, js.user.email)
    assert client.get("/api/v1/me/profile").status_code == 200  # the cookie alone works
    r = client.get("/api/v1/me/profile", headers={"Authorization": "Bearer vl_nonsense"})
    assert r.status_code == 401 and "token" in r.get_json()["message"]


def test_cookie_authenticated_changes_need_the_csrf_token(client: FlaskClient, session: Session) -> None:
    from tests.helpers import csrf_token

    js = jobseeker_actor(session)
    login(client, js.user.email)
    r = client.patch("/api/v1/me/profile", json={"summary": "Chăm chỉ"})
    assert r.status_code == 400 and "message" in r.get_json()
    token = csrf_token(client, "/login")
    r = client.patch("/api/v1/me/profile", json={"summary": "Chăm chỉ"}, headers={"X-CSRFToken": token})
    assert r.status_code == 200, r.get_json()
    # A bearer-token call needs no CSRF token.
    assert client.patch("/api/v1/me/profile", json={"summary": "x"}, headers=js.headers).status_code == 200


def test_validation_errors_are_message_and_errors_in_the_page_language(
    client: FlaskClient, session: Session
) -> None:
    owner = employer_actor(session)
    r = client.post(
        "/api/v1/vacancies?lang=en", json={"kind": "abroad", "quantity": "many"}, headers=owner.headers
    )
    assert r.status_code == 422
    body = r.get_json()
    assert set(body) == {"message", "errors"}
    assert {"title", "kind", "quantity", "deadline"} <= set(body["errors"])
    assert body["errors"]["title"] == "Missing data for required field."
    r = client.get("/api/v1/applications?per_page=0", headers=owner.headers)
    assert r.status_code == 422 and "query.per_page" in r.get_json()["errors"]
    r = client.post(
        "/api/v1/vacancies", data="{not json", content_type="application/json", headers=owner.headers
    )
    assert r.status_code == 400 and r.get_json()["message"]


def test_openapi_document_covers_only_the_api_and_declares_bearer_auth(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["paths"] and all(p.startswith("/api/") for p in spec["paths"])
    assert spec["components"]["securitySchemes"]["BearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `vieclam users token --email E`.",
    }
    assert spec["paths"]["/api/v1/me/profile"]["patch"]["security"] == [{"BearerAuth": []}]
