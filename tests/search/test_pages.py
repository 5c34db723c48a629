"""The search page, the profile search page and the JSON API, through the test client."""

from __future__ import annotations

import re

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


def test_filters_take_names_and_any_case(client: FlaskClient, session: Session) -> None:
    """Scripts and people write ``country=tw``, ``country=Đài Loan`` or ``district=Kỳ Anh``;
    each means the same filter as the code the facet links use."""
    from webapp.models import District

    home = vacancy(session, "Thợ hàn điện")
    taiwan = vacancy(session, "Thợ hàn đi Đài Loan", overseas=True, programme_code="TW_FACTORY")
    session.flush()
    district = session.get(District, home.district_id)
    assert district is not None

    def ids(query: str) -> list[int]:
        response = client.get("/api/v1/vacancies?" + query)
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    for query in ("country=TW", "country=tw", "country=%C4%90%C3%A0i+Loan", "country=dai+loan", "country=Taiwan"):
        assert ids(query) == [taiwan.id], query
    for query in ("kind=overseas", "kind=Overseas", "kind=XKL%C4%90", "kind=n%C6%B0%E1%BB%9Bc+ngo%C3%A0i"):
        assert ids(query) == [taiwan.id], query
    assert ids("kind=DOMESTIC") == [home.id]
    assert ids("programme=tw_factory") == [taiwan.id]
    assert ids(f"district={district.code}") == [home.id]
    assert ids("district=" + district.name.replace(" ", "+")) == [home.id]
    assert ids("district=" + fold_name(district.name)) == [home.id]


def fold_name(name: str) -> str:
    from search.text import fold

    return fold(name).replace(" ", "+")


def test_unknown_filter_values_are_errors_not_empty_results(client: FlaskClient, session: Session) -> None:
    vacancy(session, "Thợ hàn điện")
    session.flush()
    for param, value in (("country", "XX"), ("district", "zzz"), ("kind", "foo"), ("language", "klingon")):
        response = client.get(f"/api/v1/vacancies?{param}={value}")
        assert response.status_code == 422, (param, value)
        body = response.get_json()
        assert value in body["errors"][param], body
    page = client.get("/vacancies?q=tho+han&kind=foo")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'class="error">kind:' in html and "“foo”" in html
    assert 'class="hit"' in html  # the text search still answered


def test_filters_given_by_name_lead_to_the_page_of_their_codes(client: FlaskClient, session: Session) -> None:
    """A link with ``country=Đài Loan`` (or ``tw``) opens the page as its facet would: the
    Taiwan facet is ticked, and un-ticking it or its chip removes the filter."""
    vacancy(session, "Thợ hàn điện")
    vacancy(session, "Thợ hàn đi Đài Loan", overseas=True, programme_code="TW_FACTORY")
    session.flush()
    for given in ("country=%C4%90%C3%A0i+Loan", "country=tw", "language=ZH"):
        response = client.get(f"/vacancies?q=tho+han&{given}&page=1")
        assert response.status_code == 302, given
        assert "q=tho+han" in response.location and "page=1" in response.location, response.location
    response = client.get("/vacancies?q=tho+han&country=dai+loan")
    assert response.location.endswith("country=TW") or "country=TW&" in response.location, response.location
    page = client.get(response.location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="hit"') == 1
    ticked = re.findall(r'<a href="([^"]+)" class="selected" aria-current="true">\s*✔ ([^<]+?) <span', html)
    assert [label for _href, label in ticked] == ["Đài Loan"], ticked
    # following the ticked facet drops the filter again: both vacancies
    unticked = client.get(ticked[0][0].replace("&amp;", "&"))
    assert unticked.status_code == 200 and unticked.get_data(as_text=True).count('class="hit"') == 2
    # already in codes, or a bad value: no redirect
    assert client.get("/vacancies?q=tho+han&country=TW").status_code == 200
    assert client.get("/vacancies?country=XX").status_code == 422
    assert client.get("/api/v1/vacancies?country=dai+loan").get_json()["filters"] == {"country": ["TW"]}
