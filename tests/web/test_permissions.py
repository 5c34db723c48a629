"""Who may read and change profiles, vacancies and applications through the pages.

Each test here is a cross-user test: a user who does not own the object (another
jobseeker, another employer, an anonymous visitor) tries the route.
tests/web/test_route_coverage.py checks that every route with an object id is
named in ``COVERED`` below or in its list of other teams' tests.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.factories import make_employer, make_jobseeker, make_user, make_vacancy
from tests.factories_web import employer_user, jobseeker_user, staff_user
from tests.helpers import csrf_token, login
from webapp.models import Application, ApplicationStatus, FairEmployer, FairKind, JobFair, Role, VacancyStatus
from webapp.models.web import PostingReport, ReportReason, SavedSearch

pytestmark = pytest.mark.both_databases

# endpoint -> the test in this module that tries it as a user who does not own the object.
COVERED = {
    "jobseeker.withdraw": "test_application_cross_user",
    "jobseeker.delete_search": "test_saved_search_cross_user",
    "vacancy_pages.detail": "test_unpublished_vacancy_cross_user",
    "vacancy_pages.apply": "test_unpublished_vacancy_cross_user",
    "vacancy_pages.save": "test_unpublished_vacancy_cross_user",
    "vacancy_pages.unsave": "test_unpublished_vacancy_cross_user",
    "vacancy_pages.report": "test_unpublished_vacancy_cross_user",
    "employer.edit_vacancy": "test_vacancy_management_cross_user",
    "employer.close_vacancy": "test_vacancy_management_cross_user",
    "employer.copy_vacancy": "test_vacancy_management_cross_user",
    "employer.publish_vacancy": "test_vacancy_management_cross_user",
    "employer.applicants": "test_vacancy_management_cross_user",
    "employer.application": "test_application_cross_user",
    "employer.candidate": "test_what_an_employer_sees_of_a_jobseeker",
    "staff.employer": "test_staff_object_routes_refuse_other_roles",
    "staff.resolve_report": "test_staff_object_routes_refuse_other_roles",
    "staff.jobseeker": "test_staff_object_routes_refuse_other_roles",
}


def _post(client, url: str, data: dict[str, str] | None = None, form_url: str = "/"):  # type: ignore[no-untyped-def]
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client, form_url)})


def test_application_cross_user(client, session):
    owner, owner_js = jobseeker_user(session)
    other_js, _ = jobseeker_user(session)
    emp, employer = employer_user(session)
    other_emp, _ = employer_user(session)
    v = make_vacancy(session, employer=employer)
    a = Application(jobseeker_id=owner_js.id, vacancy_id=v.id)
    session.add(a)
    session.flush()
    # Another jobseeker cannot withdraw it; an employer cannot use the jobseeker pages at all.
    for user in (other_js, emp):
        login(client, user.email)
        assert _post(client, f"/me/applications/{a.id}/withdraw").status_code == 403
    # Another employer can neither see nor move it; the jobseeker cannot use the employer page.
    for user in (other_emp, owner):
        login(client, user.email)
        assert client.get(f"/employer/applications/{a.id}").status_code == 403
        assert _post(client, f"/employer/applications/{a.id}", {"status": "hired"}).status_code == 403
    session.refresh(a)
    assert a.status == ApplicationStatus.APPLIED
    # The owners can.
    login(client, emp.email)
    assert client.get(f"/employer/applications/{a.id}").status_code == 200
    login(client, owner.email)
    assert _post(client, f"/me/applications/{a.id}/withdraw").status_code == 302


def test_saved_search_cross_user(client, session):
    owner, _ = jobseeker_user(session)
    other, _ = jobseeker_user(session)
    search = SavedSearch(user_id=owner.id, name="hàn", query="han", filters={})
    session.add(search)
    session.flush()
    login(client, other.email)
    assert _post(client, f"/me/searches/{search.id}/delete").status_code == 403
    assert session.get(SavedSearch, search.id) is not None
    client.get("/")


def test_unpublished_vacancy_cross_user(client, session):
    emp, employer = employer_user(session)
    draft = make_vacancy(session, employer=employer, status=VacancyStatus.DRAFT)
    other_emp, _ = employer_user(session)
    js, _ = jobseeker_user(session)
    # Anonymous visitors and other users do not see a draft; its employer and staff do.
    assert client.get(f"/vacancies/{draft.id}").status_code == 404
    for user in (other_emp, js):
        login(client, user.email)
        assert client.get(f"/vacancies/{draft.id}").status_code == 404
        assert client.get(f"/vacancies/{draft.id}/report").status_code == 404
        assert _post(client, f"/vacancies/{draft.id}/save").status_code == 404
    assert _post(client, f"/vacancies/{draft.id}/apply").status_code == 404
    assert session.scalar(select(Application).where(Application.vacancy_id == draft.id)) is None
    # unsave only ever touches the user's own row.
    assert _post(client, f"/vacancies/{draft.id}/unsave").status_code == 302
    login(client, emp.email)
    assert client.get(f"/vacancies/{draft.id}").status_code == 200
    login(client, staff_user(session).email)
    assert client.get(f"/vacancies/{draft.id}").status_code == 200
    # An employer cannot apply even to a public vacancy.
    public = make_vacancy(session)
    login(client, emp.email)
    assert _post(client, f"/vacancies/{public.id}/apply").status_code == 403


def test_vacancy_management_cross_user(client, session):
    _, employer = employer_user(session)
    v = make_vacancy(session, employer=employer)
    other_emp, _ = employer_user(session)
    js, _ = jobseeker_user(session)
    for user in (other_emp, js):
        login(client, user.email)
        assert client.get(f"/employer/vacancies/{v.id}/edit").status_code == 403
        assert client.get(f"/employer/vacancies/{v.id}/applicants").status_code == 403
        for action in ("close", "copy", "publish"):
            assert _post(client, f"/employer/vacancies/{v.id}/{action}").status_code == 403
        assert _post(client, f"/employer/vacancies/{v.id}/edit", {"title": "Hacked"}).status_code == 403
    session.refresh(v)
    assert v.status == VacancyStatus.OPEN and v.title != "Hacked"
    client.get("/")
    assert client.get(f"/employer/vacancies/{v.id}/edit").status_code in (302, 403)


def test_what_an_employer_sees_of_a_jobseeker(client, session):
    emp, employer = employer_user(session)
    hidden = make_jobseeker(session, searchable=False, phone="0911111111")
    _, findable = jobseeker_user(session, searchable=True, phone="0922222222", national_id="001099012345")
    _, applicant = jobseeker_user(session, searchable=False, phone="0933333333", national_id="001099054321")
    v = make_vacancy(session, employer=employer)
    session.add(Application(jobseeker_id=applicant.id, vacancy_id=v.id))
    session.flush()
    login(client, emp.email)
    # No consent and no application: nothing at all.
    assert client.get(f"/employer/candidates/{hidden.id}").status_code == 403
    # Consented but did not apply: the profile without contact details or national ID.
    html = client.get(f"/employer/candidates/{findable.id}?lang=en").get_data(as_text=True)
    assert findable.full_name in html
    assert "0922222222" not in html and "001099012345" not in html and 'class="contact"' not in html
    # Applied to this employer: contact details and national ID.
    html = client.get(f"/employer/candidates/{applicant.id}").get_data(as_text=True)
    assert "0933333333" in html and "001099054321" in html
    # Another employer the person did not apply to sees no contact details.
    other, _ = employer_user(session)
    login(client, other.email)
    assert client.get(f"/employer/candidates/{applicant.id}").status_code == 403
    # A jobseeker cannot open other people's profiles through these pages.
    js_user, _ = jobseeker_user(session)
    login(client, js_user.email)
    assert client.get(f"/employer/candidates/{findable.id}").status_code == 403
    assert client.get(f"/staff/jobseekers/{findable.id}").status_code == 403
    # Staff open any profile, contact details included.
    login(client, staff_user(session).email)
    assert "0911111111" in client.get(f"/staff/jobseekers/{hidden.id}").get_data(as_text=True)


def test_staff_object_routes_refuse_other_roles(app, client, session):
    """Every /staff route with an object id (ours and other teams') refuses jobseekers and employers."""
    pending = make_employer(session, verified=False)
    v = make_vacancy(session)
    report = PostingReport(vacancy_id=v.id, reason=ReportReason.SCAM)
    js_row = make_jobseeker(session)
    fair = JobFair(
        name="Phiên GDVL",
        kind=FairKind.MOBILE,
        held_on=dt.date.today() + dt.timedelta(days=10),
        starts_at=dt.time(7, 30),
        ends_at=dt.time(11, 30),
        venue="Nhà văn hoá",
        district_id=js_row.district_id,
    )
    session.add_all([report, fair])
    session.flush()
    booth = FairEmployer(fair_id=fair.id, employer_id=pending.id, booth_no="A1")
    session.add(booth)
    session.flush()
    ids = {
        "employer_id": pending.id,
        "report_id": report.id,
        "jobseeker_id": js_row.id,
        "fair_id": fair.id,
        "booth_id": booth.id,
        "registration_id": 1,
        "interview_id": 1,
    }
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff/") and r.arguments]
    assert rules
    outsiders = [make_user(session, Role.JOBSEEKER), employer_user(session)[0]]
    for user in outsiders:
        login(client, user.email)
        for rule in rules:
            url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(ids.get(m.group(1), "jobs_created")), rule.rule)
            if "GET" in rule.methods:
                assert client.get(url).status_code in (403, 404), url
            if "POST" in rule.methods:
                assert _post(client, url).status_code in (403, 404), url
    session.refresh(pending)
    assert not pending.is_verified and report.status.value == "open"
