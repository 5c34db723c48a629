"""Who may see a vacancy: the one place the public-visibility rule is written.

A vacancy is public while it is open, before its deadline, from a verified
employer, and, for an overseas order, from an agency whose licence is still
valid. Orders from unverified or expired agencies are never listed.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, or_

from ..models import Employer, EmployerKind, Vacancy, VacancyKind, VacancyStatus, VerificationStatus

__all__ = ["hidden_reason", "is_public", "licence_badge", "public_clause", "today"]


def today() -> dt.date:
    return dt.date.today()


def public_clause(day: dt.date) -> ColumnElement[bool]:
    """SQL condition for vacancies anyone may see; the query must join Employer."""
    return and_(
        Vacancy.status == VacancyStatus.OPEN,
        Vacancy.deadline >= day,
        Employer.verification == VerificationStatus.VERIFIED,
        or_(
            Vacancy.kind == VacancyKind.DOMESTIC,
            and_(Employer.kind == EmployerKind.AGENCY, Employer.licence_expires >= day),
        ),
    )


def is_public(vacancy: Vacancy, day: dt.date | None = None) -> bool:
    return hidden_reason(vacancy, day) is None


def hidden_reason(vacancy: Vacancy, day: dt.date | None = None) -> str | None:
    """Why a vacancy is not shown to the public, in words; None when it is shown."""
    day = day or today()
    employer = vacancy.employer
    if vacancy.status == VacancyStatus.DRAFT:
        return _("This vacancy is a draft and has not been published.")
    if vacancy.status != VacancyStatus.OPEN or vacancy.deadline < day:
        return _("This vacancy is closed: the application deadline has passed or the employer closed it.")
    if employer.verification != VerificationStatus.VERIFIED:
        return _("The employer has not yet been verified by the Employment Service Centre.")
    if vacancy.is_overseas:
        if not employer.is_agency:
            return _("Only licensed recruitment agencies may publish overseas orders.")
        if not employer.licence_expires or employer.licence_expires < day:
            return _(
                "The recruitment licence of %(agency)s expired on %(date)s, so its overseas orders are "
                "hidden. Do not pay any fee to this agency until its licence is renewed.",
                agency=employer.name,
                date=employer.licence_expires.isoformat() if employer.licence_expires else "?",
            )
    return None


def licence_badge(employer: Employer, day: dt.date | None = None) -> tuple[str, str]:
    """(css class, label) for an agency's licence: shown on every overseas order."""
    day = day or today()
    if not employer.is_agency:
        return ("", "")
    if employer.verification != VerificationStatus.VERIFIED:
        return ("err", _("Licence not verified"))
    if not employer.licence_expires or employer.licence_expires < day:
        return ("err", _("Licence expired"))
    return ("ok", _("Licence verified and valid until %(date)s", date=employer.licence_expires.isoformat()))
