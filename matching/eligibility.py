"""Hard rules that exclude a (jobseeker, vacancy) pair outright, each with a readable reason.

The rules are data: the vacancy's own requirements and its overseas
programme's ``rules`` (age range, language test and level, sex where the order
legally requires it, minimum education, certificate). A pair is eligible only
when no rule excludes it; ineligible pairs never reach a ranked list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from search.text import fold

from .types import Job, Language, Profile, Reason

__all__ = [
    "EDUCATION_NAMES",
    "exclusions",
    "is_eligible",
    "eligibility_mask",
    "language_requirements",
    "language_margin",
    "level_value",
]

# Same order as webapp.models.enums.Education (the library must not import webapp).
EDUCATION_NAMES = [
    ("none", "không", "none"),
    ("primary", "tiểu học", "primary school"),
    ("lower_secondary", "THCS", "lower secondary"),
    ("upper_secondary", "THPT", "upper secondary"),
    ("elementary_vocational", "sơ cấp nghề", "elementary vocational"),
    ("intermediate", "trung cấp", "intermediate vocational"),
    ("college", "cao đẳng", "college"),
    ("university", "đại học", "university"),
    ("postgraduate", "sau đại học", "postgraduate"),
]
_EDU_RANK = {name: i for i, (name, _vi, _en) in enumerate(EDUCATION_NAMES)}
_CEFR = {"a1": 1, "a2": 2, "b1": 3, "b2": 4, "c1": 5, "c2": 6}
# Full scale of each test, to express a margin as a share of the scale.
_SCALE = {"eps-topik": 200.0, "jlpt": 5.0, "cefr": 6.0, "topik": 6.0, "ielts": 9.0}
_NUM = re.compile(r"\d+(?:[.,]\d+)?")


def _family(test: str) -> str:
    t = fold(test).replace(" ", "-")
    if "eps" in t:
        return "eps-topik"
    if "jlpt" in t or t == "jp":
        return "jlpt"
    if "topik" in t:
        return "topik"
    if "ielts" in t:
        return "ielts"
    if t in {"goethe", "telc", "cefr", "osd", "delf", "testdaf"}:
        return "cefr"
    return t


def level_value(test: str, level: Any) -> float | None:
    """A comparable number for a test level: JLPT N5=1 … N1=5, CEFR A1=1 … C2=6, scores as numbers."""
    fam = _family(test)
    raw = fold(str(level or "")).replace(" ", "")
    if not raw:
        return None
    if fam == "jlpt":
        m = re.search(r"n?([1-5])", raw)
        return float(6 - int(m.group(1))) if m else None
    if raw[:2] in _CEFR:
        return float(_CEFR[raw[:2]])
    m = _NUM.search(raw)
    return float(m.group(0).replace(",", ".")) if m else None


def language_requirements(job: Job) -> list[dict[str, Any]]:
    """The vacancy's own language requirement and its programme's, both of which must be met."""
    reqs: list[dict[str, Any]] = []
    for req in (job.language_requirement, job.programme_rules.get("language")):
        if req and req.get("code"):
            reqs.append(req)
    return reqs


def _required_level(req: dict[str, Any]) -> Any:
    for key in ("min_score", "min_level", "level"):
        if req.get(key) not in (None, ""):
            return req[key]
    return None


def language_margin(languages: Sequence[Language], req: dict[str, Any]) -> float | None:
    """How far the best matching certificate is above the requirement, as a share of the test's scale.

    None when the person has no certificate of that language and test (the
    requirement is not met); 0 or more when it is met.
    """
    code, test = str(req.get("code", "")).lower(), str(req.get("test", ""))
    need = level_value(test, _required_level(req)) if test else None
    best: float | None = None
    for lang in languages:
        if lang.code.lower() != code:
            continue
        if test and _family(lang.test) != _family(test):
            continue
        if need is None:
            margin = 0.0
        else:
            have = level_value(lang.test or test, lang.level)
            if have is None:
                continue
            margin = (have - need) / _SCALE.get(_family(test), max(need, 1.0))
        best = margin if best is None else max(best, margin)
    return best


def _limit(*values: Any, pick: Any) -> Any:
    present = [v for v in values if v is not None]
    return pick(present) if present else None


def _education_label(rank: int) -> tuple[str, str]:
    _name, vi, en = EDUCATION_NAMES[max(0, min(rank, len(EDUCATION_NAMES) - 1))]
    return vi, en


def exclusions(profile: Profile, job: Job, on: dt.date) -> list[Reason]:
    """Every reason the pair is excluded on ``on``; an empty list means eligible."""
    out: list[Reason] = []
    rules = job.programme_rules or {}
    if not job.open or (job.deadline is not None and job.deadline < on):
        out.append(Reason("closed", "tin tuyển dụng đã hết hạn", "the vacancy is closed"))
    if job.overseas and not (
        job.agency and job.agency_verified and job.licence_expires and job.licence_expires >= on
    ):
        out.append(
            Reason(
                "licence",
                f"giấy phép của doanh nghiệp dịch vụ không còn hiệu lực ngày {on:%d/%m/%Y}",
                f"the agency's licence is not valid on {on:%Y-%m-%d}",
            )
        )
    age = profile.age_on(on)
    if job.overseas and age < 18:
        out.append(
            Reason("under_18", "chưa đủ 18 tuổi để đi làm việc ở nước ngoài", "under 18: no overseas work")
        )
    min_age = _limit(job.min_age, rules.get("min_age"), pick=max)
    max_age = _limit(job.max_age, rules.get("max_age"), pick=min)
    if min_age is not None and age < min_age:
        out.append(
            Reason("too_young", f"dưới độ tuổi tối thiểu {min_age}", f"under the minimum age of {min_age}")
        )
    if max_age is not None and age > max_age:
        whose_vi, whose_en = (
            ("của chương trình", "programme's")
            if rules.get("max_age") == max_age
            else (
                "của đơn hàng",
                "vacancy's",
            )
        )
        out.append(
            Reason(
                "too_old",
                f"quá giới hạn tuổi {max_age} {whose_vi}",
                f"over the {whose_en} age limit of {max_age}",
            )
        )
    sex = job.sex_required or rules.get("sex")
    if sex and profile.sex and profile.sex != sex:
        vi = "nữ" if sex == "female" else "nam"
        out.append(Reason("sex", f"đơn hàng chỉ tuyển {vi}", f"the order is for {sex} workers only"))
    prog_edu = _EDU_RANK.get(str(rules.get("min_education") or ""))
    min_edu = _limit(job.min_education_rank, prog_edu, pick=max)
    if min_edu is not None and profile.education_rank < min_edu:
        vi, en = _education_label(min_edu)
        out.append(
            Reason("education", f"chưa đạt trình độ tối thiểu ({vi})", f"below the minimum education ({en})")
        )
    for req in language_requirements(job):
        margin = language_margin(profile.languages, req)
        if margin is None or margin < 0:
            test = req.get("test") or req.get("code", "")
            level = _required_level(req)
            label = f"{test} {level}".strip() if level is not None else str(test)
            out.append(Reason("language", f"chưa đạt {label}", f"does not hold {label}"))
    for cert in (job.required_certificate, rules.get("certificate") or ""):
        if cert and fold(cert) not in profile.certificates:
            out.append(Reason("certificate", f"thiếu chứng chỉ: {cert}", f"missing certificate: {cert}"))
    return out


def is_eligible(profile: Profile, job: Job, on: dt.date) -> bool:
    return not exclusions(profile, job, on)


def eligibility_mask(profiles: Sequence[Profile], jobs: Sequence[Job], on: dt.date) -> np.ndarray:
    """Boolean matrix [profile, job] of eligible pairs."""
    mask = np.zeros((len(profiles), len(jobs)), dtype=bool)
    for i, p in enumerate(profiles):
        for j, job in enumerate(jobs):
            mask[i, j] = not exclusions(p, job, on)
    return mask
