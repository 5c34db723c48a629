"""Retrieval for matching: a few hundred plausible counterparts, found cheaply at any volume.

Candidates for a vacancy come from three sources, in this order:

1. the same trade: people whose occupation is the vacancy's ISCO unit group (then
   its minor group), with the hard rules SQL can express pushed into the query
   (age on the day, sex where the order requires it, minimum education, the
   required language, overseas willingness, consent), freshest profiles first;
2. bounded text retrieval from the search backend over the title and occupation
   words only, exact words, leaving out words so common that their posting lists
   would be as long as the index;
3. this vacancy's applicants (the employer already has their profiles).

When the first two find fewer than the limit, filter-only matches top the pool up,
so a small database behaves as before. The exact eligibility rules of the matching
library run afterwards on every pair; these queries only narrow the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from matching import Job, language_requirements
from search.schemas import AGE_BANDS

from ..models import Application, Jobseeker, JobseekerLanguage, Occupation, Vacancy, VacancyKind
from ..models.enums import EDUCATION_RANK
from . import search

__all__ = [
    "RETRIEVE_LIMIT",
    "candidate_pool",
    "query_text",
    "retrieval_filters_for_vacancy",
    "vacancy_pool",
]

RETRIEVE_LIMIT = 300
# Same-trade people per vacancy, and how many index rows of that trade (freshest first)
# the query may read to find them: a bound on the work whatever the filters leave.
TRADE_LIMIT = 200
TRADE_SCAN = 20_000
# Rows per occupation when widening to the minor, sub-major and major groups, and how many
# occupations at most: widening is for small databases and rare trades, and a group of
# trades none of whom pass the rules must not cost more than the unit group itself.
WIDE_SCAN = 4_000
WIDE_OCCUPATIONS = 12
TEXT_LIMIT = 100
_EDUCATION_BY_RANK = sorted(EDUCATION_RANK, key=EDUCATION_RANK.__getitem__)


def _age_bands(lo: int | None, hi: int | None) -> list[str]:
    """Index age bands that overlap [lo, hi], widened by one band each side: the index
    computed ages on its own date, so the exact rule is applied after retrieval."""
    lo, hi = lo if lo is not None else 0, hi if hi is not None else 200
    keep = [k for k, (_b, a, z) in enumerate(AGE_BANDS) if a <= hi and z >= lo]
    if not keep:
        return []
    first, last = max(0, keep[0] - 1), min(len(AGE_BANDS) - 1, keep[-1] + 1)
    return [AGE_BANDS[k][0] for k in range(first, last + 1)]


def query_text(title: str, occupation: str, skills: Sequence[str]) -> str:
    """The text a record sends to the search backend (also the evaluation's text baseline)."""
    return " ".join(dict.fromkeys(" ".join([title, occupation, *skills]).split()))[:200]


def _age_limits(job: Job) -> tuple[int | None, int | None]:
    rules = job.programme_rules
    mins = [a for a in (job.min_age, rules.get("min_age"), 18 if job.overseas else None) if a is not None]
    maxs = [a for a in (job.max_age, rules.get("max_age")) if a is not None]
    return (max(mins) if mins else None), (min(maxs) if maxs else None)


def _language_codes(job: Job) -> set[str]:
    return {str(req["code"]).lower() for req in language_requirements(job)}


def retrieval_filters_for_vacancy(job: Job, today: dt.date) -> dict[str, Any]:
    """Index filters that can only drop ineligible people (the exact rules run afterwards)."""
    lo, hi = _age_limits(job)
    filters: dict[str, Any] = {}
    if lo is not None or hi is not None:
        filters["age_band"] = _age_bands(lo, hi)
    sex = job.sex_required or job.programme_rules.get("sex")
    if sex:
        filters["sex"] = [sex]
    codes = _language_codes(job)
    if len(codes) == 1:
        filters["languages"] = sorted(codes)
    if job.overseas:
        filters["overseas"] = ["yes"]
    return filters


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _eligible_sql(js: Any, job: Job, today: dt.date, staff: bool) -> list[ColumnElement[bool]]:
    """The hard rules as SQL conditions on jobseeker columns ``js`` (the model or a subquery's
    columns): each condition only drops people the exact rules would exclude."""
    conds: list[ColumnElement[bool]] = [js.status == "active"]
    if not staff:
        conds.append(js.searchable.is_(True))
    lo, hi = _age_limits(job)
    if lo is not None:  # at least ``lo`` years old today
        conds.append(js.birth_date <= _years_before(today, lo))
    if hi is not None:  # not yet ``hi + 1`` today
        conds.append(js.birth_date > _years_before(today, hi + 1))
    sex = job.sex_required or job.programme_rules.get("sex")
    if sex:
        conds.append(js.sex == sex)
    if job.min_education_rank:
        conds.append(js.education.in_(_EDUCATION_BY_RANK[job.min_education_rank :]))
    for code in sorted(_language_codes(job)):
        conds.append(exists().where(JobseekerLanguage.jobseeker_id == js.id, JobseekerLanguage.code == code))
    if job.overseas:
        conds.append(js.willing_overseas.is_(True))
    return conds


_RULE_COLUMNS = ("id", "status", "searchable", "birth_date", "sex", "education", "willing_overseas")


def _same_trade(session: Session, job: Job, today: dt.date, staff: bool, limit: int) -> list[int]:
    """Eligible-looking people of the vacancy's ISCO unit group, then, while fewer than ``limit``
    are found, of its minor, sub-major and major groups (a small database or a rare trade)."""
    if not job.isco:
        return []
    codes: dict[str, int] = {c: i for c, i in session.execute(select(Occupation.isco_code, Occupation.id))}
    taken: set[str] = set()
    out: list[int] = []
    for digits in (4, 3, 2, 1):
        group = sorted(c for c in codes if c[:digits] == job.isco[:digits] and c not in taken)
        for code in group:
            want = limit - len(out)
            if want <= 0 or len(taken) > WIDE_OCCUPATIONS:
                return out
            taken.add(code)
            scan = TRADE_SCAN if digits == 4 else WIDE_SCAN
            out += _freshest_of(session, codes[code], job, today, staff, want, scan)
    return out


def _freshest_of(
    session: Session, occupation_id: int, job: Job, today: dt.date, staff: bool, want: int, scan: int
) -> list[int]:
    """Up to ``want`` eligible-looking people of one occupation, freshest profiles first.

    The inner query reads at most ``scan`` of them in the order of the covering
    (occupation_id, profile_updated_at, ...) index; the outer one applies the rules as
    they stream past and stops at ``want``: bounded work whatever the filters leave.
    """
    recent = (
        select(*(getattr(Jobseeker, c) for c in _RULE_COLUMNS))
        .where(Jobseeker.occupation_id == occupation_id)
        .order_by(Jobseeker.profile_updated_at.desc())
        .limit(scan)
        .subquery()
    )
    return list(
        session.scalars(select(recent.c.id).where(*_eligible_sql(recent.c, job, today, staff)).limit(want))
    )


def candidate_pool(
    session: Session,
    v: Vacancy,
    job: Job,
    today: dt.date,
    staff: bool,
    limit: int = RETRIEVE_LIMIT,
    applicants: bool = True,
) -> list[int]:
    """Jobseeker ids to score for a vacancy: same trade, bounded text, top-up, applicants."""
    filters = retrieval_filters_for_vacancy(job, today)
    if staff:
        filters["include_non_searchable"] = True
    ids = _same_trade(session, job, today, staff, min(TRADE_LIMIT, limit))
    trade = len(ids)
    seen = set(ids)
    text = query_text(job.title, job.occupation_vi, ())
    if text and len(ids) < limit:
        hits = search.retrieve_candidates(session, text, dict(filters), TEXT_LIMIT, bounded=True)
        ids += [i for i, _s in hits if i not in seen][: limit - len(ids)]
        seen.update(ids)
    if trade < min(TRADE_LIMIT, limit):  # a small database or a rare trade: top up
        more = search.retrieve_candidates(session, "", dict(filters), limit)
        ids += [i for i, _s in more if i not in seen][: limit - len(ids)]
        seen.update(ids)
    if applicants:
        applied = select(Application.jobseeker_id).where(Application.vacancy_id == v.id).limit(limit)
        ids += [i for i in session.scalars(applied) if i not in seen]
    return ids


def _topped_up(fetch: Any, text: str, filters: dict[str, Any], limit: int) -> list[int]:
    """Filter-only matches when there are fewer than ``limit`` of them (every record that
    may be shown, one query); else text matches first (best first), topped up with
    filter-only ones so that a record with little text is not lost."""
    every = [i for i, _score in fetch("", filters, limit)]
    if len(every) < limit or not text:
        return every
    hits = [i for i, _score in fetch(text, filters, limit)]
    seen = set(hits)
    return hits + [i for i in every if i not in seen][: limit - len(hits)]


def vacancy_pool(
    session: Session,
    age: int,
    willing_overseas: bool,
    title: str,
    occupation: str,
    skills: Sequence[str],
    today: dt.date,
    limit: int = RETRIEVE_LIMIT,
) -> list[int]:
    """Up to ``limit`` vacancy ids the person may see today, from the search backend (bm25)."""
    filters: dict[str, Any] = {}
    if age < 18 or not willing_overseas:
        # Never offer an overseas order to a minor; an unwilling person is not shown them either.
        filters["kind"] = [VacancyKind.DOMESTIC.value]
    text = query_text(title, occupation, sorted(skills))

    def fetch(t: str, f: dict[str, Any], n: int) -> list[tuple[int, float]]:
        return search.retrieve_vacancies(session, t, dict(f), n, today=today)

    return _topped_up(fetch, text, filters, limit)


def applied_here(v: Vacancy) -> ColumnElement[bool]:
    """The person applied to some vacancy of this employer (who then already has the profile)."""
    return exists().where(
        Application.jobseeker_id == Jobseeker.id,
        Application.vacancy_id == Vacancy.id,
        Vacancy.employer_id == v.employer_id,
    )
