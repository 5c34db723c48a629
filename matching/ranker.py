"""The hire-probability ranker and the transparent weighted score that stands in for it.

The ranker is a scikit-learn Pipeline (a clipping transformer, then a
HistGradientBoostingClassifier) trained on past applications: the label is
"the application ended in a hire". It is saved with joblib together with a
model card (JSON next to it) that records the feature list; loading a model
whose feature list differs from this code's ``FEATURES`` is refused with a
message that says what differs and what to run.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import ThreadpoolController

from .features import FEATURES

__all__ = [
    "FeatureClipper",
    "RankerMismatchError",
    "TrainedRanker",
    "WEIGHTS",
    "goodness",
    "load_ranker",
    "make_pipeline",
    "save_ranker",
    "train_ranker",
    "weighted_scores",
]

FORMAT_VERSION = 1


class RankerMismatchError(RuntimeError):
    """The saved model does not fit this code; the message says how to fix it."""


class FeatureClipper(TransformerMixin, BaseEstimator):
    """Clips each column to quantiles learnt in ``fit`` so outliers (a 40-year gap) cannot dominate.

    NaN stays NaN: the booster treats missing values natively.
    """

    def __init__(self, lower: float = 0.005, upper: float = 0.995) -> None:
        self.lower = lower
        self.upper = upper

    def fit(self, X: Any, y: Any = None) -> FeatureClipper:
        X = validate_data(self, X, ensure_all_finite="allow-nan", reset=True)
        with np.errstate(all="ignore"):
            lo = np.nanquantile(X, self.lower, axis=0) if len(X) else np.zeros(X.shape[1])
            hi = np.nanquantile(X, self.upper, axis=0) if len(X) else np.zeros(X.shape[1])
        self.lo_ = np.where(np.isnan(lo), -np.inf, lo)
        self.hi_ = np.where(np.isnan(hi), np.inf, hi)
        return self

    def transform(self, X: Any) -> np.ndarray:
        check_is_fitted(self, ["lo_", "hi_"])
        X = validate_data(self, X, ensure_all_finite="allow-nan", reset=False)
        return np.clip(X, self.lo_, self.hi_)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


def make_pipeline(random_state: int = 0, **params: Any) -> Pipeline:
    """Clipper + booster. Defaults chosen on three simulated demo data sets (time split,
    NDCG@10): shallow trees (4 leaves), 150 rounds of step 0.1 and no early stopping did
    as well as deeper trees or smaller steps, varied least between data sets and fit in
    a fraction of a second."""
    hgb = HistGradientBoostingClassifier(
        learning_rate=params.pop("learning_rate", 0.1),
        max_iter=params.pop("max_iter", 150),
        max_leaf_nodes=params.pop("max_leaf_nodes", 4),
        min_samples_leaf=params.pop("min_samples_leaf", 100),
        l2_regularization=params.pop("l2_regularization", 1.0),
        early_stopping=params.pop("early_stopping", False),
        validation_fraction=0.15,
        n_iter_no_change=20,
        random_state=random_state,
        **params,
    )
    return Pipeline([("clip", FeatureClipper()), ("hgb", hgb)])


# Below this many rows one OpenMP thread is faster: the booster's per-iteration
# thread barriers dominate on small data, and on a busy 2-core machine a second
# thread that has to wait for a core turned a 0.2 s fit into 25 s.
SINGLE_THREAD_ROWS = 200_000


_controller: ThreadpoolController | None = None


def openmp_threads(n: int | None) -> Any:
    """A context limiting OpenMP to ``n`` threads (None: no limit). The controller that
    finds the loaded libraries is built once: building it costs about 10 ms."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=n, user_api="openmp")


def fit_pipeline(pipeline: Pipeline, X: np.ndarray, y: np.ndarray, n_threads: int | None = None) -> Pipeline:
    """Fit with ``n_threads`` OpenMP threads (default: one below ``SINGLE_THREAD_ROWS`` rows, else all)."""
    if n_threads is None and len(X) < SINGLE_THREAD_ROWS:
        n_threads = 1
    with openmp_threads(n_threads):
        return pipeline.fit(X, y)


# --------------------------------------------------------------- weighted score

# The stand-in before enough outcomes exist: a weighted mean of per-feature
# "goodness" in [0, 1]. Every weight is visible here, so staff can explain it.
WEIGHTS: dict[str, float] = {
    "occupation_agreement": 3.0,
    "text_similarity": 2.0,
    "title_similarity": 1.5,
    "skill_coverage": 1.5,
    "experience_gap": 1.0,
    "education_gap": 0.5,
    "distance_km": 1.0,
    "salary_ratio": 1.0,
    "language_margin": 1.0,
    "overseas_fit": 1.0,
    "country_preference": 0.5,
    "profile_age_days": 0.5,
    "is_overseas": 0.0,
    "job_major_group": 0.0,
}
_W = np.array([WEIGHTS[f] for f in FEATURES])


