"""Reasons in words, from the features that actually drove each score.

For the weighted score a feature's contribution is its weight times how far
its goodness is above neutral. For the trained model it is measured by
occlusion: how much the predicted probability drops when that one feature is
replaced by its training median. Only features that pushed the score up become
reasons, and only when there is something true to say about them.
"""

from __future__ import annotations

import math

import numpy as np

from .eligibility import language_requirements
from .features import FEATURES
from .ranker import WEIGHTS, TrainedRanker, goodness
from .types import Job, Profile, Reason

__all__ = ["contributions", "reasons"]

_IDX = {f: i for i, f in enumerate(FEATURES)}


def contributions(X: np.ndarray, ranker: TrainedRanker | None) -> np.ndarray:
    """Per-row, per-feature contribution to the score (same shape as X)."""
    X = np.asarray(X, dtype=float)
    if ranker is None:
        w = np.array([WEIGHTS[f] for f in FEATURES])
        return (goodness(X) - 0.5) * w / w.sum()
    n, m = X.shape
    if n == 0:
        return np.zeros_like(X)
    base = ranker.predict_proba(X)
    occluded = np.repeat(X[None, :, :], m, axis=0)  # feature, row, column
    for f in range(m):
        occluded[f, :, f] = ranker.baseline[f]
    p = ranker.predict_proba(occluded.reshape(m * n, m)).reshape(m, n)
    return (base[None, :] - p).T


def _reason(feature: str, v: float, profile: Profile, job: Job) -> Reason | None:
    if math.isnan(v):
        return None
    if feature == "occupation_agreement":
        if v >= 4:
            return Reason(
                "occupation",
                f"cùng nghề {job.occupation_vi.lower()}",
                f"same occupation: {job.occupation_en.lower()}",
            )
        if v >= 2:
            return Reason("occupation", "nghề gần giống", "closely related occupation")
        if v >= 1:
            return Reason("occupation", "cùng nhóm nghề", "same occupation group")
    elif feature == "text_similarity" and v >= 0.05:
        return Reason("text", "hồ sơ khớp mô tả công việc", "profile matches the job description")
    elif feature == "title_similarity" and v >= 0.6 and profile.title:
        return Reason("title", f"muốn làm “{profile.title}”", f"wants to work as “{profile.title}”")
    elif feature == "skill_coverage" and job.skills:
        have = len(job.skills & profile.skills)
        if have:
            n = len(job.skills)
            return Reason("skills", f"có {have}/{n} kỹ năng yêu cầu", f"has {have} of {n} required skills")
    elif feature == "experience_gap" and v >= 0 and profile.experience_years > 0:
        y = f"{profile.experience_years:g}"
        return Reason("experience", f"{y} năm kinh nghiệm", f"{y} years' experience")
    elif feature == "education_gap" and v >= 0 and job.min_education_rank:
        return Reason("education", "đủ trình độ học vấn", "meets the education level")
    elif feature == "distance_km":
        if v < 1:  # distances are between district centroids
            return Reason("distance", "cùng huyện", "same district")
        km = f"{v:.0f}"
        return Reason("distance", f"cách {km} km", f"{km} km away")
    elif feature == "salary_ratio" and v >= 0:
        return Reason("salary", "mức lương đạt mong muốn", "pay meets the expected salary")
    elif feature == "language_margin" and v >= 0:
        reqs = language_requirements(job)
        if reqs:
            r = reqs[-1]
            level = r.get("min_score") or r.get("min_level") or r.get("level") or ""
            label = f"{r.get('test') or r.get('code')} {level}".strip()
            return Reason("language", f"đạt {label}", f"holds {label}")
    elif feature == "overseas_fit" and v > 0:
        return Reason("overseas", "sẵn sàng đi làm việc ở nước ngoài", "willing to work abroad")
    elif feature == "country_preference" and v >= 1:
        return Reason("country", f"muốn đi {job.country_vi}", f"wants to work in {job.country_en}")
    elif feature == "profile_age_days" and v <= 30:
        return Reason("fresh", "hồ sơ mới cập nhật", "profile recently updated")
    return None


def reasons(x: np.ndarray, contrib: np.ndarray, profile: Profile, job: Job, k: int = 3) -> list[Reason]:
    """Up to ``k`` reasons for one pair, strongest contribution first."""
    out: list[Reason] = []
    for f in np.argsort(-contrib, kind="stable"):
        if contrib[f] <= 0 or len(out) >= k:
            break
        r = _reason(FEATURES[f], float(x[f]), profile, job)
        if r is not None:
            out.append(r)
    return out
