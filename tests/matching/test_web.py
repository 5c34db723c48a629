"""Pages and API answer with the same ranking, and only for those entitled."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import TODAY, make_employer, make_jobseeker, make_user, make_vacancy
from tests.helpers import login
from webapp.models import Role, User


def test_api_and_page_give_the_same_ranking(client: FlaskClient, session: Session) -> None:
    employer = make_employer(session)
    user = make_user(session, Role.EMPLOYER, employer_id=employer.id)
    vacancy = make_vacancy(session, employer=employer)
    near = make_jobseeker(session, experience_years=6, district_code="449")
    make_jobseeker(session, experience_years=1, desired_title="Thợ hàn", isco="7212", district_code="436")
    make_jobseeker(session, birth_date=dt.date(TODAY.year - 16, 1, 1))
    session.flush()
    login(client, user.email)
    api = client.get(f"/api/v1/vacancies/{vacancy.id}/candidates").get_json()
    assert api["ranker"] == "weighted"
    ids = [i["id"] for i in api["items"]]
    assert ids[0] == near.id, api
    assert all(i["reasons"] for i in api["items"][:1])
    for ask in ("k=1", "limit=1"):
        top = client.get(f"/api/v1/vacancies/{vacancy.id}/candidates?{ask}").get_json()
        assert [i["id"] for i in top["items"]] == ids[:1], ask
    page = client.get(f"/employer/vacancies/{vacancy.id}/recommended")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert [int(x) for x in __import__("re").findall(r'class="matching-item" data-id="(\d+)"', html)] == ids
    assert "weighted score" in html or "trọng số" in html or 'data-ranker="weighted"' in html


def test_employer_cannot_rank_for_another_employers_vacancy(client: FlaskClient, session: Session) -> None:
    mine = make_employer(session)
    user = make_user(session, Role.EMPLOYER, employer_id=mine.id)
    other = make_vacancy(session)
    session.flush()
    login(client, user.email)
    assert client.get(f"/api/v1/vacancies/{other.id}/candidates").status_code == 403
    assert client.get(f"/employer/vacancies/{other.id}/recommended").status_code == 403


def test_jobseeker_recommendations_page_and_api(client: FlaskClient, session: Session) -> None:
    js = make_jobseeker(session, with_user=True)
    vacancy = make_vacancy(session)
    session.flush()
    user = session.get(User, js.user_id)
    assert user is not None
    login(client, user.email)
    api = client.get(f"/api/v1/jobseekers/{js.id}/vacancies").get_json()
    assert [i["id"] for i in api["items"]] == [vacancy.id]
    assert client.get("/me/recommended").status_code == 200
    other = make_jobseeker(session)
    session.flush()
    assert client.get(f"/api/v1/jobseekers/{other.id}/vacancies").status_code == 403
