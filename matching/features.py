"""Pair features for (profile, job) pairs, computed column by column with numpy.

Entity-level values are computed once per profile and per job, then gathered
by pair index, so 500 pairs cost a few milliseconds. Missing values are NaN
(the gradient-boosted ranker handles them natively; the weighted score treats
them as neutral). Sex and ethnicity are never features.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from search.text import fold

from ._tfidf import tfidf_pair_cosine
from .eligibility import language_margin, language_requirements
from .types import Job, Profile

__all__ = ["FEATURES", "pair_features", "haversine_km"]

FEATURES: tuple[str, ...] = (
    "occupation_agreement",  # shared leading ISCO digits: 4 unit, 3 minor, 2 sub-major, 1 major, 0 none
    "text_similarity",  # TF-IDF cosine of folded profile text vs vacancy text
    "title_similarity",  # rapidfuzz token-set ratio of desired title vs vacancy title, 0..1
    "skill_coverage",  # share of the vacancy's skills the person has (1 when none listed)
    "experience_gap",  # years of experience minus the vacancy's minimum
    "education_gap",  # education rank minus the minimum required (0 when none required)
    "distance_km",  # between district centroids; NaN for overseas orders
    "salary_ratio",  # log2(offered midpoint in VND / desired salary); NaN when either is unknown
    "language_margin",  # best certificate above the requirement, share of scale; NaN when none required
    "overseas_fit",  # +1 overseas and willing, -1 overseas and unwilling, 0 domestic
    "country_preference",  # 1 preferred country, 0.5 no preference stated, 0 otherwise (overseas only)
    "profile_age_days",  # days since the profile was last updated
    "is_overseas",
    "job_major_group",  # the vacancy's ISCO major group (1 managers .. 9 elementary); NaN when unknown
)


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(a) for a in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _f(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _shared_digits(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    out = np.zeros(len(a))
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        n = 0
        if x and y:
            while n < 4 and n < len(x) and n < len(y) and x[n] == y[n]:
                n += 1
        out[k] = n
    return out


def _text_similarity(
    profiles: Sequence[Profile], jobs: Sequence[Job], pi: np.ndarray, ji: np.ndarray
) -> np.ndarray:
    return tfidf_pair_cosine([p.text for p in profiles], [j.text for j in jobs], pi, ji)


def pair_features(
    profiles: Sequence[Profile],
    jobs: Sequence[Job],
    pairs: tuple[np.ndarray, np.ndarray] | None = None,
    on: dt.date | Sequence[dt.date] | None = None,
) -> np.ndarray:
    """Feature matrix (len(pairs) × len(FEATURES)); ``pairs`` = (profile indexes, job indexes).

    Without ``pairs`` every profile is paired with every job, profile-major.
    ``on`` is the day the pair is considered (profile freshness): one date, one
    per pair (past applications), or today by default.
    """
    on = on or dt.date.today()
    if pairs is None:
        pi = np.repeat(np.arange(len(profiles)), len(jobs))
        ji = np.tile(np.arange(len(jobs)), len(profiles))
    else:
        pi, ji = np.asarray(pairs[0], dtype=int), np.asarray(pairs[1], dtype=int)
    n = len(pi)
    out = np.full((n, len(FEATURES)), np.nan)
    if n == 0:
        return out

    # Per-entity columns.
    p_isco = [p.isco for p in profiles]
    j_isco = [j.isco for j in jobs]
    p_exp = _f([p.experience_years for p in profiles])
    j_exp = _f([j.min_experience_years for j in jobs])
    p_edu = _f([p.education_rank for p in profiles])
    j_edu = _f([j.min_education_rank if j.min_education_rank is not None else 0 for j in jobs])
    p_lat, p_lon = _f([p.lat for p in profiles]), _f([p.lon for p in profiles])
    j_lat = _f([None if j.overseas else j.lat for j in jobs])
    j_lon = _f([None if j.overseas else j.lon for j in jobs])
    p_sal = _f([p.desired_salary_vnd or None for p in profiles])
    j_sal = _f([j.salary_mid_vnd for j in jobs])
    p_will = np.array([p.willing_overseas for p in profiles], dtype=bool)
    j_over = np.array([j.overseas for j in jobs], dtype=bool)
    p_upd = _f([p.updated_on.toordinal() if p.updated_on else None for p in profiles])
    p_title = [fold(p.title) for p in profiles]
    j_title = [fold(j.title) for j in jobs]

    out[:, 0] = _shared_digits([p_isco[i] for i in pi], [j_isco[j] for j in ji])
    out[:, 1] = _text_similarity(profiles, jobs, pi, ji)
    pil, jil = pi.tolist(), ji.tolist()
    out[:, 2] = [
        fuzz.token_set_ratio(p_title[i], j_title[j]) / 100.0 if p_title[i] and j_title[j] else 0.0
        for i, j in zip(pil, jil, strict=True)
    ]
    cov = np.empty(n)
    for k, (i, j) in enumerate(zip(pil, jil, strict=True)):
        need = jobs[j].skills
        cov[k] = len(need & profiles[i].skills) / len(need) if need else 1.0
    out[:, 3] = cov
    out[:, 4] = p_exp[pi] - np.nan_to_num(j_exp[ji])
    out[:, 5] = p_edu[pi] - j_edu[ji]
    out[:, 6] = haversine_km(p_lat[pi], p_lon[pi], j_lat[ji], j_lon[ji])
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:, 7] = np.log2(j_sal[ji] / p_sal[pi])
    out[:, 7][~np.isfinite(out[:, 7])] = np.nan
    # Language: only jobs with a requirement need the per-pair look-up.
    lang = np.full(n, np.nan)
    reqs = [language_requirements(j) for j in jobs]
    for k, (i, j) in enumerate(zip(pil, jil, strict=True)):
        if reqs[j]:
            margins = [language_margin(profiles[i].languages, r) for r in reqs[j]]
            lang[k] = min(-1.0 if m is None else m for m in margins)
    out[:, 8] = lang
    over = j_over[ji]
    out[:, 9] = np.where(over, np.where(p_will[pi], 1.0, -1.0), 0.0)
    pref = np.zeros(n)
    for k in np.flatnonzero(over).tolist():
        wanted = profiles[pil[k]].preferred_countries
        country = jobs[jil[k]].country_code
        pref[k] = 0.5 if not wanted else float(country in wanted)
    out[:, 10] = pref
    day = (
        float(on.toordinal())
        if isinstance(on, dt.date)
        else np.fromiter((d.toordinal() for d in on), dtype=float, count=n)
    )
    out[:, 11] = np.maximum(day - p_upd[pi], 0.0)
    out[:, 12] = over.astype(float)
    j_major = _f([int(j.isco[0]) if j.isco[:1].isdigit() else None for j in jobs])
    out[:, 13] = j_major[ji]
    return out
