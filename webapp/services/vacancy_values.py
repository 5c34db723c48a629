"""A vacancy's values as an employer or the API gives them, and the rules they must meet.

``validate_values`` turns ``VacancyValues`` into column values or raises one
ValidationError that names every bad field, so a form can show them all at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Country,
    Education,
    Employer,
    OverseasProgramme,
    Sex,
    Vacancy,
    VacancyKind,
)
from .errors import ValidationError
from .privacy.rules import MIN_AGE, MIN_AGE_OVERSEAS
from .reference import district_by_code, occupation_by_code

__all__ = ["MAX_AGE", "MAX_DEADLINE_DAYS", "MAX_QUANTITY", "MAX_SALARY", "VacancyValues", "validate_values"]

MAX_AGE = 65
MAX_QUANTITY = 10_000
MAX_SALARY = 2_000_000_000
MAX_DEADLINE_DAYS = 366
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class VacancyValues:
    """Parsed form or API input for a vacancy; ``validate_values`` checks it against the rules."""

    title: str = ""
    description: str = ""
    kind: str = "domestic"
    district_code: str | None = None
    work_address: str = ""
    country_code: str | None = None
    programme_code: str | None = None
    occupation_code: str | None = None
    quantity: int | None = 1
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str = "VND"
    deadline: dt.date | None = None
    min_age: int | None = None
    max_age: int | None = None
    sex_required: str | None = None
    min_education: str | None = None
    min_experience_years: float | None = 0
    language_code: str | None = None
    language_test: str | None = None
    language_level: str | None = None
    required_certificate: str = ""
    employer_abroad: str = ""
    contract_months: int | None = None
    fee_vnd: int | None = None
    deposit_vnd: int | None = None
    departure_date: dt.date | None = None
    benefits: str = ""

    @classmethod
    def from_vacancy(cls, v: Vacancy) -> VacancyValues:
        lang = v.language_requirement or {}
        return cls(
            title=v.title,
            description=v.description,
            kind=v.kind.value,
            district_code=v.district.code if v.district else None,
            work_address=v.work_address,
            country_code=v.country_code,
            programme_code=v.programme.code if v.programme else None,
            occupation_code=v.occupation.isco_code if v.occupation else None,
            quantity=v.quantity,
            salary_min=v.salary_min,
            salary_max=v.salary_max,
            currency=v.currency,
            deadline=v.deadline,
            min_age=v.min_age,
            max_age=v.max_age,
            sex_required=v.sex_required.value if v.sex_required else None,
            min_education=v.min_education.value if v.min_education else None,
            min_experience_years=v.min_experience_years,
            language_code=lang.get("code"),
            language_test=lang.get("test"),
            language_level=lang.get("level"),
            required_certificate=v.required_certificate,
            employer_abroad=v.employer_abroad,
            contract_months=v.contract_months,
            fee_vnd=v.fee_vnd,
            deposit_vnd=v.deposit_vnd,
            departure_date=v.departure_date,
            benefits=v.benefits,
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> VacancyValues:
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


def _money(value: int | None, field: str, errors: dict[str, str]) -> None:
    if value is not None and not 0 <= value <= MAX_SALARY:
        errors[field] = _("Enter an amount between 0 and %(max)s.", max=f"{MAX_SALARY:,}")


def validate_values(
    session: Session, employer: Employer, values: VacancyValues, day: dt.date
) -> dict[str, Any]:
    """Check every rule and return the column values; raise ValidationError listing every problem."""
    e: dict[str, str] = {}
    out: dict[str, Any] = {}
    title = (values.title or "").strip()
    if not title:
        e["title"] = _("Enter a job title.")
    elif len(title) > 255:
        e["title"] = _("The title is too long (at most 255 characters).")
    out["title"] = title
    description = (values.description or "").strip()
    if len(description) > 20_000:
        e["description"] = _("The description is too long.")
    out["description"] = description
    try:
        kind = VacancyKind(values.kind)
    except ValueError:
        e["kind"] = _("Choose domestic or overseas.")
        kind = VacancyKind.DOMESTIC
    out["kind"] = kind
    overseas = kind == VacancyKind.OVERSEAS

    district = None
    if values.district_code:
        district = district_by_code(session, values.district_code)
        if district is None:
            e["district_code"] = _("Choose a district from the list.")
    elif not overseas:
        e["district_code"] = _("Choose the district where the work is.")
    out["district_id"] = district.id if district else None
    out["work_address"] = (values.work_address or "").strip()[:300]

    occupation = None
    if values.occupation_code:
        occupation = occupation_by_code(session, values.occupation_code)
        if occupation is None:
            e["occupation_code"] = _("Choose an occupation from the list.")
    out["occupation_id"] = occupation.id if occupation else None

    qty = values.quantity
    if qty is None or not 1 <= qty <= MAX_QUANTITY:
        e["quantity"] = _("The number of workers must be between 1 and %(max)d.", max=MAX_QUANTITY)
    out["quantity"] = qty or 1

    _money(values.salary_min, "salary_min", e)
    _money(values.salary_max, "salary_max", e)
    if (
        values.salary_min is not None
        and values.salary_max is not None
        and values.salary_min > values.salary_max
        and "salary_min" not in e
    ):
        e["salary_max"] = _("The highest salary must not be lower than the lowest salary.")
    out["salary_min"], out["salary_max"] = values.salary_min, values.salary_max
    currency = (values.currency or "VND").strip().upper()
    if not _CURRENCY.match(currency):
        e["currency"] = _("Enter a three-letter currency code such as VND, KRW or JPY.")
    out["currency"] = currency

    if values.deadline is None:
        e["deadline"] = _("Enter the application deadline.")
    elif values.deadline < day:
        e["deadline"] = _("The deadline is in the past.")
    elif values.deadline > day + dt.timedelta(days=MAX_DEADLINE_DAYS):
        e["deadline"] = _("The deadline may be at most one year ahead.")
    out["deadline"] = values.deadline

    floor = MIN_AGE_OVERSEAS if overseas else MIN_AGE
    for field in ("min_age", "max_age"):
        age = getattr(values, field)
        if age is not None and not floor <= age <= MAX_AGE:
            e[field] = _("Ages must be between %(lo)d and %(hi)d.", lo=floor, hi=MAX_AGE)
    if (
        values.min_age is not None
        and values.max_age is not None
        and values.min_age > values.max_age
        and "min_age" not in e
    ):
        e["max_age"] = _("The maximum age must not be lower than the minimum age.")
    out["min_age"], out["max_age"] = values.min_age, values.max_age
    if overseas and out["min_age"] is None and "min_age" not in e:
        out["min_age"] = MIN_AGE_OVERSEAS  # under-18s are never offered overseas orders

    out["sex_required"] = None
    if values.sex_required:
        try:
            out["sex_required"] = Sex(values.sex_required)
        except ValueError:
            e["sex_required"] = _("Choose a value from the list.")
    out["min_education"] = None
    if values.min_education:
        try:
            out["min_education"] = Education(values.min_education)
        except ValueError:
            e["min_education"] = _("Choose a value from the list.")
    exp = values.min_experience_years or 0
    if not 0 <= exp <= 50:
        e["min_experience_years"] = _("Enter between 0 and 50 years.")
    out["min_experience_years"] = exp
    lang = {
        "code": (values.language_code or "").strip().lower(),
        "test": (values.language_test or "").strip(),
        "level": (values.language_level or "").strip(),
    }
    if lang["code"] and not re.match(r"^[a-z]{2}$", lang["code"]):
        e["language_code"] = _("Choose a language from the list.")
    out["language_requirement"] = lang if lang["code"] else None
    out["required_certificate"] = (values.required_certificate or "").strip()[:200]
    out["benefits"] = (values.benefits or "").strip()

    # Overseas order terms.
    out.update(
        country_code=None,
        programme_id=None,
        employer_abroad="",
        contract_months=None,
        fee_vnd=None,
        deposit_vnd=None,
        departure_date=None,
    )
    if overseas:
        _validate_overseas(session, employer, values, day, out, e)
    elif any(
        getattr(values, f) not in (None, "")
        for f in ("programme_code", "fee_vnd", "deposit_vnd", "departure_date", "employer_abroad")
    ):
        e["kind"] = _("Programme, fees, deposit, employer abroad and departure date are for overseas orders.")
    if e:
        raise ValidationError(_("Please correct the highlighted fields."), e)
    return out


def _validate_overseas(
    session: Session,
    employer: Employer,
    values: VacancyValues,
    day: dt.date,
    out: dict[str, Any],
    e: dict[str, str],
) -> None:
    if not employer.is_agency:
        e["kind"] = _("Only licensed overseas recruitment agencies may post overseas orders.")
        return
    if not employer.licence_expires or employer.licence_expires < day:
        e["kind"] = _(
            "Your recruitment licence expired on %(date)s; renew it and ask the centre to verify it "
            "before posting overseas orders.",
            date=employer.licence_expires.isoformat() if employer.licence_expires else "?",
        )
    programme = None
    if values.programme_code:
        programme = session.scalar(
            select(OverseasProgramme).where(
                OverseasProgramme.code == values.programme_code, OverseasProgramme.active.is_(True)
            )
        )
        if programme is None:
            e["programme_code"] = _("Choose a programme from the list.")
    country_code = (values.country_code or "").upper() or (programme.country_code if programme else None)
    if not country_code or country_code == "VN" or session.get(Country, country_code) is None:
        e["country_code"] = _("Choose the destination country.")
    elif programme is not None and programme.country_code and programme.country_code != country_code:
        e["country_code"] = _(
            "The programme %(p)s sends workers to %(c)s only.", p=programme.code, c=programme.country_code
        )
    out["country_code"] = country_code
    out["programme_id"] = programme.id if programme else None
    out["employer_abroad"] = (values.employer_abroad or "").strip()[:255]
    if not out["employer_abroad"]:
        e["employer_abroad"] = _("Name the employer abroad.")

    months = values.contract_months or (programme.contract_months if programme else None)
    if months is None:
        e["contract_months"] = _("Enter the contract length in months.")
    elif not 1 <= months <= 120:
        e["contract_months"] = _("The contract length must be between 1 and 120 months.")
    out["contract_months"] = months

    rules = (programme.rules or {}) if programme else {}
    lo, hi = rules.get("min_age"), rules.get("max_age")
    if lo is not None and out["min_age"] is not None and out["min_age"] < lo and "min_age" not in e:
        e["min_age"] = _("The programme %(p)s accepts workers from age %(n)d.", p=programme.code, n=lo)  # type: ignore[union-attr]
    if lo is not None and (values.min_age is None):
        out["min_age"] = max(lo, MIN_AGE_OVERSEAS)
    if hi is not None:
        if out["max_age"] is not None and out["max_age"] > hi and "max_age" not in e:
            e["max_age"] = _("The programme %(p)s accepts workers up to age %(n)d.", p=programme.code, n=hi)  # type: ignore[union-attr]
        if values.max_age is None:
            out["max_age"] = hi

    _money(values.fee_vnd, "fee_vnd", e)
    _money(values.deposit_vnd, "deposit_vnd", e)
    cap = rules.get("max_fee_vnd")
    if values.fee_vnd is not None and cap is not None and values.fee_vnd > cap and "fee_vnd" not in e:
        e["fee_vnd"] = _(
            "The service fee of %(fee)s VND is above the cap of %(cap)s VND set for the programme "
            "%(programme)s. Lower the fee to at most %(cap)s VND.",
            fee=f"{values.fee_vnd:,}".replace(",", "."),
            cap=f"{cap:,}".replace(",", "."),
            programme=programme.name_en if programme else "",
        )
    out["fee_vnd"], out["deposit_vnd"] = values.fee_vnd, values.deposit_vnd

    dep = values.departure_date
    if dep is not None:
        if dep < day:
            e["departure_date"] = _("The departure date is in the past.")
        elif values.deadline and dep < values.deadline:
            e["departure_date"] = _("The departure date must be after the application deadline.")
    out["departure_date"] = dep
