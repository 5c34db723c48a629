"""Matching library: eligibility rules, pair features, ranker, evaluation, explanations.

It knows nothing of Flask or the database: webapp/services/matching.py builds
the plain ``Profile`` and ``Job`` objects and calls these functions.
"""

from .eligibility import eligibility_mask, exclusions, is_eligible, language_requirements, level_value
from .features import FEATURES, pair_features
from .pipeline import Match, Ranking, rank_pairs, score_matrix
from .ranker import (
    WEIGHTS,
    FeatureClipper,
    RankerMismatchError,
    TrainedRanker,
    load_ranker,
    make_pipeline,
    save_ranker,
    train_ranker,
    weighted_scores,
)
from .types import Job, Language, Profile, Reason

__all__ = [
    "FEATURES",
    "WEIGHTS",
    "FeatureClipper",
    "Job",
    "Language",
    "Match",
    "Profile",
    "RankerMismatchError",
    "Ranking",
    "Reason",
    "TrainedRanker",
    "eligibility_mask",
    "exclusions",
    "is_eligible",
    "language_requirements",
    "level_value",
    "load_ranker",
    "make_pipeline",
    "pair_features",
    "rank_pairs",
    "save_ranker",
    "score_matrix",
    "train_ranker",
    "weighted_scores",
]
