"""One pipeline for both directions: drop ineligible pairs, featurise, score, keep the top k, explain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .eligibility import exclusions
from .explanations import contributions, reasons
from .features import pair_features
from .ranker import TrainedRanker, weighted_scores
from .types import Job, Profile, Reason

__all__ = ["Match", "Ranking", "rank_pairs", "score_matrix"]


@dataclass
class Match:
    profile: Profile
    job: Job
    score: float
    reasons: list[Reason]


@dataclass
class Ranking:
    ranker: str  # "model" or "weighted"
    items: list[Match]
    # Pairs left out by the hard rules, with why (profile id, job id) -> reasons.
    excluded: dict[tuple[int, int], list[Reason]] = field(default_factory=dict)


def score(X: np.ndarray, ranker: TrainedRanker | None) -> np.ndarray:
    return ranker.predict_proba(X) if ranker is not None else weighted_scores(X)


def rank_pairs(
    profiles: Sequence[Profile],
    jobs: Sequence[Job],
    pairs: tuple[np.ndarray, np.ndarray],
    on: dt.date,
    ranker: TrainedRanker | None = None,
    k: int = 20,
    n_reasons: int = 3,
) -> Ranking:
    """Rank the given (profile index, job index) pairs; ineligible ones are recorded, never ranked."""
    pi, ji = np.asarray(pairs[0], dtype=int), np.asarray(pairs[1], dtype=int)
    keep = np.ones(len(pi), dtype=bool)
    excluded: dict[tuple[int, int], list[Reason]] = {}
    for n, (i, j) in enumerate(zip(pi, ji, strict=True)):
        why = exclusions(profiles[i], jobs[j], on)
        if why:
            keep[n] = False
            excluded[(profiles[i].id, jobs[j].id)] = why
    pi, ji = pi[keep], ji[keep]
    X = pair_features(profiles, jobs, (pi, ji), on)
    s = score(X, ranker)
    top = np.argsort(-s, kind="stable")[:k]
    contrib = contributions(X[top], ranker)
    items = [
        Match(
            profiles[pi[t]],
            jobs[ji[t]],
            float(s[t]),
            reasons(X[t], contrib[r], profiles[pi[t]], jobs[ji[t]], n_reasons),
        )
        for r, t in enumerate(top)
    ]
    return Ranking("model" if ranker is not None else "weighted", items, excluded)


def score_matrix(
    profiles: Sequence[Profile], jobs: Sequence[Job], on: dt.date, ranker: TrainedRanker | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Scores for every (profile, job) pair and the eligibility mask; ineligible scores are NaN."""
    X = pair_features(profiles, jobs, None, on)
    s = score(X, ranker).reshape(len(profiles), len(jobs))
    mask = np.array([[not exclusions(p, j, on) for j in jobs] for p in profiles], dtype=bool).reshape(
        len(profiles), len(jobs)
    )
    return np.where(mask, s, np.nan), mask
