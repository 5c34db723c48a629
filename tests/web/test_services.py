"""Services behind the jobseeker, employer and staff pages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.factories import make_employer, make_jobseeker, make_vacancy
from tests.factories_web import TODAY, birth_for_age, employer_user, jobseeker_user, staff_user
from webapp.models import (
    ApplicationStatus,
    Placement,
    VacancyStatus,
    VerificationStatus,
)
from webapp.models.web import AlertNotification, ReportStatus
from webapp.services import alerts, applications, employers, reports, vacancies, walkins
from webapp.services.errors import Conflict, PermissionDenied, ValidationError
from webapp.services.vacancies import VacancyValues

pytestmark = [pytest.mark.usefixtures("app_ctx"), pytest.mark.both_databases]


def overseas_values(**kw):  # type: ignore[no-untyped-def]
    base = dict(
        title="Thợ hàn EPS",
        kind="overseas",
        country_code="KR",
        programme_code="KR_EPS",
        employer_abroad="Hanil Steel",
        contract_months=36,
        quantity=10,
        salary_min=2_000_000,
        salary_max=2_500_000,
        currency="KRW",
        deadline=TODAY + dt.timedelta(days=30),
        fee_vnd=15_000_000,
    )
    base.update(kw)
    return VacancyValues(**base)


# ------------------------------------------------------------------ visibility


def test_public_rule_hides_unverified_and_expired_agencies(session):
    good = make_vacancy(session, overseas=True, programme_code="KR_EPS")
    unverified = make_vacancy(
        session,
        overseas=True,
        programme_code="KR_EPS",
        employer=make_employer(session, agency=True, verified=False),
    )
    expired_agency = make_employer(session, agency=True, licence_expires=TODAY - dt.timedelta(days=1))
    expired = make_vacancy(session, overseas=True, programme_code="KR_EPS", employer=expired_agency)
    past = make_vacancy(session, deadline=TODAY - dt.timedelta(days=1))
    listed = {v.id for v in vacancies.latest_public(session, 500)}
    assert good.id in listed
    assert {unverified.id, expired.id, past.id}.isdisjoint(listed)
    reason = vacancies.hidden_reason(expired)
    assert reason and "expired" in reason and expired_agency.name in reason
    assert vacancies.licence_badge(good.employer)[0] == "ok"
    assert vacancies.licence_badge(expired_agency)[0] == "err"
    # Anyone following an old link learns why.
    with pytest.raises(Exception, match="expired"):
        vacancies.get_vacancy_for_view(session, None, expired.id)


def test_expire_closes_past_deadline(session):
    old = make_vacancy(session, deadline=TODAY - dt.timedelta(days=2))
    fresh = make_vacancy(session)
    assert vacancies.expire_vacancies(session) >= 1
    assert old.status == VacancyStatus.EXPIRED and fresh.status == VacancyStatus.OPEN


# ------------------------------------------------------------------ posting


def test_fee_above_programme_cap_is_refused_citing_the_cap(session):
    user, _ = employer_user(session, agency=True)
    with pytest.raises(ValidationError) as err:
        vacancies.create_vacancy(session, user, overseas_values(fee_vnd=25_000_000))
    assert "20.000.000" in err.value.field_errors["fee_vnd"]


def test_age_limits_must_stay_within_programme_rules(session):
    user, _ = employer_user(session, agency=True)
    with pytest.raises(ValidationError) as err:
        vacancies.create_vacancy(session, user, overseas_values(min_age=16, max_age=45))
    assert set(err.value.field_errors) >= {"min_age", "max_age"}
    v = vacancies.create_vacancy(session, user, overseas_values())
    assert (v.min_age, v.max_age) == (18, 39)  # the programme's limits fill the gaps


def test_enterprise_cannot_post_overseas_and_salary_range_checked(session):
    user, _ = employer_user(session)
    with pytest.raises(ValidationError) as err:
        vacancies.create_vacancy(session, user, overseas_values())
    assert "kind" in err.value.field_errors
    with pytest.raises(ValidationError) as err:
        vacancies.create_vacancy(
            session,
            user,
            VacancyValues(
                title="X",
                district_code="436",
                quantity=0,
                salary_min=10,
                salary_max=5,
                deadline=TODAY - dt.timedelta(days=1),
            ),
        )
    assert set(err.value.field_errors) >= {"quantity", "salary_max", "deadline"}


def test_copy_makes_a_draft_and_publish_rechecks(session):
    user, employer = employer_user(session)
    v = make_vacancy(session, employer=employer)
    copy = vacancies.copy_vacancy(session, user, v.id)
    assert copy.status == VacancyStatus.DRAFT and copy.title == v.title and copy.id != v.id
    vacancies.publish_vacancy(session, user, copy.id)
    assert copy.status == VacancyStatus.OPEN
    other, _ = employer_user(session)
    with pytest.raises(PermissionDenied):
        vacancies.close_vacancy(session, other, v.id)


def test_employer_registration_and_verification(session):
    from tests.factories import make_user
    from webapp.models import Role

    user = make_user(session, Role.EMPLOYER)
    values = employers.EmployerValues(
        name="Công ty CP Nhân lực Hà Tĩnh",
        kind="agency",
        tax_code="3001234567",
        district_code="436",
        contact_name="Lê Văn C",
        contact_phone="0912345678",
        contact_email="hr@nhanluc.vn",
        licence_no="88/LĐTBXH-GP",
        licence_expires=TODAY + dt.timedelta(days=200),
    )
    emp = employers.register_employer(session, user, values)
    assert emp.verification == VerificationStatus.PENDING and user.employer_id == emp.id
    staff = staff_user(session)
    assert emp in employers.verification_queue(session, staff)
    with pytest.raises(ValidationError):
        employers.verify_employer(session, staff, emp.id, "verify")  # licence not confirmed
    employers.verify_employer(session, staff, emp.id, "verify", licence_checked=True)
    assert emp.is_verified
    # Changing the licence sends it back to the queue.
    values.licence_no = "99/LĐTBXH-GP"
    employers.update_employer(session, user, emp.id, values)
    assert emp.verification == VerificationStatus.PENDING
    with pytest.raises(PermissionDenied):
        employers.verify_employer(session, user, emp.id, "verify", licence_checked=True)


# ------------------------------------------------------------------ applications


def test_apply_once_pipeline_and_hire_creates_placement(session):
    js_user, js = jobseeker_user(session)
    emp_user, employer = employer_user(session)
    v = make_vacancy(session, employer=employer)
    app_row = applications.apply(session, js_user, v.id, "Tôi có 3 năm kinh nghiệm")
    with pytest.raises(Conflict):
        applications.apply(session, js_user, v.id)
    for status in ("shortlisted", "interviewed", "offered"):
        applications.change_status(session, emp_user, app_row.id, status, note=f"ok {status}")
    with pytest.raises(ValidationError):
        applications.change_status(session, emp_user, app_row.id, "applied")
    applications.change_status(session, emp_user, app_row.id, "hired")
    assert app_row.status == ApplicationStatus.HIRED
    assert [e.to_status.value for e in app_row.events] == [
        "applied",
        "shortlisted",
        "interviewed",
        "offered",
        "hired",
    ]
    placement = session.scalar(select(Placement).where(Placement.vacancy_id == v.id))
    assert placement is not None and placement.jobseeker_id == js.id
    with pytest.raises(ValidationError):
        applications.withdraw(session, js_user, app_row.id)


def test_reject_needs_reason_from_list(session):
    js_user, _ = jobseeker_user(session)
    emp_user, employer = employer_user(session)
    v = make_vacancy(session, employer=employer)
    a = applications.apply(session, js_user, v.id)
    with pytest.raises(ValidationError):
        applications.change_status(session, emp_user, a.id, "rejected", reason="because")
    applications.change_status(session, emp_user, a.id, "rejected", reason="experience", note="Cần 5 năm")
    assert a.reject_reason == "experience"
    other_user, _ = employer_user(session)
    with pytest.raises(PermissionDenied):
        applications.change_status(session, other_user, a.id, "shortlisted")


def test_under_18_cannot_apply_overseas(session):
    user, _ = jobseeker_user(session, birth_date=birth_for_age(17))
    v = make_vacancy(session, overseas=True, programme_code="KR_EPS")
    with pytest.raises(ValidationError, match="18"):
        applications.apply(session, user, v.id)


def test_withdraw_only_own(session):
    user, _ = jobseeker_user(session)
    other, _ = jobseeker_user(session)
    v = make_vacancy(session)
    a = applications.apply(session, user, v.id)
    with pytest.raises(PermissionDenied):
        applications.withdraw(session, other, a.id)
    applications.withdraw(session, user, a.id)
    assert a.status == ApplicationStatus.WITHDRAWN


# ------------------------------------------------------------------ alerts, reports, walk-ins


def test_saved_search_alert_fires_on_publish(session):
    user, _ = jobseeker_user(session)
    search = alerts.create_saved_search(session, user, query="tho han", filters={"kind": "domestic"})
    emp_user, _ = employer_user(session)
    v = vacancies.create_vacancy(
        session,
        emp_user,
        VacancyValues(title="Thợ hàn CO2", district_code="449", deadline=TODAY + dt.timedelta(days=10)),
    )
    vacancies.create_vacancy(
        session,
        emp_user,
        VacancyValues(title="Kế toán", district_code="449", deadline=TODAY + dt.timedelta(days=10)),
    )
    notes = session.scalars(
        select(AlertNotification).where(AlertNotification.saved_search_id == search.id)
    ).all()
    assert [n.vacancy_id for n in notes] == [v.id]


def test_minor_gets_no_overseas_alert(session):
    user, _ = jobseeker_user(session, birth_date=birth_for_age(16))
    search = alerts.create_saved_search(session, user, query="han")
    v = make_vacancy(session, overseas=True, programme_code="KR_EPS", title="Thợ hàn Hàn Quốc")
    assert alerts.notify_for_vacancy(session, v) == 0
    assert not search.notifications


def test_report_lands_in_queue_and_uphold_closes(session):
    v = make_vacancy(session)
    r = reports.report_posting(
        session, None, v.id, "fee_personal_account", "Yêu cầu chuyển 50 triệu vào tài khoản cá nhân"
    )
    staff = staff_user(session)
    assert r in reports.open_reports(session, staff)
    with pytest.raises(ValidationError):
        reports.report_posting(session, None, v.id, "nonsense")
    reports.resolve_report(session, staff, r.id, "uphold", "Đã xác minh")
    assert r.status == ReportStatus.UPHELD and v.status == VacancyStatus.CLOSED


def test_walkin_warns_on_similar_person_and_merges(session):
    staff = staff_user(session)
    existing = make_jobseeker(
        session, full_name="Nguyễn Văn Bình", birth_date=dt.date(1995, 3, 4), phone="0912000111"
    )
    values = walkins.WalkinValues(
        full_name="Nguyen Van Binh",
        sex="male",
        birth_date=dt.date(1995, 3, 4),
        phone="0912 000 111",
        district_code="436",
        education="upper_secondary",
        desired_title="Lái xe",
    )
    result = walkins.register_walkin(session, staff, values)
    assert result.jobseeker is None and result.duplicates[0].jobseeker.id == existing.id
    merged = walkins.merge_walkin(session, staff, existing.id, values)
    assert merged.id == existing.id and merged.desired_title == "Lái xe"
    forced = walkins.register_walkin(session, staff, values, confirm_new=True)
    assert forced.jobseeker is not None and forced.jobseeker.id != existing.id


def test_walkin_finds_same_phone_in_international_form_but_not_erased_people(session):
    """The desk and the fair door share one check: "+84 912 ..." is the same phone as
    "0912 ...", and a person whose record was erased is never offered as a match."""
    from webapp.services.fairs.registration import similar_jobseekers

    on_file = make_jobseeker(
        session, full_name="Trần Thị Hoa", birth_date=dt.date(1999, 1, 2), phone="0912345678"
    )
    found = walkins.find_similar(session, "Tran Thi Hoa", None, "+84 912 345 678")
    assert [d.jobseeker.id for d in found] == [on_file.id] and found[0].same_phone
    assert [js.id for js, _score in similar_jobseekers(session, "Tran Thi Hoa", None, "+84912345678")] == [
        on_file.id
    ]
    on_file.status = "erased"
    session.flush()
    assert walkins.find_similar(session, "Tran Thi Hoa", None, "0912345678") == []
