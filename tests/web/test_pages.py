"""The pages through Flask's client: the happy paths, bad input (422, nothing saved) and JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import func, select

from tests.factories import make_employer, make_user, make_vacancy
from tests.factories_web import TODAY, employer_user, jobseeker_user, overseas_form, staff_user, vacancy_form
from tests.helpers import login, post_form
from webapp.models import Application, Employer, Jobseeker, Placement, Role, Vacancy
from webapp.models.web import PostingReport, SavedSearch, SavedVacancy

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model)) or 0


def profile_form(**over: str) -> dict[str, str]:
    data = {
        "full_name": "Trần Thị Bình",
        "sex": "female",
        "birth_date": "1999-04-02",
        "phone": "0912345678",
        "email": "binh@example.vn",
        "district_code": "445",
        "commune": "Xã Thạch Hạ",
        "education": "upper_secondary",
        "vocational_training": "Hàn điện bậc 2",
        "occupation_code": "7212",
        "desired_title": "Thợ hàn",
        "skills": "Hàn MIG, Đọc bản vẽ kỹ thuật",
        "experience_years": "2",
        "languages-0-code": "ko",
        "languages-0-test": "EPS-TOPIK",
        "languages-0-level": "150",
        "desired_salary_vnd": "9000000",
        "willing_overseas": "y",
        "preferred_countries": "KR",
        "priority_groups": "demobilised_soldier",
    }
    data.update(over)
    return data


def test_profile_create_and_edit(client, session):
    user = make_user(session, Role.JOBSEEKER)
    login(client, user.email)
    page = client.get("/me/profile?lang=en").get_data(as_text=True)
    assert 'name="searchable"' in page and "checked" not in page.split('name="searchable"')[1][:40]
    resp = post_form(client, "/me/profile", profile_form())
    assert resp.status_code == 302, resp.get_data(as_text=True)
    js = session.scalar(select(Jobseeker).where(Jobseeker.user_id == user.id))
    assert js is not None and js.searchable is False and js.willing_overseas
    assert js.preferred_countries == ["KR"] and [lang.level for lang in js.languages] == ["150"]
    assert {s.name for s in js.skills} == {"Hàn MIG", "Đọc bản vẽ kỹ thuật"}
    resp = post_form(client, "/me/profile", profile_form(desired_title="Thợ hàn TIG", searchable="y"))
    assert resp.status_code == 302
    session.refresh(js)
    assert js.desired_title == "Thợ hàn TIG" and js.searchable


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", (TODAY - dt.timedelta(days=365 * 10)).isoformat(), "at least 15"),
        ("birth_date", "not-a-date", "date"),
        ("phone", "12", "phone number"),
        ("district_code", "999", "choice"),
        ("experience_years", "-3", "between"),
        ("national_id", "123", "12 or 9 digits"),
        ("languages-1-test", "JLPT", "language"),
    ],
)
def test_profile_bad_input_422_saves_nothing(client, session, field, value, message):
    user = make_user(session, Role.JOBSEEKER)
    login(client, user.email)
    before = count(session, Jobseeker)
    resp = post_form(client, "/me/profile?lang=en", profile_form(**{field: value}))
    assert resp.status_code == 422
    assert message.lower() in resp.get_data(as_text=True).lower()
    assert count(session, Jobseeker) == before


def test_vacancy_detail_json_ld_and_overseas_facts(client, session):
    agency = make_employer(session, agency=True, website="https://nhanluc.example.vn")
    v = make_vacancy(
        session,
        employer=agency,
        overseas=True,
        programme_code="KR_EPS",
        title='Thợ hàn </script><script>alert(1)</script> "EPS"',
        employer_abroad="Hanil Steel",
        contract_months=36,
        fee_vnd=15_000_000,
        deposit_vnd=0,
        departure_date=TODAY + dt.timedelta(days=60),
        currency="KRW",
    )
    resp = client.get(f"/vacancies/{v.id}?lang=en")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    blocks = LD.findall(html)
    assert len(blocks) == 1 and "</script><script>" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["@type"] == "JobPosting" and data["title"] == v.title
    for key in (
        "description",
        "datePosted",
        "validThrough",
        "hiringOrganization",
        "jobLocation",
        "employmentType",
    ):
        assert data[key]
    assert data["baseSalary"]["currency"] == "KRW" and data["baseSalary"]["value"]["minValue"] == 9_000_000
    assert data["jobLocation"]["address"]["addressCountry"] == "KR"
    for text in (
        "Hanil Steel",
        "36 months",
        "15,000,000",
        "Licence verified and valid",
        agency.licence_no,
        "Report this posting",
    ):
        assert text in html, text


def test_every_public_vacancy_page_has_valid_json_ld(client, session):
    made = [
        make_vacancy(session),
        make_vacancy(session, overseas=True, programme_code="JP_TITP", salary_min=None, salary_max=None),
    ]
    for v in made:
        data = json.loads(LD.findall(client.get(f"/vacancies/{v.id}").get_data(as_text=True))[0])
        assert {
            "title",
            "description",
            "datePosted",
            "validThrough",
            "hiringOrganization",
            "jobLocation",
            "employmentType",
        } <= set(data)
        assert ("baseSalary" in data) == (v.salary_min is not None)


def test_hidden_vacancy_says_why(client, session):
    agency = make_employer(session, agency=True, licence_expires=TODAY - dt.timedelta(days=3))
    v = make_vacancy(session, employer=agency, overseas=True, programme_code="KR_EPS")
    resp = client.get(f"/vacancies/{v.id}?lang=en")
    assert resp.status_code == 404 and "expired" in resp.get_data(as_text=True)


def test_apply_save_report_and_track(client, session):
    user, js = jobseeker_user(session)
    v = make_vacancy(session)
    login(client, user.email)
    url = f"/vacancies/{v.id}"
    assert post_form(client, f"{url}/save", {}, form_url=url).status_code == 302
    assert session.scalar(select(SavedVacancy).where(SavedVacancy.user_id == user.id)) is not None
    assert v.title in client.get("/me/saved").get_data(as_text=True)
    resp = post_form(client, f"{url}/apply", {"cover_note": "Xin ứng tuyển"}, form_url=url)
    assert resp.status_code == 302
    resp = post_form(client, f"{url}/apply?lang=en", {"cover_note": ""}, form_url=url)
    assert resp.status_code in (409, 422)
    assert count(session, Application) == 1
    assert v.title in client.get("/me/applications").get_data(as_text=True)
    resp = post_form(client, f"{url}/report", {"reason": "scam", "details": "Đòi tiền cọc"})
    assert resp.status_code == 302
    assert session.scalar(select(PostingReport).where(PostingReport.vacancy_id == v.id)) is not None


def test_report_bad_input(client, session):
    v = make_vacancy(session)
    before = count(session, PostingReport)
    resp = post_form(client, f"/vacancies/{v.id}/report?lang=en", {"reason": "other", "details": ""})
    assert resp.status_code == 422 and "what is wrong" in resp.get_data(as_text=True).lower()
    resp = post_form(client, f"/vacancies/{v.id}/report?lang=en", {"reason": "bogus"})
    assert resp.status_code == 422
    assert count(session, PostingReport) == before


def test_employer_posts_and_moves_applicant_to_hired(client, session):
    emp_user, employer = employer_user(session)
    js_user, js = jobseeker_user(session)
    login(client, emp_user.email)
    resp = post_form(client, "/employer/vacancies/new", vacancy_form(title="Thợ hàn ca đêm"))
    assert resp.status_code == 302
    v = session.scalar(select(Vacancy).where(Vacancy.title == "Thợ hàn ca đêm"))
    assert v is not None
    dashboard = client.get("/employer").get_data(as_text=True)
    assert "Đang tuyển" in dashboard and "<td>open" not in dashboard  # the status in words, not its code
    a = Application(jobseeker_id=js.id, vacancy_id=v.id)
    session.add(a)
    session.flush()
    assert js.full_name in client.get(f"/employer/vacancies/{v.id}/applicants").get_data(as_text=True)
    page = f"/employer/applications/{a.id}"
    resp = post_form(client, f"{page}?lang=en", {"status": "rejected", "reason": "", "note": ""})
    assert resp.status_code == 422 and "reason" in resp.get_data(as_text=True).lower()
    assert post_form(client, page, {"status": "offered", "note": "Mời nhận việc"}).status_code == 302
    assert post_form(client, page, {"status": "hired"}).status_code == 302
    assert session.scalar(select(Placement).where(Placement.vacancy_id == v.id)) is not None
    staff = staff_user(session)
    client.get("/")
    login(client, staff.email)
    assert employer.name in client.get("/staff").get_data(as_text=True)


@pytest.mark.parametrize(
    ("over", "field_message"),
    [
        ({"salary_min": "20000000", "salary_max": "1000"}, "lower than the lowest"),
        ({"quantity": "0"}, "between 1"),
        ({"deadline": "2001-01-01"}, "in the past"),
        ({"title": ""}, "required"),
        ({"min_age": "12"}, "between 15"),
        ({"district_code": ""}, "district"),
    ],
)
def test_vacancy_form_bad_input_422(client, session, over, field_message):
    emp_user, _ = employer_user(session)
    login(client, emp_user.email)
    before = count(session, Vacancy)
    resp = post_form(client, "/employer/vacancies/new?lang=en", vacancy_form(**over))
    assert resp.status_code == 422
    assert field_message.lower() in resp.get_data(as_text=True).lower()
    assert count(session, Vacancy) == before


def test_overseas_order_fee_cap_message(client, session):
    emp_user, _ = employer_user(session, agency=True)
    login(client, emp_user.email)
    before = count(session, Vacancy)
    resp = post_form(client, "/employer/vacancies/new?lang=en", overseas_form(fee_vnd="30000000"))
    assert resp.status_code == 422 and "20.000.000" in resp.get_data(as_text=True)
    assert count(session, Vacancy) == before
    assert post_form(client, "/employer/vacancies/new", overseas_form()).status_code == 302


def test_company_registration_form(client, session):
    user = make_user(session, Role.EMPLOYER)
    login(client, user.email)
    bad = {
        "name": "Công ty A",
        "kind": "agency",
        "tax_code": "12",
        "contact_name": "A",
        "contact_phone": "0912345678",
        "contact_email": "a@b.vn",
        "district_code": "436",
    }
    before = count(session, Employer)
    resp = post_form(client, "/employer/company?lang=en", bad)
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "10 digits" in html and "licence number" in html
    assert count(session, Employer) == before
    good = dict(
        bad,
        tax_code="3009998887",
        licence_no="12/LĐTBXH-GP",
        licence_expires=(TODAY + dt.timedelta(days=100)).isoformat(),
    )
    assert post_form(client, "/employer/company", good).status_code == 302
    assert "Waiting for verification" in client.get("/employer?lang=en").get_data(as_text=True)


def test_staff_verification_walkin_and_reports(client, session):
    staff = staff_user(session)
    pending = make_employer(session, agency=True, verified=False)
    login(client, staff.email)
    assert pending.name in client.get("/staff/verification").get_data(as_text=True)
    url = f"/staff/employers/{pending.id}"
    resp = post_form(client, f"{url}?lang=en", {"decision": "verify"})
    assert resp.status_code == 422 and not pending.is_verified
    assert post_form(client, url, {"decision": "verify", "licence_checked": "y"}).status_code == 302
    session.refresh(pending)
    assert pending.is_verified
    walk = {
        "full_name": "Phan Văn Đức",
        "birth_date": "1990-01-01",
        "sex": "male",
        "phone": "0987654321",
        "district_code": "436",
        "education": "lower_secondary",
    }
    assert post_form(client, "/staff/walkins", walk).status_code == 302
    again = post_form(client, "/staff/walkins?lang=en", dict(walk, full_name="Phan Van Duc"))
    assert again.status_code == 200 and "may already be registered" in again.get_data(as_text=True)
    assert session.scalar(select(func.count()).where(Jobseeker.full_name == "Phan Van Duc")) == 0
    bad = post_form(client, "/staff/walkins?lang=en", dict(walk, phone=""))
    assert bad.status_code == 422


def test_saved_search_page(client, session):
    user, _ = jobseeker_user(session)
    login(client, user.email)
    assert (
        post_form(
            client, "/me/searches", {"q": "tho han", "kind": "domestic", "email_alerts": "y"}
        ).status_code
        == 302
    )
    assert session.scalar(select(SavedSearch).where(SavedSearch.user_id == user.id)) is not None
    resp = post_form(client, "/me/searches?lang=en", {"q": "", "kind": ""})
    assert resp.status_code == 422
    assert count(session, SavedSearch) == 1


def test_home_shows_search_box_and_latest(client, session):
    v = make_vacancy(session, title="Thợ điện công nghiệp")
    html = client.get("/").get_data(as_text=True)
    assert 'action="/vacancies"' in html and v.title in html


def test_jobseeker_pages_render_with_profile(client, session):
    user, _ = jobseeker_user(session)
    make_vacancy(session)
    login(client, user.email)
    for url in ("/me", "/me/applications", "/me/saved", "/me/searches", "/me/profile"):
        assert client.get(url).status_code == 200, url
