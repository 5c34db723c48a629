"""Applications with simulated outcomes for the demo data (owned by the matching work).

Each vacancy draws applicants the way people really apply: mostly from the
same occupation group, overseas orders mostly from people willing to go, and
some from anywhere. The result of each application (how far it got, hired or
not) comes from ``outcome_simulator.HiddenWorld``, whose preferences the ranker
never sees. Rows (and their status history) are inserted in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import replace

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from matching import exclusions

from ..models import Application, ApplicationEvent, Employer, Jobseeker, Skill, Vacancy
from ..models.enums import ApplicationStatus as S
from ..services.matching import JS_LOAD, currency_rates, job_of, profile_of
from .outcome_simulator import HiddenWorld

__all__ = ["seed_applications"]

APPLICANTS_PER_VACANCY = 250  # big enough pools that ranking them is a real task
UNDECIDED_DAYS = 5  # applications this recent are still waiting for a decision
_PATH = [S.APPLIED, S.SHORTLISTED, S.INTERVIEWED, S.OFFERED, S.HIRED]


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59))


def seed_applications(session: Session, rng: random.Random, today: dt.date, scale: float = 1.0) -> int:
    """Create applications (with status history) between seeded jobseekers and vacancies; returns the count."""
    people = list(
        session.scalars(
            select(Jobseeker).where(Jobseeker.status == "active").options(*JS_LOAD).order_by(Jobseeker.id)
        )
    )
    vacancies = list(
        session.scalars(
            select(Vacancy)
            .options(
                selectinload(Vacancy.skills),
                selectinload(Vacancy.occupation),
                selectinload(Vacancy.employer).selectinload(Employer.district),
                selectinload(Vacancy.programme),
                selectinload(Vacancy.country),
                selectinload(Vacancy.district),
            )
            .order_by(Vacancy.id)
        )
    )
    if not people or not vacancies:
        return 0
    rates = currency_rates(session)
    profiles = [profile_of(p) for p in people]
    world = HiddenWorld(rng, sorted(s.name_folded for s in session.scalars(select(Skill))))
    existing = {(a, b) for a, b in session.execute(select(Application.jobseeker_id, Application.vacancy_id))}
    by_group: dict[str, list[int]] = defaultdict(list)
    willing: list[int] = []
    for k, pr in enumerate(profiles):
        by_group[pr.isco[:1]].append(k)
        if pr.willing_overseas:
            willing.append(k)

    apps: list[dict[str, object]] = []
    histories: list[list[tuple[S | None, S, dt.datetime, str | None]]] = []
    now = dt.datetime(today.year, today.month, today.day, 18, 0)
    for v in vacancies:
        # Applications were made while the vacancy was open, whatever its status now.
        job = replace(job_of(v, rates), open=True, deadline=None)
        start = v.posted_at.date()
        end = min(v.deadline, today)
        if start > end:
            continue
        n = max(5, min(len(profiles), round(rng.gauss(APPLICANTS_PER_VACANCY, 50) * scale)))
        # People apply mostly within their own trade, having read the requirements; some do not.
        near = [
            k
            for k in (willing if job.overseas else by_group.get(job.isco[:1], []))
            if not exclusions(profiles[k], job, start)
        ]
        same = [k for k in near if profiles[k].isco == job.isco]
        chosen: set[int] = set()
        for _ in range(n * 3):
            if len(chosen) >= n:
                break
            roll = rng.random()
            pool: list[int] | range = (
                same if same and roll < 0.6 else near if near and roll < 0.88 else range(len(profiles))
            )
            chosen.add(pool[rng.randrange(len(pool))])
        for k in sorted(chosen):
            pr = profiles[k]
            if (pr.id, v.id) in existing:
                continue
            applied_on = start + dt.timedelta(days=rng.randint(0, (end - start).days))
            applied_at = _at(applied_on, rng)
            out = world.outcome(pr, job, applied_on)
            events: list[tuple[S | None, S, dt.datetime, str | None]] = [(None, S.APPLIED, applied_at, None)]
            t = applied_at
            undecided = (today - applied_on).days < UNDECIDED_DAYS
            status, reason, decided = S.APPLIED, None, None
            for stage in range(1, out.stage + 1):
                t += dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
                if undecided and t >= now:
                    break
                events.append((_PATH[stage - 1], _PATH[stage], t, None))
                status = _PATH[stage]
            if status != S.HIRED and not (undecided and t >= now - dt.timedelta(days=1)):
                t += dt.timedelta(days=rng.randint(1, 7))
                end_status = S.WITHDRAWN if out.withdrawn else S.REJECTED
                reason = out.reason
                events.append((status, end_status, min(t, now), reason))
                status = end_status
            if status in (S.HIRED, S.REJECTED, S.WITHDRAWN):
                decided = events[-1][2]
            apps.append(
                {
                    "jobseeker_id": pr.id,
                    "vacancy_id": v.id,
                    "status": status,
                    "applied_at": applied_at,
                    "decided_at": decided,
                    "reject_reason": reason if status == S.REJECTED else None,
                    "cover_note": "",
                    "created_at": applied_at,
                    "updated_at": events[-1][2],
                }
            )
            histories.append(events)
    if not apps:
        return 0
    ids = list(
        session.scalars(insert(Application).returning(Application.id, sort_by_parameter_order=True), apps)
    )
    rows = [
        {"application_id": app_id, "from_status": a, "to_status": b, "at": at, "reason": why, "note": ""}
        for app_id, events in zip(ids, histories, strict=True)
        for a, b, at, why in events
    ]
    session.execute(insert(ApplicationEvent), rows)
    return len(apps)
