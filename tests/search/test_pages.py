"""The search page, the profile search page and the JSON API, through the test client."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_employer, make_user
from tests.factories_search import jobseeker, vacancy
from tests.helpers import login
from webapp.models import Role


def test_search_page_without_javascript(client: FlaskClient, session: Session) -> None:
    welder = vacancy(session, "Thợ hàn điện", description="Hàn kết cấu thép tại khu kinh tế Vũng Áng.")
    vacancy(session, "Thợ hàn đi Đài Loan", overseas=True, programme_code="TW_FACTORY")
    session.flush()
    page = client.get("/vacancies?q=tho+han")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="hit"') == 2
    assert "<mark>hàn</mark>" in html.lower() or "<mark>Hàn</mark>" in html
    assert f"/vacancies/{welder.id}" in html
    assert 'name="q"' in html and "<script" not in html
    assert welder.deadline.strftime("%d/%m/%Y") in html  # dates in the page's format, not ISO
    # facet links narrow the results
    filtered = client.get("/vacancies?q=tho+han&kind=overseas").get_data(as_text=True)
    assert f'/vacancies/{welder.id}"' not in filtered
    assert "Đài Loan" in filtered


def test_search_page_offers_near_matches(client: FlaskClient, session: Session) -> None:
    welder = vacancy(session, "Thợ hàn điện", description="Hàn kết cấu thép tại khu kinh tế Vũng Áng.")
    session.flush()
    html = client.get("/vacancies?q=th%E1%BB%A3+h%C3%A0n+b%E1%BA%ADc3").get_data(as_text=True)  # thợ hàn bậc3
    assert "Không tìm thấy" in html or "No vacancies" in html
    assert "bậc3" in html and 'class="near-matches"' in html
    assert f"/vacancies/{welder.id}" in html
    body = client.get("/api/v1/vacancies?q=tho+han+bac3").get_json()
    assert body["total"] == 0 and body["items"] == []
    assert [i["id"] for i in body["near_matches"]["items"]] == [welder.id]


def test_search_page_bad_page_number_is_422(client: FlaskClient) -> None:
    assert client.get("/vacancies?page=0").status_code == 422


def test_api_shape(client: FlaskClient, session: Session) -> None:
    v = vacancy(session, "Lái xe tải", isco="8332")
    session.flush()
    body = client.get("/api/v1/vacancies?q=lai+xe&district=449&page=1").get_json()
    assert {"total", "page", "items", "facets", "suggestion"} <= set(body)
    assert body["total"] == 1
    item = body["items"][0]
    assert item["id"] == v.id
    for key in ("title", "employer", "kind", "district", "country", "salary_min", "salary_max", "currency"):
        assert key in item
    assert set(body["facets"]) >= {"district", "kind", "country"}
    bad = client.get("/api/v1/vacancies?per_page=1000")
    assert bad.status_code == 422 and "per_page" in bad.get_json()["errors"]


def test_profile_search_is_for_staff_and_employers(client: FlaskClient, session: Session) -> None:
    jobseeker(session, desired_title="Thợ may", isco="8153", full_name="Lê Thị Hoa")
    seeker = make_user(session, Role.JOBSEEKER)
    employer = make_employer(session)
    boss = make_user(session, Role.EMPLOYER, employer_id=employer.id)
    session.flush()
    assert client.get("/api/v1/jobseekers?q=tho+may").status_code == 401
    login(client, seeker.email)
    assert client.get("/api/v1/jobseekers?q=tho+may").status_code == 403
    assert client.get("/profiles?q=tho+may").status_code == 403
    client.post("/logout")
    client2 = client.application.test_client()
    login(client2, boss.email)
    body = client2.get("/api/v1/jobseekers?q=tho+may").get_json()
    assert body["total"] == 1 and "Hoa" not in str(body)
    page = client2.get("/profiles?q=tho+may")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<mark>Thợ</mark> <mark>may</mark>" in html
