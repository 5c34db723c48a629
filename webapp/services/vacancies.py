"""Vacancies and overseas orders: who may see them, posting, editing, closing, copying, expiry.

The visibility rule lives here once (``public_clause`` for queries, ``is_public``
for one row): a vacancy is public while it is open, before its deadline, from a
verified employer, and, for an overseas order, from an agency whose licence is
still valid. Orders from unverified or expired agencies are never listed.
The values a vacancy is written from, and their rules, are in ``vacancy_values``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Employer, Vacancy, VacancyKind, VacancyStatus, utcnow
from . import alerts, permissions
from .errors import NotFound, PermissionDenied, ValidationError
from .vacancy_values import VacancyValues, validate_values
from .visibility import hidden_reason, is_public, licence_badge, public_clause

__all__ = [
    "VacancyValues",
    "close_vacancy",
    "copy_vacancy",
    "create_vacancy",
    "expire_vacancies",
    "get_vacancy_for_view",
    "hidden_reason",
    "is_public",
    "latest_public",
    "licence_badge",
    "public_clause",
    "publish_vacancy",
    "update_vacancy",
]


def today() -> dt.date:
    return dt.date.today()


def latest_public(
    session: Session, limit: int = 10, day: dt.date | None = None, *, include_overseas: bool = True
) -> list[Vacancy]:
    day = day or today()
    stmt = select(Vacancy).join(Employer, Vacancy.employer_id == Employer.id).where(public_clause(day))
    if not include_overseas:
        stmt = stmt.where(Vacancy.kind == VacancyKind.DOMESTIC)
    return list(session.scalars(stmt.order_by(Vacancy.posted_at.desc(), Vacancy.id.desc()).limit(limit)))


def get_vacancy(session: Session, vacancy_id: int) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound(_("There is no vacancy with this number."))
    return vacancy


def get_vacancy_for_view(
    session: Session, actor: Any, vacancy_id: int, day: dt.date | None = None
) -> Vacancy:
    """The vacancy if the actor may see it: public ones for everyone, the rest for its employer and staff.

    Others get NotFound with the reason, so a person following an old link learns
    why an order disappeared (for example an expired agency licence).
    """
    vacancy = get_vacancy(session, vacancy_id)
    reason = hidden_reason(vacancy, day)
    if reason is None or permissions.can_edit_vacancy(actor, vacancy):
        return vacancy
    raise NotFound(reason)


def vacancies_of_employer(session: Session, actor: Any, employer_id: int) -> list[Vacancy]:
    employer = session.get(Employer, employer_id)
    if employer is None or not permissions.can_edit_employer(actor, employer):
        raise PermissionDenied(_("You cannot see this company's vacancies."))
    return list(
        session.scalars(
            select(Vacancy).where(Vacancy.employer_id == employer_id).order_by(Vacancy.posted_at.desc())
        )
    )


# ------------------------------------------------------------------ writing


def _require_employer(session: Session, actor: Any) -> Employer:
    if permissions.is_staff(actor):
        raise PermissionDenied(_("Staff post vacancies through an employer's account or an import."))
    permissions.require_role(actor, permissions.Role.EMPLOYER)
    employer = session.get(Employer, actor.employer_id) if actor.employer_id else None
    if employer is None:
        raise PermissionDenied(_("Register your company before posting vacancies."))
    return employer


def _after_publish(session: Session, vacancy: Vacancy, day: dt.date) -> None:
    if is_public(vacancy, day):
        alerts.notify_for_vacancy(session, vacancy, day)


def create_vacancy(
    session: Session, actor: Any, values: VacancyValues, *, publish: bool = True, day: dt.date | None = None
) -> Vacancy:
    day = day or today()
    employer = _require_employer(session, actor)
    cols = validate_values(session, employer, values, day)
    vacancy = Vacancy(
        employer_id=employer.id,
        status=VacancyStatus.OPEN if publish else VacancyStatus.DRAFT,
        posted_at=utcnow(),
        **cols,
    )
    vacancy.employer = employer
    session.add(vacancy)
    session.flush()
    if publish:
        _after_publish(session, vacancy, day)
    return vacancy


def update_vacancy(
    session: Session, actor: Any, vacancy_id: int, values: VacancyValues, *, day: dt.date | None = None
) -> Vacancy:
    day = day or today()
    vacancy = get_vacancy(session, vacancy_id)
    permissions.require_edit_vacancy(actor, vacancy)
    if vacancy.status in (VacancyStatus.CLOSED, VacancyStatus.EXPIRED):
        raise ValidationError(_("This vacancy is closed. Copy it to post it again."))
    cols = validate_values(session, vacancy.employer, values, day)
    for key, value in cols.items():
        setattr(vacancy, key, value)
    session.flush()
    return vacancy


def publish_vacancy(session: Session, actor: Any, vacancy_id: int, *, day: dt.date | None = None) -> Vacancy:
    day = day or today()
    vacancy = get_vacancy(session, vacancy_id)
    permissions.require_edit_vacancy(actor, vacancy)
    if vacancy.status != VacancyStatus.DRAFT:
        raise ValidationError(_("Only drafts can be published."))
    # Re-check every rule: a draft copied from an old order may break them now.
    validate_values(session, vacancy.employer, VacancyValues.from_vacancy(vacancy), day)
    vacancy.status = VacancyStatus.OPEN
    vacancy.posted_at = utcnow()
    session.flush()
    _after_publish(session, vacancy, day)
    return vacancy


def close_vacancy(session: Session, actor: Any, vacancy_id: int) -> Vacancy:
    vacancy = get_vacancy(session, vacancy_id)
    permissions.require_edit_vacancy(actor, vacancy)
    if vacancy.status in (VacancyStatus.CLOSED, VacancyStatus.EXPIRED):
        raise ValidationError(_("This vacancy is already closed."))
    vacancy.status = VacancyStatus.CLOSED
    session.flush()
    return vacancy


def copy_vacancy(session: Session, actor: Any, vacancy_id: int, *, day: dt.date | None = None) -> Vacancy:
    """A draft with the same terms and a fresh deadline, for the employer to check and publish."""
    day = day or today()
    source = get_vacancy(session, vacancy_id)
    permissions.require_edit_vacancy(actor, source)
    if permissions.is_staff(actor):
        raise PermissionDenied(_("Only the employer can copy its vacancies."))
    length = max((source.deadline - source.posted_at.date()).days, 7)
    copy = Vacancy(
        employer_id=source.employer_id,
        status=VacancyStatus.DRAFT,
        posted_at=utcnow(),
        deadline=max(source.deadline, day + dt.timedelta(days=min(length, 60))),
        **{
            c: getattr(source, c)
            for c in (
                "title",
                "description",
                "kind",
                "district_id",
                "work_address",
                "country_code",
                "programme_id",
                "occupation_id",
                "quantity",
                "salary_min",
                "salary_max",
                "currency",
                "min_age",
                "max_age",
                "sex_required",
                "min_education",
                "min_experience_years",
                "language_requirement",
                "required_certificate",
                "employer_abroad",
                "contract_months",
                "fee_vnd",
                "deposit_vnd",
                "benefits",
            )
        },
    )
    copy.skills = list(source.skills)
    session.add(copy)
    session.flush()
    return copy


def expire_vacancies(session: Session, day: dt.date | None = None) -> int:
    """Close every open vacancy whose deadline has passed; returns how many."""
    day = day or today()
    ids = list(
        session.scalars(
            select(Vacancy.id).where(Vacancy.status == VacancyStatus.OPEN, Vacancy.deadline < day)
        )
    )
    # Row by row through the ORM so version counters and the search index follow.
    for vacancy in session.scalars(select(Vacancy).where(Vacancy.id.in_(ids))):
        vacancy.status = VacancyStatus.EXPIRED
    session.flush()
    return len(ids)


def count_by_status(session: Session, employer_id: int) -> dict[str, int]:
    rows = session.execute(
        select(Vacancy.status, func.count())
        .where(Vacancy.employer_id == employer_id)
        .group_by(Vacancy.status)
    )
    return {status.value: n for status, n in rows}
