"""Factories for the web pages' tests: users with their profile or company attached."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from tests.factories import make_employer, make_jobseeker, make_user
from webapp.models import Employer, Jobseeker, Role, User, Vacancy
from webapp.services.crypto import encrypt_national_id

TODAY = dt.date.today()


def jobseeker_user(session: Session, **kw: Any) -> tuple[User, Jobseeker]:
    user = make_user(session, Role.JOBSEEKER)
    national_id = kw.pop("national_id", None)
    js = make_jobseeker(session, user_id=user.id, **kw)
    if national_id:
        js.national_id_enc, js.national_id_hash = encrypt_national_id(
            national_id, {"SECRET_KEY": "test-secret", "ENV": "testing"}
        )
        session.flush()
    return user, js


def employer_user(session: Session, **kw: Any) -> tuple[User, Employer]:
    employer = make_employer(session, **kw)
    user = make_user(session, Role.EMPLOYER, employer_id=employer.id)
    return user, employer


def staff_user(session: Session) -> User:
    return make_user(session, Role.STAFF)


def birth_for_age(years: int) -> dt.date:
    return TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=10)


def vacancy_form(v: Vacancy | None = None, **over: Any) -> dict[str, str]:
    """A valid domestic vacancy form (the page's field names)."""
    data = {
        "title": "Thợ hàn điện",
        "kind": "domestic",
        "description": "Hàn kết cấu thép",
        "occupation_code": "7212",
        "district_code": "449",
        "quantity": "3",
        "salary_min": "9000000",
        "salary_max": "12000000",
        "currency": "VND",
        "deadline": (TODAY + dt.timedelta(days=20)).isoformat(),
        "min_experience_years": "0",
        "action": "publish",
    }
    data.update({k: str(v) for k, v in over.items()})
    return data


def overseas_form(**over: Any) -> dict[str, str]:
    data = vacancy_form(
        kind="overseas",
        title="Thợ hàn làm việc tại Hàn Quốc",
        district_code="",
        country_code="KR",
        programme_code="KR_EPS",
        employer_abroad="Hanil Steel Co.",
        contract_months="36",
        fee_vnd="15000000",
        deposit_vnd="0",
        salary_min="2000000",
        salary_max="2500000",
        currency="KRW",
        departure_date=(TODAY + dt.timedelta(days=90)).isoformat(),
    )
    data.update({k: str(v) for k, v in over.items()})
    return data
