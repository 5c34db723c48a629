"""Plain objects the matching library works on; webapp/services/matching.py builds them from models.

Sex is carried only because some orders legally require it (an eligibility
rule) and for the fairness report; it is never a feature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Job", "Language", "Profile", "Reason"]


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1: ko, ja, de, en
    test: str = ""  # EPS-TOPIK, JLPT, TOPIK, Goethe, IELTS
    level: str = ""  # 150, N4, B1, 5.5


@dataclass
class Profile:
    """A jobseeker as matching sees it."""

    id: int
    birth_date: dt.date
    sex: str = ""  # eligibility (sex-restricted orders) and fairness report only
    education_rank: int = 0  # webapp.models.enums.EDUCATION_RANK
    isco: str = ""  # 4-digit ISCO-08 unit group, "" when unknown
    title: str = ""  # desired job title
    text: str = ""  # summary, occupation names, skills, training
    skills: frozenset[str] = frozenset()  # folded skill names
    experience_years: float = 0.0
    lat: float | None = None
    lon: float | None = None
    desired_salary_vnd: float | None = None
    willing_overseas: bool = False
    preferred_countries: frozenset[str] = frozenset()
    languages: tuple[Language, ...] = ()
    certificates: str = ""  # folded free text: vocational training, certificates
    updated_on: dt.date | None = None

    def age_on(self, day: dt.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@dataclass
class Job:
    """A vacancy (domestic job or overseas order) with its programme rules."""

    id: int
    employer_id: int = 0
    title: str = ""
    text: str = ""
    isco: str = ""
    occupation_vi: str = ""
    occupation_en: str = ""
    overseas: bool = False
    country_code: str | None = None
    country_vi: str = ""
    country_en: str = ""
    skills: frozenset[str] = frozenset()
    min_age: int | None = None
    max_age: int | None = None
    sex_required: str | None = None
    min_education_rank: int | None = None
    min_experience_years: float = 0.0
    language_requirement: dict[str, Any] | None = None
    required_certificate: str = ""
    lat: float | None = None
    lon: float | None = None
    salary_min_vnd: float | None = None
    salary_max_vnd: float | None = None
    open: bool = True  # status is open
    deadline: dt.date | None = None
    agency: bool = False
    agency_verified: bool = False
    licence_expires: dt.date | None = None
    programme_code: str = ""
    programme_rules: dict[str, Any] = field(default_factory=dict)

    @property
    def salary_mid_vnd(self) -> float | None:
        lo, hi = self.salary_min_vnd, self.salary_max_vnd
        if lo and hi:
            return (lo + hi) / 2
        return lo or hi or None


@dataclass(frozen=True)
class Reason:
    """A sentence a person can read, in Vietnamese and English."""

    code: str
    vi: str
    en: str

    def text(self, locale: str = "vi") -> str:
        return self.en if str(locale).startswith("en") else self.vi
