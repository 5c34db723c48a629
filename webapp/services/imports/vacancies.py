"""vieclam import vacancies: domestic postings and overseas orders (only from licensed agencies)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold

from ...models import Country, Employer, Occupation, OverseasProgramme, Vacancy, VacancyKind, VacancyStatus
from ..reference import country_codes_by_name
from .common import (
    KIND,
    ImportReport,
    RowCheck,
    RowError,
    RowInvalid,
    alias_map,
    choice,
    country_code,
    country_for_kind,
    employer_for_import,
    fail_on_errors,
    find_district,
    known_occupation_code,
    parse_date,
    parse_int,
    read_table,
    text,
    unique_external_id,
)

COLUMNS = alias_map(
    {
        "external_id": ["ma", "ma tin", "ma don hang", "id"],
        "employer": ["doanh nghiep", "nha tuyen dung", "cong ty", "don vi tuyen dung"],
        "title": ["vi tri", "tieu de", "chuc danh", "vi tri tuyen dung"],
        "description": ["mo ta", "mo ta cong viec"],
        "kind": ["loai", "trong nuoc nuoc ngoai", "hinh thuc"],
        "district": ["huyen", "dia diem", "noi lam viec", "quan huyen"],
        "country": ["nuoc", "quoc gia", "thi truong"],
        "programme": ["chuong trinh"],
        "occupation_code": ["ma nghe"],
        "quantity": ["so luong", "so luong tuyen"],
        "salary_min": ["luong toi thieu", "luong tu"],
        "salary_max": ["luong toi da", "luong den"],
        "currency": ["tien te", "don vi tien"],
        "deadline": ["han nop", "han nop ho so", "het han"],
        "agency_licence_no": ["so giay phep", "giay phep"],
        "agency_licence_expires": ["han giay phep", "ngay het han giay phep"],
    }
)
REQUIRED = ("external_id", "employer", "title", "deadline")


def _agency_licence(
    session: Session, row: dict[str, Any], employer_name: str, today: dt.date
) -> tuple[str, dt.date] | None:
    """The licence an overseas row brings, when its agency has no valid one on file yet:
    only licensed agencies may post overseas orders."""
    existing = session.scalars(select(Employer).where(Employer.name_folded == fold(employer_name))).first()
    if existing is not None and existing.licence_valid_on(today):
        return None
    no = text(row, "agency_licence_no")
    expires = parse_date(row.get("agency_licence_expires"), "agency_licence_expires")
    if not no or expires is None:
        raise RowInvalid(
            _(
                "only licensed agencies may post overseas orders: give agency_licence_no and agency_licence_expires"
            )
        )
    if expires < today:
        raise RowInvalid(_("the agency licence expired on %(d)s", d=expires.isoformat()))
    return (no, expires)


def import_vacancies(
    session: Session, actor: Any, path: Path | str, *, skip_invalid: bool = False
) -> ImportReport:
    report = ImportReport("vacancies")
    countries = {c.code: c for c in session.scalars(select(Country))}
    names = country_codes_by_name(session)
    programmes = {p.code: p for p in session.scalars(select(OverseasProgramme))}
    occupations = {o.isco_code: o.id for o in session.scalars(select(Occupation))}
    today = dt.date.today()
    valid = []
    seen: set[str] = set()
    for line, row in read_table(path, COLUMNS, REQUIRED):
        check = RowCheck()
        ext = check(unique_external_id, row, seen)
        employer_name = text(row, "employer")
        if not fold(employer_name):
            check.fail(_("employer is missing"))
        title = text(row, "title")
        if not title:
            check.fail(_("title is missing"))
        kind = check(choice, row.get("kind") or "domestic", KIND, "kind")
        district = check(find_district, session, row) if text(row, "district") else None
        if not text(row, "district") and kind == "domestic":
            check.fail(_("district is missing for a domestic vacancy"))
        country = country_code(text(row, "country"), names)
        programme = None
        if text(row, "programme"):
            programme = programmes.get(text(row, "programme").upper()) or programmes.get(text(row, "programme"))
            if programme is None:
                check.fail(_("unknown programme: %(v)s", v=text(row, "programme")))
            else:
                country = country or programme.country_code
        if kind is not None:
            country = check(country_for_kind, kind, country, countries, vacancy=True)
        occ = check(known_occupation_code, row, occupations)
        quantity = check(parse_int, row.get("quantity"), "quantity")
        if quantity is not None and quantity <= 0:
            check.fail(_("quantity must be positive"))
        smin = check(parse_int, row.get("salary_min"), "salary_min")
        smax = check(parse_int, row.get("salary_max"), "salary_max")
        if smin is not None and smax is not None and smin > smax:
            check.fail(_("salary_min is above salary_max"))
        if (smin is not None and smin < 0) or (smax is not None and smax < 0):
            check.fail(_("a salary cannot be negative"))
        deadline = check(parse_date, row.get("deadline"), "deadline")
        if deadline is None and not text(row, "deadline"):
            check.fail(_("deadline is missing"))
        licence = check(_agency_licence, session, row, employer_name, today) if kind == "overseas" else None
        if not check.ok or ext is None or deadline is None:
            report.errors.append(RowError(line, check.message))
            continue
        currency = (text(row, "currency") or (countries[country].currency if country else "VND")).upper()
        valid.append((line, ext, employer_name, licence, dict(
            title=title, description=text(row, "description"), kind=VacancyKind(str(kind)),
            status=VacancyStatus.OPEN if deadline >= today else VacancyStatus.EXPIRED,
            district_id=district.id if district else None, country_code=country,
            programme_id=programme.id if programme else None,
            occupation_id=occupations.get(occ) if occ else None, quantity=quantity or 1,
            salary_min=smin, salary_max=smax, currency=currency[:3], deadline=deadline,
            contract_months=programme.contract_months if programme else None,
        )))  # fmt: skip
    fail_on_errors(report, skip_invalid)

    existing_ids = set(session.scalars(select(Vacancy.external_id).where(Vacancy.external_id.in_(seen))))
    cache: dict[str, Employer] = {}
    for _line, ext, employer_name, licence, values in valid:
        if ext in existing_ids:
            report.unchanged += 1
            continue
        employer = employer_for_import(session, actor, employer_name, report, cache, agency_licence=licence)
        session.add(Vacancy(external_id=ext, employer_id=employer.id, **values))
        report.created += 1
    session.flush()
    return report
