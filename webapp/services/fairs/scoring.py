"""Stand-in pair scoring used before ``webapp.services.matching.score_pairs`` landed (no longer wired in).

Kept for the schedule benchmark's and tests' independence from the ranker; planning.py uses the
matching service.

Same contract as the matching team's bulk scorer: ``score_pairs(session,
jobseekers, vacancies) -> (scores, eligible)`` with two arrays of shape
(len(jobseekers), len(vacancies)); scores in [0, 1]. Kept deliberately simple
and transparent (occupation agreement, title words, experience, education,
same district); the eligibility rules are the hard filters of DESIGN.md
(age, sex, education, language, overseas willingness, vacancy open).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from search.text import fold

from ...models import Jobseeker, Vacancy
from ...models.enums import EDUCATION_RANK

__all__ = ["score_pairs"]


def _words(text: str) -> set[str]:
    return {w for w in fold(text or "").split() if len(w) > 1}


def _eligible(js: Jobseeker, v: Vacancy, day: dt.date) -> bool:
    if not v.is_open_on(day):
        return False
    age = js.age_on(day)
    if v.min_age is not None and age < v.min_age:
        return False
    if v.max_age is not None and age > v.max_age:
        return False
    if v.sex_required is not None and v.sex_required != js.sex:
        return False
    if v.min_education is not None and EDUCATION_RANK[js.education] < EDUCATION_RANK[v.min_education]:
        return False
    if v.is_overseas and not js.willing_overseas:
        return False
    req = v.language_requirement or {}
    return not req.get("code") or any(lang.code == req["code"] for lang in js.languages)


def _score(js: Jobseeker, v: Vacancy, js_words: set[str], v_words: set[str]) -> float:
    occ = 0.0
    if js.occupation is not None and v.occupation is not None:
        a, b = js.occupation.isco_code, v.occupation.isco_code
        occ = 1.0 if a == b else 0.6 if a[:2] == b[:2] else 0.3 if a[0] == b[0] else 0.0
    words = len(js_words & v_words) / len(v_words) if v_words else 0.0
    need = v.min_experience_years or 0.0
    exp = 1.0 if js.experience_years >= need else js.experience_years / need if need else 1.0
    place = 1.0 if v.district_id is None or v.district_id == js.district_id else 0.5
    country = 1.0 if not v.is_overseas or v.country_code in (js.preferred_countries or []) else 0.6
    score = 0.45 * occ + 0.2 * words + 0.15 * exp + 0.1 * place + 0.1 * country
    return max(0.01, min(1.0, score))  # eligible pairs always have a positive score


def score_pairs(
    session: Session,
    jobseekers: Sequence[Jobseeker],
    vacancies: Sequence[Vacancy],
    *,
    on: dt.date | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    day = on or dt.date.today()
    scores = np.zeros((len(jobseekers), len(vacancies)))
    eligible = np.zeros((len(jobseekers), len(vacancies)), dtype=bool)
    v_words = [_words(f"{v.title} {v.occupation.name_vi if v.occupation else ''}") for v in vacancies]
    for i, js in enumerate(jobseekers):
        js_words = _words(f"{js.desired_title} {js.occupation.name_vi if js.occupation else ''}")
        for j, v in enumerate(vacancies):
            if _eligible(js, v, day):
                eligible[i, j] = True
                scores[i, j] = _score(js, v, js_words, v_words[j])
    return scores, eligible
