"""Interview outcomes at the booth, hires as placements, and the follow-up of pre-selected people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...models import (
    Channel,
    FairEmployer,
    FairRegistration,
    Interview,
    InterviewOutcome,
    JobFair,
    PlacementKind,
    PlacementSource,
    Role,
    VacancyKind,
    utcnow,
)
from ..errors import NotFound, PermissionDenied, ValidationError
from ..permissions import is_staff
from ..placements import record_placement

__all__ = [
    "FOLLOW_UP_DAYS",
    "RECORDABLE",
    "can_record_outcomes",
    "due_follow_ups",
    "get_interview",
    "mark_reminded",
    "record_outcome",
]

# Recruiters record these; "scheduled" and "no show" are the states before and without one.
RECORDABLE = (
    InterviewOutcome.INTERVIEWED,
    InterviewOutcome.PRESELECTED,
    InterviewOutcome.HIRED,
    InterviewOutcome.NOT_SUITABLE,
    InterviewOutcome.NO_SHOW,
)
FOLLOW_UP_DAYS = (30, 90)


def can_record_outcomes(user: Any, booth: FairEmployer) -> bool:
    if is_staff(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == Role.EMPLOYER
        and user.employer_id == booth.employer_id
    )


def get_interview(session: Session, fair: JobFair, interview_id: int) -> Interview:
    iv = session.get(Interview, interview_id)
    if iv is None or iv.fair_id != fair.id:
        raise NotFound(_("There is no such interview at this fair."))
    return iv


def record_outcome(
    session: Session,
    actor: Any,
    interview: Interview,
    outcome: InterviewOutcome | str,
    *,
    note: str = "",
    on: dt.date | None = None,
) -> Interview:
    """Set the outcome; a hire becomes a placement with channel "fair" exactly once."""
    if not can_record_outcomes(actor, interview.booth):
        raise PermissionDenied(_("Only staff or this booth's employer can record outcomes."))
    try:
        value = InterviewOutcome(outcome)
    except ValueError:
        raise ValidationError(_("Choose an outcome."), {"outcome": _("Unknown outcome.")}) from None
    if value == InterviewOutcome.SCHEDULED:
        raise ValidationError(_("Choose an outcome."), {"outcome": _("Choose an outcome.")})
    fair = interview.registration.fair
    interview.outcome = value
    interview.outcome_at = utcnow()
    if note:
        interview.note = note.strip()[:2000]
    if value == InterviewOutcome.PRESELECTED:
        interview.follow_up_until = fair.held_on + dt.timedelta(days=max(FOLLOW_UP_DAYS))
    elif interview.follow_up_until is not None and value != InterviewOutcome.PRESELECTED:
        interview.follow_up_until = None  # hired or dropped: the follow-up ends
    if value == InterviewOutcome.HIRED and interview.placement_id is None:
        placed_on = on or (fair.held_on if fair.held_on <= dt.date.today() else dt.date.today())
        vacancy = interview.vacancy
        overseas = vacancy is not None and vacancy.kind == VacancyKind.OVERSEAS
        placement = record_placement(
            session,
            actor,
            jobseeker=interview.registration.jobseeker,
            kind=PlacementKind.OVERSEAS if overseas else PlacementKind.DOMESTIC,
            country_code=vacancy.country_code if overseas and vacancy else None,
            employer=interview.booth.employer,
            occupation_code=vacancy.occupation.isco_code if vacancy and vacancy.occupation else None,
            placed_on=placed_on,
            channel=Channel.FAIR,
            source=PlacementSource.FAIR,
            source_ref=f"fair:{fair.id}:interview:{interview.id}",
            vacancy_id=vacancy.id if vacancy else None,
        )
        interview.placement_id = placement.id
    session.flush()
    return interview


@dataclass
class FollowUp:
    interview: Interview
    days: int  # 30 or 90


def due_follow_ups(session: Session, today: dt.date | None = None) -> list[FollowUp]:
    """Pre-selected candidates whose 30- or 90-day reminder is due and not yet sent."""
    today = today or dt.date.today()
    rows = session.scalars(
        select(Interview)
        .join(JobFair, JobFair.id == Interview.fair_id)
        .where(Interview.outcome == InterviewOutcome.PRESELECTED, JobFair.held_on <= today)
        .options(
            selectinload(Interview.registration).selectinload(FairRegistration.fair),
            selectinload(Interview.booth).selectinload(FairEmployer.employer),
        )
        .order_by(Interview.id)
    ).all()
    due: list[FollowUp] = []
    for iv in rows:
        age = (today - iv.registration.fair.held_on).days
        step = max((d for d in FOLLOW_UP_DAYS if age >= d), default=0)
        if step > iv.reminded_days:
            due.append(FollowUp(iv, step))
    return due


def mark_reminded(session: Session, follow_ups: list[FollowUp]) -> int:
    for f in follow_ups:
        f.interview.reminded_days = f.days
    session.flush()
    return len(follow_ups)
