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
from sqlalchemy import exists, or_, select
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
    Application,
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
from . import permissions, search
from .errors import NotFound, PermissionDenied

__all__ = [
    "JS_LOAD",
    "V_LOAD",
    "MatchItem",
    "MatchResult",
    "PairScores",
    "active_ranker",
    "candidates_for_vacancy",
    "currency_rates",
    "job_of",
    "load_app_ranker",
    "profile_of",
    "query_text",
    "score_pairs",
    "vacancies_for_jobseeker",
]

log = logging.getLogger(__name__)
RETRIEVE_LIMIT = 300
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


# ------------------------------------------------------------------ retrieval


_AGE_BANDS = (("<18", 0, 17), ("18-24", 18, 24), ("25-29", 25, 29), ("30-34", 30, 34),
              ("35-39", 35, 39), ("40-49", 40, 49), ("50+", 50, 200))  # fmt: skip


def _age_bands(lo: int | None, hi: int | None) -> list[str]:
    """Index age bands that overlap [lo, hi], widened by one band each side: the index
    computed ages on its own date, so the exact rule is applied after retrieval."""
    lo, hi = lo if lo is not None else 0, hi if hi is not None else 200
    keep = [k for k, (_b, a, z) in enumerate(_AGE_BANDS) if a <= hi and z >= lo]
    if not keep:
        return []
    first, last = max(0, keep[0] - 1), min(len(_AGE_BANDS) - 1, keep[-1] + 1)
    return [_AGE_BANDS[k][0] for k in range(first, last + 1)]


def query_text(title: str, occupation: str, skills: Sequence[str]) -> str:
    return " ".join(dict.fromkeys(" ".join([title, occupation, *skills]).split()))[:200]


def _topped_up(fetch: Any, text: str, filters: dict[str, Any], limit: int) -> list[int]:
    """Text retrieval first (best bm25 first); when it finds fewer than ``limit``, fill up
    with filter-only matches so that a profile with little text is not lost."""
    hits = [i for i, _score in fetch(text, filters, limit)]
    if len(hits) < limit and text:
        seen = set(hits)
        hits += [i for i, _score in fetch("", filters, limit) if i not in seen][: limit - len(hits)]
    return hits


def retrieval_filters_for_vacancy(job: Job, today: dt.date) -> dict[str, Any]:
    """Index filters that can only drop ineligible people (the exact rules run afterwards)."""
    rules = job.programme_rules
    mins = [a for a in (job.min_age, rules.get("min_age"), 18 if job.overseas else None) if a is not None]
    maxs = [a for a in (job.max_age, rules.get("max_age")) if a is not None]
    filters: dict[str, Any] = {}
    if mins or maxs:
        filters["age_band"] = _age_bands(max(mins) if mins else None, min(maxs) if maxs else None)
    sex = job.sex_required or rules.get("sex")
    if sex:
        filters["sex"] = [sex]
    codes = {
        req["code"] for req in (job.language_requirement, rules.get("language")) if req and req.get("code")
    }
    if len(codes) == 1:
        filters["languages"] = sorted(codes)
    if job.overseas:
        filters["overseas"] = ["yes"]
    return filters


def _retrieve_candidates(
    session: Session, actor: Any, v: Vacancy, job: Job, today: dt.date, limit: int
) -> list[int]:
    """Up to ``limit`` jobseeker ids from the search backend (bm25), plus this vacancy's applicants."""
    filters = retrieval_filters_for_vacancy(job, today)
    staff = permissions.is_staff(actor)
    if staff:
        filters["include_non_searchable"] = True
    text = query_text(job.title, job.occupation_vi, sorted(s.name for s in v.skills))

    def fetch(t: str, f: dict[str, Any], n: int) -> list[tuple[int, float]]:
        return search.retrieve_candidates(session, t, dict(f), n)

    ids = _topped_up(fetch, text, filters, limit)
    # People who applied to this employer see their application considered even
    # without search consent: the employer already has their profile.
    applied = select(Application.jobseeker_id).where(Application.vacancy_id == v.id)
    seen = set(ids)
    ids += [i for i in session.scalars(applied.limit(limit)) if i not in seen]
    if not ids:
        return []
    active = select(Jobseeker.id).where(Jobseeker.id.in_(ids), Jobseeker.status == "active")
    if not staff:
        applied_here = exists().where(
            Application.jobseeker_id == Jobseeker.id,
            Application.vacancy_id == Vacancy.id,
            Vacancy.employer_id == v.employer_id,
        )
        active = active.where(or_(Jobseeker.searchable.is_(True), applied_here))
    return list(session.scalars(active))


def _retrieve_vacancies(
    session: Session, js: Jobseeker, profile: Profile, today: dt.date, limit: int
) -> list[int]:
    """Up to ``limit`` vacancy ids the person may see today, from the search backend (bm25)."""
    age = js.age_on(today)
    filters: dict[str, Any] = {}
    if age < 18 or not js.willing_overseas:
        # Never offer an overseas order to a minor; an unwilling person is not shown them either.
        filters["kind"] = [VacancyKind.DOMESTIC.value]
    occupation = js.occupation.name_vi if js.occupation else ""
    text = query_text(profile.title, occupation, sorted(s.name for s in js.skills))

    def fetch(t: str, f: dict[str, Any], n: int) -> list[tuple[int, float]]:
        return search.retrieve_vacancies(session, t, dict(f), n, today=today)

    return _topped_up(fetch, text, filters, limit)


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
    ids = _retrieve_candidates(session, actor, v, job, today, RETRIEVE_LIMIT)
    people = (
        list(session.scalars(select(Jobseeker).where(Jobseeker.id.in_(ids)).options(*JS_LOAD))) if ids else []
    )
    people.sort(key=lambda p: p.id)
    profiles = [profile_of(p) for p in people]
    pairs = (np.arange(len(profiles)), np.zeros(len(profiles), dtype=int))
    ranking = rank_pairs(profiles, [job], pairs, today, _ranker_arg(ranker), k)
    by_id = {p.id: p for p in people}
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
    ids = _retrieve_vacancies(session, js, profile, today, RETRIEVE_LIMIT)
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
