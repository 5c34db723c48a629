"""Turning a fair's registrations and booths into stored interviews (see schedule.py for the maths)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from ...models import (
    FairEmployer,
    FairRegistration,
    Interview,
    InterviewOutcome,
    JobFair,
    Jobseeker,
    Role,
)
from ..errors import Conflict
from ..matching import score_pairs
from ..permissions import require_role
from . import schedule as sched
from .sessions import booths_of, n_slots, slot_time

__all__ = ["PlanResult", "build_schedule", "current_slot", "schedule_newcomers", "shortlist"]


@dataclass
class PlanResult:
    interviews: int
    people: int
    total: float
    greedy: float
    unconstrained: float
    seconds: float

    @property
    def share_of_best(self) -> float:
        return self.total / self.unconstrained if self.unconstrained else 1.0


@dataclass
class _Problem:
    registrations: list[FairRegistration]
    booths: list[FairEmployer]
    scores: np.ndarray
    eligible: np.ndarray
    best_vacancy: np.ndarray  # vacancy id per (person, booth), 0 when none
    capacity: np.ndarray


def _problem(session: Session, fair: JobFair) -> _Problem:
    regs = list(
        session.scalars(
            select(FairRegistration)
            .where(FairRegistration.fair_id == fair.id)
            .options(
                selectinload(FairRegistration.jobseeker).selectinload(Jobseeker.languages),
                selectinload(FairRegistration.jobseeker).selectinload(Jobseeker.occupation),
            )
            .order_by(FairRegistration.id)
        )
    )
    booths = [b for b in booths_of(session, fair) if b.status == "confirmed" and b.vacancies]
    vacancies = [fv.vacancy for b in booths for fv in b.vacancies]
    owner = np.array([i for i, b in enumerate(booths) for _fv in b.vacancies], dtype=np.int64)
    # The matching service's bulk scorer (ranker when trained, else its weighted score);
    # eligibility is judged on the fair's day. NaN marks ineligible pairs.
    pair = score_pairs(session, [r.jobseeker for r in regs], vacancies, today=fair.held_on)
    eligible = pair.eligible & np.isfinite(pair.scores)
    scores = np.where(eligible, np.nan_to_num(pair.scores), 0.0)
    shape = (len(regs), len(booths))
    booth_scores = np.zeros(shape)
    booth_eligible = np.zeros(shape, dtype=bool)
    best_vacancy = np.zeros(shape, dtype=np.int64)
    masked = np.where(eligible, scores, -1.0)
    for b in range(len(booths)):
        cols = np.nonzero(owner == b)[0]
        if len(cols) == 0 or len(regs) == 0:
            continue
        sub = masked[:, cols]
        arg = sub.argmax(axis=1)
        best = sub[np.arange(len(regs)), arg]
        booth_eligible[:, b] = best >= 0
        booth_scores[:, b] = np.maximum(best, 0)
        best_vacancy[:, b] = np.array([vacancies[cols[a]].id for a in arg])
    capacity = np.array([b.capacity_per_slot for b in booths], dtype=np.int64)
    return _Problem(regs, booths, booth_scores, booth_eligible, best_vacancy, capacity)


def _store(session: Session, fair: JobFair, problem: _Problem, assignments: list[sched.Assignment]) -> None:
    for a in assignments:
        session.add(
            Interview(
                fair_id=fair.id,
                registration_id=problem.registrations[a.person].id,
                fair_employer_id=problem.booths[a.booth].id,
                vacancy_id=int(problem.best_vacancy[a.person, a.booth]) or None,
                slot_no=a.slot,
                score=round(float(problem.scores[a.person, a.booth]), 6),
            )
        )
    session.flush()


def build_schedule(session: Session, actor: Any, fair: JobFair) -> PlanResult:
    """The whole schedule from scratch; allowed until the first outcome is recorded."""
    require_role(actor, Role.STAFF, Role.ADMIN)
    started = session.scalar(
        select(Interview.id).where(
            Interview.fair_id == fair.id, Interview.outcome != InterviewOutcome.SCHEDULED
        )
    )
    if started is not None:
        raise Conflict(_("Interviews have started; add newcomers to the schedule instead of rebuilding it."))
    session.execute(delete(Interview).where(Interview.fair_id == fair.id))
    problem = _problem(session, fair)
    slots, per = n_slots(fair), fair.max_interviews_per_person
    result = sched.solve(problem.scores, problem.eligible, problem.capacity, slots, per)
    greedy = sched.greedy_schedule(problem.scores, problem.eligible, problem.capacity, slots, per)
    best = sched.unconstrained_best(problem.scores, problem.eligible, slots, per)
    _store(session, fair, problem, result.assignments)
    return PlanResult(
        len(result.assignments),
        len({a.person for a in result.assignments}),
        result.total,
        greedy.total,
        best,
        result.seconds,
    )


def current_slot(fair: JobFair, now: dt.datetime | None = None) -> int:
    """The first slot that has not started yet (0 before the fair day)."""
    now = now or dt.datetime.now()
    if now.date() < fair.held_on:
        return 0
    if now.date() > fair.held_on:
        return n_slots(fair)
    start = dt.datetime.combine(fair.held_on, fair.starts_at)
    minutes = (now - start).total_seconds() / 60
    if minutes <= 0:
        return 0
    return min(n_slots(fair), int(minutes // fair.slot_minutes) + 1)


def schedule_newcomers(
    session: Session, actor: Any, fair: JobFair, *, from_slot: int | None = None
) -> PlanResult:
    """Fit registrations without interviews (walk-ins) into the free seats of the remaining slots.

    Interviews already in the schedule are never moved, whatever their state.
    """
    require_role(actor, Role.STAFF, Role.ADMIN)
    problem = _problem(session, fair)
    index = {r.id: i for i, r in enumerate(problem.registrations)}
    booth_index = {b.id: i for i, b in enumerate(problem.booths)}
    existing = session.scalars(select(Interview).where(Interview.fair_id == fair.id)).all()
    fixed = [
        sched.Assignment(index[iv.registration_id], booth_index[iv.fair_employer_id], iv.slot_no)
        for iv in existing
        if iv.fair_employer_id in booth_index
    ]
    have = {a.person for a in fixed}
    newcomers = [i for i, r in enumerate(problem.registrations) if i not in have]
    first = current_slot(fair) if from_slot is None else from_slot
    slots, per = n_slots(fair), fair.max_interviews_per_person
    result = sched.recompute(
        problem.scores,
        problem.eligible,
        problem.capacity,
        slots,
        per,
        fixed=fixed,
        newcomers=newcomers,
        first_slot=first,
    )
    _store(session, fair, problem, result.assignments)
    return PlanResult(
        len(result.assignments),
        len({a.person for a in result.assignments}),
        result.total,
        0.0,
        0.0,
        result.seconds,
    )


@dataclass
class ShortlistItem:
    booth_no: str
    employer: str
    vacancy: str
    slot_no: int
    starts: dt.time
    outcome: InterviewOutcome


def shortlist(session: Session, registration: FairRegistration) -> list[ShortlistItem]:
    fair = registration.fair
    rows = session.scalars(
        select(Interview)
        .where(Interview.registration_id == registration.id)
        .options(selectinload(Interview.booth).selectinload(FairEmployer.employer))
        .order_by(Interview.slot_no)
    ).all()
    return [
        ShortlistItem(
            iv.booth.booth_no,
            iv.booth.employer.name,
            iv.vacancy.title if iv.vacancy else "",
            iv.slot_no,
            slot_time(fair, iv.slot_no),
            iv.outcome,
        )
        for iv in rows
    ]