def goodness(X: np.ndarray) -> np.ndarray:
    """Each feature mapped to [0, 1], higher is better; missing values are neutral (0.5)."""
    X = np.asarray(X, dtype=float)
    g = np.empty_like(X)
    col = {f: X[:, i] for i, f in enumerate(FEATURES)}
    g[:, 0] = col["occupation_agreement"] / 4.0
    g[:, 1] = np.clip(col["text_similarity"] * 2.5, 0, 1)
    g[:, 2] = col["title_similarity"]
    g[:, 3] = col["skill_coverage"]
    g[:, 4] = np.clip((col["experience_gap"] + 5.0) / 10.0, 0, 1)
    g[:, 5] = np.clip((col["education_gap"] + 3.0) / 6.0, 0, 1)
    g[:, 6] = np.exp(-col["distance_km"] / 30.0)
    g[:, 7] = np.clip(0.5 + col["salary_ratio"], 0, 1)
    g[:, 8] = np.clip(0.5 + 2.0 * col["language_margin"], 0, 1)
    g[:, 9] = (col["overseas_fit"] + 1.0) / 2.0
    g[:, 10] = col["country_preference"]
    g[:, 11] = np.exp(-col["profile_age_days"] / 180.0)
    g[:, 12] = 0.5
    g[:, 13] = 0.5  # context for the trained ranker, neutral here
    return np.where(np.isnan(g), 0.5, g)


def weighted_scores(X: np.ndarray) -> np.ndarray:
    return goodness(X) @ _W / _W.sum()


# --------------------------------------------------------------- trained model


@dataclass
class TrainedRanker:
    pipeline: Pipeline
    features: tuple[str, ...]
    baseline: np.ndarray  # per-feature medians of the training data, for explanations
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def n_outcomes(self) -> int:
        return int(self.card.get("data", {}).get("outcomes", 0))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        # Scoring a few thousand rows: one thread, or each of the 150 trees waits
        # on a thread barrier (hundreds of ms on a busy machine instead of 2 ms).
        with openmp_threads(1 if len(X) < SINGLE_THREAD_ROWS else None):
            return self.pipeline.predict_proba(np.asarray(X, dtype=float))[:, 1]


def _versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "joblib": joblib.__version__,
    }


def train_ranker(
    X: np.ndarray,
    y: np.ndarray,
    order: np.ndarray | None = None,
    random_state: int = 0,
    n_threads: int | None = None,
) -> TrainedRanker:
    """Fit on the first 85% of rows in ``order`` (time), report validation metrics on the rest, refit on all."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=int)
    if X.shape[1] != len(FEATURES):
        raise ValueError(f"expected {len(FEATURES)} feature columns, got {X.shape[1]}")
    if len(np.unique(y)) < 2:
        raise ValueError("training needs both hired and not-hired outcomes")
    idx = np.argsort(order, kind="stable") if order is not None else np.arange(len(y))
    cut = int(len(idx) * 0.85)
    tr, va = idx[:cut], idx[cut:]
    metrics: dict[str, float] = {}
    if len(np.unique(y[tr])) == 2 and len(np.unique(y[va])) == 2:
        probe = fit_pipeline(make_pipeline(random_state), X[tr], y[tr], n_threads)
        p = probe.predict_proba(X[va])[:, 1]
        metrics = {
            "roc_auc": round(float(roc_auc_score(y[va], p)), 4),
            "log_loss": round(float(log_loss(y[va], p, labels=[0, 1])), 4),
            "rows": len(va),
        }
    pipeline = fit_pipeline(make_pipeline(random_state), X, y, n_threads)
    with np.errstate(all="ignore"):
        baseline = np.nanmedian(X, axis=0)
    card = {
        "format_version": FORMAT_VERSION,
        "model": "Pipeline(FeatureClipper, HistGradientBoostingClassifier)",
        "target": "application ended in a hire",
        "trained_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "data": {"rows": len(y), "outcomes": len(y), "hired": int(y.sum())},
        "features": list(FEATURES),
        "validation": {"split": "last 15% by application date", **metrics},
        "params": {k: repr(v) for k, v in pipeline.named_steps["hgb"].get_params().items()},
        "versions": _versions(),
    }
    return TrainedRanker(pipeline, FEATURES, baseline, card)


def card_path(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.stem + ".card.json")


def save_ranker(ranker: TrainedRanker, path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(
        {
            "format_version": FORMAT_VERSION,
            "pipeline": ranker.pipeline,
            "features": list(ranker.features),
            "baseline": ranker.baseline,
            "card": ranker.card,
        },
        p,
    )
    card_path(p).write_text(json.dumps(ranker.card, indent=2, ensure_ascii=False), "utf-8")
    return p


def load_ranker(path: str | Path) -> TrainedRanker:
    """Load a saved ranker; refuse it clearly if it was trained on a different feature list."""
    p = Path(path)
    try:
        bundle = joblib.load(p)
    except Exception as err:  # a truncated or foreign file
        raise RankerMismatchError(
            f"Cannot read the ranker at {p}: {err}. Run `vieclam ranker train` to rebuild it."
        ) from err
    if not isinstance(bundle, dict) or "pipeline" not in bundle:
        raise RankerMismatchError(f"{p} is not a ViecLam ranker. Run `vieclam ranker train` to rebuild it.")
    saved = tuple(bundle.get("features", ()))
    if saved != FEATURES:
        missing = [f for f in FEATURES if f not in saved]
        extra = [f for f in saved if f not in FEATURES]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if extra:
            detail.append("unknown " + ", ".join(extra))
        if not detail:
            detail.append("same features in a different order")
        raise RankerMismatchError(
            f"The ranker at {p} was trained on a different feature list ({'; '.join(detail)}). "
            "Run `vieclam ranker train` to retrain it with this version of the code."
        )
    return TrainedRanker(bundle["pipeline"], saved, np.asarray(bundle["baseline"]), bundle.get("card", {}))
