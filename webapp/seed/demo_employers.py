"""The demo's employers (enterprises in and outside the Vũng Áng Economic Zone, licensed
overseas agencies, one with an expired licence) and their vacancies, from the catalogue."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold

from ..models import District, Employer, Occupation, OverseasProgramme, Skill, User, Vacancy
from ..models.enums import (
    Education,
    EmployerKind,
    Sex,
    VacancyKind,
    VacancyStatus,
    VerificationStatus,
)
from .catalogue import EMPLOYERS, VACANCIES, EmployerSpec, VacancySpec

__all__ = ["seed_employers", "seed_vacancies"]


# ------------------------------------------------------------------ employers


def seed_employers(
    session: Session, rng: random.Random, districts: dict[str, District], today: dt.date, verifier: User
) -> dict[str, Employer]:
    out: dict[str, Employer] = {}
    for i, spec in enumerate(EMPLOYERS):
        emp = _employer(spec, i, rng, districts, today, verifier)
        session.add(emp)
        out[spec.key] = emp
    session.flush()
    return out


def _employer(
    spec: EmployerSpec,
    i: int,
    rng: random.Random,
    districts: dict[str, District],
    today: dt.date,
    verifier: User,
) -> Employer:
    district = districts[spec.district]
    agency = spec.kind == "agency"
    verified = spec.verification == "verified"
    emp = Employer(
        name=spec.name,
        name_folded=fold(spec.name),
        kind=EmployerKind(spec.kind),
        tax_code=f"30{i:02d}{rng.randrange(100000, 999999)}",
        industry=spec.industry,
        district_id=district.id,
        economic_zone=spec.economic_zone,
        address=(f"{spec.economic_zone}, " if spec.economic_zone else "") + f"{district.name}, Hà Tĩnh",
        contact_name=rng.choice(["Phòng Nhân sự", "Phòng Tuyển dụng", "Bộ phận Hành chính"]),
        contact_phone=f"0239{rng.randrange(3_000_000, 3_999_999)}",
        contact_email=f"tuyendung@{spec.key}.vieclam.vn",
        description=spec.description,
        verification=VerificationStatus(spec.verification),
        verified_at=dt.datetime(today.year - 1, 3, 15, 9, 0) if verified else None,
        verified_by_id=verifier.id if verified else None,
    )
    if agency:
        emp.licence_no = f"{rng.randrange(10, 400)}/LĐTBXH-GP"
        if spec.licence_expired:
            emp.licence_expires = today - dt.timedelta(days=rng.randint(60, 200))
        else:
            emp.licence_expires = today + dt.timedelta(days=rng.randint(300, 1500))
    return emp


# ------------------------------------------------------------------ vacancies


def _round_money(value: float, currency: str) -> int:
    step = {"VND": 500_000, "KRW": 10_000, "JPY": 5_000, "HUF": 10_000, "TWD": 10}.get(currency, 100)
    return max(step, int(round(value / step)) * step)


def seed_vacancies(
    session: Session, rng: random.Random, employers: dict[str, Employer], today: dt.date, per_spec: int
) -> int:
    programmes = {p.code: p for p in session.scalars(select(OverseasProgramme))}
    occupations = {o.isco_code: o for o in session.scalars(select(Occupation))}
    skills = {s.name: s for s in session.scalars(select(Skill))}
    n = 0
    for spec in VACANCIES:
        for k in range(per_spec):
            emp = employers[spec.employers[k % len(spec.employers)]]
            session.add(_vacancy(spec, emp, k, rng, today, programmes, occupations, skills))
            n += 1
    # An old order from the agency whose licence has expired: visible as closed, never open.
    expired_agency = next(
        e for s, e in employers.items() if any(x.key == s and x.licence_expired for x in EMPLOYERS)
    )
    spec = VACANCIES[next(i for i, v in enumerate(VACANCIES) if v.programme == "TW_FACTORY")]
    v = _vacancy(spec, expired_agency, 99, rng, today, programmes, occupations, skills)
    v.status, v.deadline = VacancyStatus.EXPIRED, today - dt.timedelta(days=120)
    session.add(v)
    session.flush()
    return n + 1


def _vacancy(
    spec: VacancySpec,
    emp: Employer,
    k: int,
    rng: random.Random,
    today: dt.date,
    programmes: dict[str, OverseasProgramme],
    occupations: dict[str, Occupation],
    skills: dict[str, Skill],
) -> Vacancy:
    roll = rng.random()
    if k == 0 or roll < 0.7:
        status = VacancyStatus.OPEN
        posted = today - dt.timedelta(days=rng.randint(0, 45))
        deadline = today + dt.timedelta(days=rng.randint(7, 75))
    else:
        status = VacancyStatus.CLOSED if roll < 0.85 else VacancyStatus.EXPIRED
        posted = today - dt.timedelta(days=rng.randint(90, 400))
        deadline = posted + dt.timedelta(days=rng.randint(20, 60))
    if emp.verification != VerificationStatus.VERIFIED:
        status = VacancyStatus.DRAFT  # published once staff have verified the employer
    lo, hi = spec.salary
    # Never below the quoted floor: for Taiwan and Korea it is the legal minimum wage.
    f = 1.0 + 0.08 * rng.random()
    smin, smax = _round_money(lo * f, spec.currency), _round_money(hi * f, spec.currency)
    programme = programmes.get(spec.programme or "")
    fee = spec.fee_vnd
    if fee is not None:
        fee = int(fee * (0.9 + 0.1 * rng.random()) / 1_000_000) * 1_000_000
        cap = (programme.rules or {}).get("max_fee_vnd") if programme else None
        if cap is not None:
            fee = min(fee, int(cap))
    overseas = spec.kind == "overseas"
    district_id = None if overseas else emp.district_id
    qlo, qhi = spec.quantity
    suffix = ""
    if not overseas and k % 2 == 1 and emp.economic_zone:
        suffix = " – KKT Vũng Áng"
    elif k == 2:
        suffix = " – tuyển gấp"
    return Vacancy(
        employer_id=emp.id,
        title=spec.title + suffix,
        description=spec.description,
        kind=VacancyKind(spec.kind),
        status=status,
        district_id=district_id,
        work_address=spec.employer_abroad if overseas else emp.address,
        country_code=spec.country if overseas else None,
        programme_id=programme.id if programme else None,
        occupation_id=occupations[spec.isco].id if spec.isco in occupations else None,
        quantity=rng.randint(qlo, qhi),
        salary_min=smin,
        salary_max=max(smin, smax),
        currency=spec.currency,
        posted_at=dt.datetime(posted.year, posted.month, posted.day, 8, 30),
        deadline=deadline,
        min_age=spec.min_age,
        max_age=spec.max_age,
        sex_required=Sex(spec.sex) if spec.sex else None,
        min_education=Education(spec.min_education) if spec.min_education else None,
        min_experience_years=spec.min_experience,
        language_requirement=spec.language,
        required_certificate=spec.certificate,
        employer_abroad=spec.employer_abroad,
        contract_months=spec.contract_months,
        fee_vnd=fee,
        deposit_vnd=spec.deposit_vnd,
        departure_date=(deadline + dt.timedelta(days=rng.randint(60, 150))) if overseas else None,
        benefits=spec.benefits or ("Đóng bảo hiểm xã hội đầy đủ." if not overseas else ""),
        skills=[skills[s] for s in spec.skills if s in skills],
    )
