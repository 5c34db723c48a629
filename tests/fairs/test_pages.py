"""Public fair pages: who can register, and whose registration a page shows."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import make_employer, make_jobseeker, make_user
from tests.factories_fairs import make_fair
from tests.helpers import login, logout, post_form
from webapp.models import FairRegistration, Role, User


def test_fair_pages_show_each_jobseeker_only_their_own_registration(client, session):
    fair = make_fair(session, booths=2)
    anna = make_jobseeker(session, with_user=True)
    binh = make_jobseeker(session, with_user=True)
    emails = {js.id: session.get(User, js.user_id).email for js in (anna, binh)}

    # Anonymous visitors see the fair but must log in to register.
    assert client.get(f"/fairs/{fair.id}").status_code == 200
    resp = post_form(client, f"/fairs/{fair.id}/register", {}, form_url="/login")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]

    login(client, emails[anna.id])
    resp = post_form(client, f"/fairs/{fair.id}/register", {}, form_url=f"/fairs/{fair.id}")
    assert resp.status_code == 302
    code = session.scalar(select(FairRegistration.code).where(FairRegistration.jobseeker_id == anna.id))
    assert code and code in client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    logout(client)

    # Another jobseeker sees the fair page without Anna's code.
    login(client, emails[binh.id])
    page = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    assert code not in page
    logout(client)


def test_only_jobseekers_register_themselves(client, session):
    fair = make_fair(session, booths=1)
    employer_user = make_user(session, Role.EMPLOYER, employer_id=make_employer(session).id)
    login(client, employer_user.email)
    resp = post_form(client, f"/fairs/{fair.id}/register", {}, form_url=f"/fairs/{fair.id}")
    assert resp.status_code == 403
    assert session.scalar(select(FairRegistration).where(FairRegistration.fair_id == fair.id)) is None
    assert client.get("/fairs/2147483647").status_code == 404
