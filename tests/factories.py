"""Small factories with readable traits: make_vacancy(session, overseas=True, programme="KR_EPS")."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold
from webapp.models import (
    Country,
    District,
    Education,
    Employer,
    EmployerKind,
    Jobseeker,
    JobseekerLanguage,
    Occupation,
    OverseasProgramme,
    Role,
    Sex,
    User,
    Vacancy,
    VacancyKind,
    VacancyStatus,
    VerificationStatus,
)
from webapp.services.accounts import hash_password

_seq = itertools.count(1)
PASSWORD = "Test-password-2026"
# Staff and admin users made here carry this TOTP secret, so tests.helpers.login can answer
# the second-factor step (pass totp_secret=None for a staff member who has not enrolled yet).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_HASH: dict[str, str] = {}
TODAY = dt.date.today()


def district(session: Session, code: str = "436") -> District:
    d = session.scalar(select(District).where(District.code == code))
    assert d is not None, f"reference district {code} missing"
    return d


def occupation(session: Session, isco: str = "7212") -> Occupation:
    o = session.scalar(select(Occupation).where(Occupation.isco_code == isco))
    assert o is not None, f"reference occupation {isco} missing"
    return o


def programme(session: Session, code: str) -> OverseasProgramme:
    p = session.scalar(select(OverseasProgramme).where(OverseasProgramme.code == code))
    assert p is not None, f"reference programme {code} missing"
    return p


def make_user(session: Session, role: Role | str = Role.JOBSEEKER, **kw: Any) -> User:
    n = next(_seq)
    if PASSWORD not in _HASH:
        _HASH[PASSWORD] = hash_password(PASSWORD)  # hashing is slow on purpose; do it once
    if Role(role) in (Role.STAFF, Role.ADMIN):
        kw.setdefault("totp_secret", TEST_TOTP_SECRET)
    user = User(
        email=kw.pop("email", f"user{n}@example.vn"),
        password_hash=_HASH[PASSWORD],
        role=Role(role),
        display_name=kw.pop("display_name", f"Người dùng {n}"),
        **kw,
    )
    session.add(user)
    session.flush()
    return user


def make_employer(
    session: Session,
    *,
    agency: bool = False,
    verified: bool = True,
    licence_expires: dt.date | None = None,
    with_user: bool = False,
    **kw: Any,
) -> Employer:
    n = next(_seq)
    name = kw.pop(
        "name", f"Công ty TNHH Thép Vũng Áng {n}" if not agency else f"Công ty CP Nhân lực Quốc tế {n}"
    )
    employer = Employer(
        name=name,
        name_folded=fold(name),
        kind=EmployerKind.AGENCY if agency else EmployerKind.ENTERPRISE,
        tax_code=kw.pop("tax_code", f"30{n:08d}"),
        district_id=kw.pop("district_id", None) or district(session, "449").id,
        verification=VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING,
        licence_no=f"{n:03d}/LĐTBXH-GP" if agency else None,
        licence_expires=(licence_expires or TODAY + dt.timedelta(days=365)) if agency else None,
        **kw,
    )
    session.add(employer)
    session.flush()
    if with_user:
        make_user(session, Role.EMPLOYER, employer_id=employer.id)
    return employer


def make_vacancy(
    session: Session,
    *,
    employer: Employer | None = None,
    overseas: bool = False,
    programme_code: str | None = None,
    **kw: Any,
) -> Vacancy:
    if employer is None:
        employer = make_employer(session, agency=overseas)
    prog = programme(session, programme_code) if programme_code else None
    country = kw.pop("country_code", None) or (prog.country_code if prog else ("TW" if overseas else None))
    vacancy = Vacancy(
        employer_id=employer.id,
        title=kw.pop("title", "Thợ hàn điện"),
        description=kw.pop("description", "Hàn kết cấu thép, làm việc theo ca."),
        kind=VacancyKind.OVERSEAS if overseas else VacancyKind.DOMESTIC,
        status=kw.pop("status", VacancyStatus.OPEN),
        district_id=kw.pop("district_id", None) or (None if overseas else district(session, "449").id),
        country_code=country,
        programme_id=prog.id if prog else None,
        occupation_id=kw.pop("occupation_id", None) or occupation(session, kw.pop("isco", "7212")).id,
        quantity=kw.pop("quantity", 5),
        salary_min=kw.pop("salary_min", 9_000_000),
        salary_max=kw.pop("salary_max", 14_000_000),
        currency=kw.pop("currency", "VND"),
        deadline=kw.pop("deadline", TODAY + dt.timedelta(days=30)),
        **kw,
    )
    session.add(vacancy)
    session.flush()
    return vacancy


def make_jobseeker(
    session: Session, *, with_user: bool = False, languages: list[tuple[str, str, str]] = (), **kw: Any
) -> Jobseeker:  # type: ignore[assignment]
    n = next(_seq)
    user_id = None
    if with_user:
        user_id = make_user(session, Role.JOBSEEKER).id
    js = Jobseeker(
        user_id=kw.pop("user_id", user_id),
        full_name=kw.pop("full_name", f"Nguyễn Văn An {n}"),
        sex=Sex(kw.pop("sex", Sex.MALE)),
        birth_date=kw.pop("birth_date", dt.date(1998, 5, 17)),
        phone=kw.pop("phone", f"09{n:08d}"),
        district_id=kw.pop("district_id", None) or district(session, kw.pop("district_code", "445")).id,
        education=Education(kw.pop("education", Education.UPPER_SECONDARY)),
        occupation_id=kw.pop("occupation_id", None) or occupation(session, kw.pop("isco", "7212")).id,
        desired_title=kw.pop("desired_title", "Thợ hàn"),
        experience_years=kw.pop("experience_years", 3),
        searchable=kw.pop("searchable", True),
        **kw,
    )
    for code, test, level in languages:
        js.languages.append(JobseekerLanguage(code=code, test=test, level=level))
    session.add(js)
    session.flush()
    return js


def country(session: Session, code: str) -> Country:
    c = session.get(Country, code)
    assert c is not None
    return c
