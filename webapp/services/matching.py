"""Matching wired to the data: models → plain objects → the matching library.

Both directions share one pipeline: retrieve a few hundred plausible
counterparts with the hard filters that SQL can express, drop every pair the
eligibility rules exclude, score with the trained ranker (or the weighted
score while too few outcomes exist), explain, return the top k. Callers get
plain results; the job-fair team scores (jobseeker, vacancy) pairs in bulk
with ``score_pairs``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from matching import (
    Job,
    Language,
    Profile,
    RankerMismatchError,
    Reason,
    TrainedRanker,
    load_ranker,
    rank_pairs,
    score_matrix,
)
from search.text import fold

from ..models import (
    Country,
    Employer,
    EmployerKind,
    Jobseeker,
    Vacancy,
    VacancyKind,
    VacancyStatus,
    VerificationStatus,
)
from ..models.enums import EDUCATION_RANK, Education
from . import permissions
from .errors import NotFound, PermissionDenied
from .matching_load import load_profiles
from .matching_pool import RETRIEVE_LIMIT, applied_here, candidate_pool, query_text, vacancy_pool

__all__ = [
    "JS_LOAD",
    "RETRIEVE_LIMIT",
    "V_LOAD",
    "MatchItem",
    "MatchResult",
    "PairScores",
    "active_ranker",
    "candidates_for_vacancy",
    "currency_rates",
    "job_of",
    "load_app_ranker",
    "load_profiles",
    "profile_of",
    "query_text",
    "score_pairs",
    "vacancies_for_jobseeker",
]

log = logging.getLogger(__name__)
_EXT = "vieclam.ranker"


# ------------------------------------------------------------------ ranker state


def load_app_ranker(app: Any) -> None:
    """Load the saved ranker at start-up; a missing model means the weighted score, a bad one is logged."""
    path = app.config.get("RANKER_PATH")
    state: dict[str, Any] = {"ranker": None, "error": None, "path": path}
    if path:
        try:
            from pathlib import Path

            if Path(path).exists():
                state["ranker"] = load_ranker(path)
        except RankerMismatchError as err:
            state["error"] = str(err)
            log.error("Ranker refused, using the weighted score: %s", err)
    app.extensions[_EXT] = state


def active_ranker() -> TrainedRanker | None:
    """The trained ranker when it is loaded and was trained on enough outcomes, else None (weighted)."""
    if not has_app_context():
        return None
    state = current_app.extensions.get(_EXT)
    if state is None:
        load_app_ranker(current_app)
        state = current_app.extensions[_EXT]
    ranker: TrainedRanker | None = state["ranker"]
    if ranker is None or ranker.n_outcomes < int(current_app.config.get("RANKER_MIN_OUTCOMES", 200)):
        return None
    return ranker


# ------------------------------------------------------------------ models → plain objects


def currency_rates(session: Session) -> dict[str, float]:
    """VND per unit of each currency on file (for comparing overseas pay with wishes)."""
    rates = {"VND": 1.0}
    for c in session.scalars(select(Country)):
        rates.setdefault(c.currency, float(c.vnd_rate or 1.0))
    return rates


def profile_of(js: Jobseeker) -> Profile:
    occ = js.occupation
    skills = [s.name for s in js.skills]
    certs = " ".join([js.vocational_training, *(lang.certificate for lang in js.languages)])
    text = " ".join(
        [js.desired_title, js.summary, occ.name_vi if occ else "", occ.aliases if occ else "", *skills]
    )
    return Profile(
        id=js.id,
        birth_date=js.birth_date,
        sex=str(js.sex.value if js.sex else ""),
        education_rank=EDUCATION_RANK.get(Education(js.education), 0) if js.education else 0,
        isco=occ.isco_code if occ else "",
        title=js.desired_title or (occ.name_vi if occ else ""),
        text=text,
        skills=frozenset(fold(s) for s in skills),
        experience_years=float(js.experience_years or 0),
        lat=js.district.lat if js.district else None,
        lon=js.district.lon if js.district else None,
        desired_salary_vnd=float(js.desired_salary_vnd) if js.desired_salary_vnd else None,
        willing_overseas=bool(js.willing_overseas),
        preferred_countries=frozenset(js.preferred_countries or ()),
        languages=tuple(Language(lang.code, lang.test, lang.level) for lang in js.languages),
        certificates=fold(certs),
        updated_on=js.profile_updated_at.date() if js.profile_updated_at else None,
    )


def job_of(v: Vacancy, rates: dict[str, float]) -> Job:
    occ, emp, prog, country = v.occupation, v.employer, v.programme, v.country
    rate = rates.get(v.currency or "VND", 1.0)
    skills = [s.name for s in v.skills]
    district = v.district or (emp.district if emp else None)
    return Job(
        id=v.id,
        employer_id=v.employer_id,
        title=v.title,
        text=" ".join(
            [v.title, v.description, occ.name_vi if occ else "", occ.aliases if occ else "", *skills]
        ),
        isco=occ.isco_code if occ else "",
        occupation_vi=occ.name_vi if occ else "",
        occupation_en=occ.name_en if occ else "",
        overseas=v.kind == VacancyKind.OVERSEAS,
        country_code=v.country_code,
        country_vi=country.name_vi if country else "",
        country_en=country.name_en if country else "",
        skills=frozenset(fold(s) for s in skills),
        min_age=v.min_age,
        max_age=v.max_age,
        sex_required=str(v.sex_required.value) if v.sex_required else None,
        min_education_rank=EDUCATION_RANK[Education(v.min_education)] if v.min_education else None,
        min_experience_years=float(v.min_experience_years or 0),
        language_requirement=v.language_requirement or None,
        required_certificate=v.required_certificate or "",
        lat=district.lat if district else None,
        lon=district.lon if district else None,
        salary_min_vnd=v.salary_min * rate if v.salary_min else None,
        salary_max_vnd=v.salary_max * rate if v.salary_max else None,
        open=v.status == VacancyStatus.OPEN,
        deadline=v.deadline,
        agency=bool(emp and emp.kind == EmployerKind.AGENCY),
        agency_verified=bool(emp and emp.verification == VerificationStatus.VERIFIED),
        licence_expires=emp.licence_expires if emp else None,
        programme_code=prog.code if prog else "",
        programme_rules=dict(prog.rules or {}) if prog else {},
    )


JS_LOAD = (
    selectinload(Jobseeker.skills),
    selectinload(Jobseeker.languages),
    selectinload(Jobseeker.district),
    selectinload(Jobseeker.occupation),
)
V_LOAD = (
    selectinload(Vacancy.skills),
    selectinload(Vacancy.occupation),
    selectinload(Vacancy.employer).selectinload(Employer.district),
    selectinload(Vacancy.programme),
    selectinload(Vacancy.country),
    selectinload(Vacancy.district),
)


# ------------------------------------------------------------------ results


@dataclass
class MatchItem:
    id: int
    score: float
    reasons: list[Reason]
    jobseeker: Jobseeker | None = None
    vacancy: Vacancy | None = None

    def reason_texts(self, locale: str = "vi") -> list[str]:
        return [r.text(locale) for r in self.reasons]


@dataclass
class MatchResult:
    ranker: str  # "model" or "weighted"
    items: list[MatchItem]
    retrieved: int  # pairs considered before the eligibility rules
    excluded: int  # pairs dropped by the eligibility rules


@dataclass
class PairScores:
    """Scores [jobseeker, vacancy] (NaN where ineligible) and the eligibility mask."""

    scores: np.ndarray
    eligible: np.ndarray
    ranker: str
    jobseeker_ids: list[int]
    vacancy_ids: list[int]


# ------------------------------------------------------------------ the two directions


def _ranker_arg(ranker: Any) -> TrainedRanker | None:
    return active_ranker() if ranker == "auto" else ranker


def candidates_for_vacancy(
    session: Session,
    actor: Any,
    vacancy_id: int,
    k: int = 20,
    today: dt.date | None = None,
    ranker: Any = "auto",
) -> MatchResult:
    """The top ``k`` eligible candidates for a vacancy: for its employer and staff only."""
    today = today or dt.date.today()
    v = session.scalar(select(Vacancy).where(Vacancy.id == vacancy_id).options(*V_LOAD))
    if v is None:
        raise NotFound(_("No such vacancy."))
    if not permissions.can_edit_vacancy(actor, v):
        raise PermissionDenied(_("Only the employer who posted this vacancy can see candidates for it."))
    job = job_of(v, currency_rates(session))
    staff = permissions.is_staff(actor)
    ids = candidate_pool(session, v, job, today, staff)
    # Active people only; without staff rights, only those who agreed to be found or who
    # applied to this employer (who then already has their profile).
    where = [Jobseeker.status == "active"]
    if not staff:
        where.append(or_(Jobseeker.searchable.is_(True), applied_here(v)))
    profiles = load_profiles(session, ids, where)
    pairs = (np.arange(len(profiles)), np.zeros(len(profiles), dtype=int))
    ranking = rank_pairs(profiles, [job], pairs, today, _ranker_arg(ranker), k)
    top = [m.profile.id for m in ranking.items]
    people = session.scalars(
        select(Jobseeker).where(Jobseeker.id.in_(top)).options(selectinload(Jobseeker.district))
    )
    by_id = {p.id: p for p in people} if top else {}
    items = [
        MatchItem(m.profile.id, m.score, m.reasons, jobseeker=by_id[m.profile.id]) for m in ranking.items
    ]
    return MatchResult(ranking.ranker, items, len(profiles), len(ranking.excluded))


def vacancies_for_jobseeker(
    session: Session,
    actor: Any,
    jobseeker_id: int,
    k: int = 20,
    today: dt.date | None = None,
    ranker: Any = "auto",
) -> MatchResult:
    """The top ``k`` open vacancies the person is eligible for: for the person and staff only."""
    today = today or dt.date.today()
    js = session.scalar(select(Jobseeker).where(Jobseeker.id == jobseeker_id).options(*JS_LOAD))
    if js is None or js.status != "active":
        raise NotFound(_("No such jobseeker."))
    if not (permissions.owns_profile(actor, js) or permissions.is_staff(actor)):
        raise PermissionDenied(_("Only the jobseeker and staff can see these recommendations."))
    profile = profile_of(js)
    occupation = js.occupation.name_vi if js.occupation else ""
    ids = vacancy_pool(
        session,
        js.age_on(today),
        js.willing_overseas,
        profile.title,
        occupation,
        [s.name for s in js.skills],
        today,
    )
    vacancies = (
        list(session.scalars(select(Vacancy).where(Vacancy.id.in_(ids)).options(*V_LOAD))) if ids else []
    )
    vacancies.sort(key=lambda v: v.id)
    rates = currency_rates(session)
    jobs = [job_of(v, rates) for v in vacancies]
    pairs = (np.zeros(len(jobs), dtype=int), np.arange(len(jobs)))
    ranking = rank_pairs([profile], jobs, pairs, today, _ranker_arg(ranker), k)
    by_id = {v.id: v for v in vacancies}
    items = [MatchItem(m.job.id, m.score, m.reasons, vacancy=by_id[m.job.id]) for m in ranking.items]
    return MatchResult(ranking.ranker, items, len(jobs), len(ranking.excluded))


def score_pairs(
    session: Session,
    jobseekers: Sequence[Jobseeker],
    vacancies: Sequence[Vacancy],
    today: dt.date | None = None,
    ranker: Any = "auto",
) -> PairScores:
    """Score every (jobseeker, vacancy) pair in bulk, e.g. for a job fair's interview plan.

    Returns a matrix [jobseeker, vacancy] of scores (NaN where the pair is
    ineligible) and the boolean eligibility mask, in the order given. No
    permission check: callers decide who may see the result.
    """
    today = today or dt.date.today()
    rates = currency_rates(session)
    profiles = [profile_of(j) for j in jobseekers]
    jobs = [job_of(v, rates) for v in vacancies]
    r = _ranker_arg(ranker)
    scores, mask = score_matrix(profiles, jobs, today, r)
    return PairScores(
        scores,
        mask,
        "model" if r is not None else "weighted",
        [j.id for j in jobseekers],
        [v.id for v in vacancies],
    )
