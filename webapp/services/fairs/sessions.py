"""Fair sessions: create a fair, invite employers to booths, attach vacancies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ...models import (
    District,
    Employer,
    FairEmployer,
    FairKind,
    FairStatus,
    FairVacancy,
    JobFair,
    PriorityGroup,
    Vacancy,
    VacancyStatus,
)
from ..errors import Conflict, NotFound, ValidationError
from ..permissions import Role, require_role

__all__ = [
    "add_booth",
    "attach_vacancy",
    "create_fair",
    "get_fair",
    "n_slots",
    "slot_time",
    "upcoming_fairs",
]

STAFF = (Role.STAFF, Role.ADMIN)


def n_slots(fair: JobFair) -> int:
    minutes = (fair.ends_at.hour * 60 + fair.ends_at.minute) - (
        fair.starts_at.hour * 60 + fair.starts_at.minute
    )
    return max(0, minutes // max(1, fair.slot_minutes))


def slot_time(fair: JobFair, slot_no: int) -> dt.time:
    start = dt.datetime.combine(fair.held_on, fair.starts_at) + dt.timedelta(
        minutes=fair.slot_minutes * slot_no
    )
    return start.time()


def get_fair(session: Session, fair_id: int) -> JobFair:
    fair = session.get(JobFair, fair_id)
    if fair is None:
        raise NotFound(_("There is no such job fair."))
    return fair


def upcoming_fairs(session: Session, today: dt.date | None = None) -> list[JobFair]:
    today = today or dt.date.today()
    return list(
        session.scalars(
            select(JobFair)
            .where(JobFair.held_on >= today, JobFair.status != FairStatus.CANCELLED)
            .order_by(JobFair.held_on, JobFair.id)
        )
    )


def create_fair(
    session: Session,
    actor: Any,
    *,
    name: str,
    kind: str,
    held_on: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    venue: str,
    district_id: int,
    target_groups: list[str] | None = None,
    description: str = "",
    slot_minutes: int = 30,
    max_interviews_per_person: int = 3,
) -> JobFair:
    require_role(actor, *STAFF)
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the fair a name.")
    try:
        kind_v = FairKind(kind)
    except ValueError:
        errors["kind"] = _("Choose fixed, mobile or thematic.")
    if starts_at >= ends_at:
        errors["ends_at"] = _("The fair must end after it starts.")
    if not (5 <= slot_minutes <= 240):
        errors["slot_minutes"] = _("An interview slot lasts between 5 and 240 minutes.")
    if not (1 <= max_interviews_per_person <= 10):
        errors["max_interviews_per_person"] = _("Between 1 and 10 interviews per person.")
    if session.get(District, district_id) is None:
        errors["district_id"] = _("Unknown district.")
    groups = []
    for g in target_groups or []:
        try:
            groups.append(PriorityGroup(g).value)
        except ValueError:
            errors["target_groups"] = _("Unknown target group: %(group)s.", group=g)
    if not (venue or "").strip():
        errors["venue"] = _("Say where the fair takes place.")
    if errors:
        raise ValidationError(_("The fair could not be created."), errors)
    fair = JobFair(
        name=name,
        kind=kind_v,
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        district_id=district_id,
        target_groups=groups,
        description=description.strip(),
        slot_minutes=slot_minutes,
        max_interviews_per_person=max_interviews_per_person,
        created_by_id=getattr(actor, "id", None),
    )
    session.add(fair)
    session.flush()
    return fair


def add_booth(
    session: Session,
    actor: Any,
    fair: JobFair,
    *,
    employer_id: int,
    booth_no: str = "",
    capacity_per_slot: int = 2,
) -> FairEmployer:
    """Invite an employer or agency; the booth number defaults to the next free number."""
    require_role(actor, *STAFF)
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise ValidationError(_("Unknown employer."), {"employer_id": _("Unknown employer.")})
    if not 1 <= capacity_per_slot <= 50:
        raise ValidationError(
            _("A booth interviews between 1 and 50 people per slot."),
            {"capacity_per_slot": _("Between 1 and 50.")},
        )
    taken = {
        b.employer_id: b.booth_no
        for b in session.scalars(select(FairEmployer).where(FairEmployer.fair_id == fair.id))
    }
    if employer_id in taken:
        raise Conflict(
            _("This employer already has booth %(no)s.", no=taken[employer_id]),
            {"employer_id": _("Already invited.")},
        )
    booth_no = (booth_no or "").strip()
    if not booth_no:
        n = len(taken) + 1
        while str(n) in taken.values():
            n += 1
        booth_no = str(n)
    if booth_no in taken.values():
        raise Conflict(_("Booth %(no)s is already taken.", no=booth_no), {"booth_no": _("Taken.")})
    booth = FairEmployer(
        fair_id=fair.id,
        employer_id=employer_id,
        booth_no=booth_no[:10],
        capacity_per_slot=capacity_per_slot,
        status="confirmed",
    )
    session.add(booth)
    session.flush()
    return booth


def attach_vacancy(session: Session, actor: Any, booth: FairEmployer, vacancy_id: int) -> FairVacancy:
    require_role(actor, *STAFF)
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or vacancy.employer_id != booth.employer_id:
        raise ValidationError(
            _("Choose one of this employer's vacancies."), {"vacancy_id": _("Not this employer's.")}
        )
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(
            _("Only open vacancies can be offered at a fair."), {"vacancy_id": _("Closed.")}
        )
    exists = session.scalar(
        select(func.count(FairVacancy.id)).where(
            FairVacancy.fair_employer_id == booth.id, FairVacancy.vacancy_id == vacancy_id
        )
    )
    if exists:
        raise Conflict(_("This vacancy is already offered at the booth."), {"vacancy_id": _("Already here.")})
    fv = FairVacancy(fair_employer_id=booth.id, vacancy_id=vacancy_id)
    session.add(fv)
    session.flush()
    session.expire(booth, ["vacancies"])
    return fv


def booths_of(session: Session, fair: JobFair) -> list[FairEmployer]:
    return list(
        session.scalars(
            select(FairEmployer)
            .where(FairEmployer.fair_id == fair.id)
            .options(
                selectinload(FairEmployer.employer),
                selectinload(FairEmployer.vacancies).selectinload(FairVacancy.vacancy),
            )
            .order_by(func.length(FairEmployer.booth_no), FairEmployer.booth_no)
        )
    )
