"""Index schemas for vacancies and jobseeker profiles, shared by both backends.

A document is a plain dict built by the application (see
``webapp/services/indexing.py``)::

    {"id": 12, "version": 3, "text": {"title": "Thợ hàn điện", ...},
     "district": "449", "languages": ["ko"], ..., "display": {...}}

``text`` holds the original wording per text field; the backends fold it (and
expand abbreviations) before indexing and keep a lower-cased exact copy so
that matches typed with the right marks rank above folded ones. ``display`` is
what a result page shows; it never holds personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AGE_BANDS",
    "JOBSEEKERS",
    "SCHEMAS",
    "VACANCIES",
    "EntitySchema",
    "age_band_of",
    "salary_band",
    "text_for_index",
]

# Jobseeker documents carry an age band, never a birth date: (label, first age, last age).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("<18", 0, 17),
    ("18-24", 18, 24),
    ("25-29", 25, 29),
    ("30-34", 30, 34),
    ("35-39", 35, 39),
    ("40-49", 40, 49),
    ("50+", 50, 200),
)


def age_band_of(age: int) -> str:
    return next((label for label, _first, last in AGE_BANDS if age <= last), AGE_BANDS[-1][0])


@dataclass(frozen=True)
class EntitySchema:
    name: str  # "vacancies" or "jobseekers"
    # Text fields and their boosts (the title counts more than the description).
    text_fields: dict[str, float]
    # Single-valued keyword fields usable as filters and facets.
    keywords: tuple[str, ...]
    # Multi-valued keyword fields (lists in the document).
    multi: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    sorts: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (field, asc|desc)
    # Keyword fields whose every possible value is known: a filter asking for most of them
    # is cheaper as "not the others" (see the Elasticsearch backend's filters).
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)


VACANCIES = EntitySchema(
    name="vacancies",
    text_fields={
        "title": 5.0,
        "occupation": 3.0,
        "skills": 2.0,
        "employer": 1.5,
        "place": 1.5,
        "description": 0.6,
    },
    keywords=("kind", "district", "country", "programme", "occupation_group", "education", "salary_band"),
    multi=("languages",),
    facets=(
        "kind",
        "district",
        "country",
        "programme",
        "occupation_group",
        "education",
        "languages",
        "salary_band",
    ),
    numbers=("salary_vnd",),
    dates=("posted_at", "deadline", "visible_until"),
    flags=("visible",),
    sorts={
        "newest": ("posted_at", "desc"),
        "salary": ("salary_vnd", "desc"),
        "deadline": ("deadline", "asc"),
    },
)

JOBSEEKERS = EntitySchema(
    name="jobseekers",
    text_fields={"title": 5.0, "occupation": 3.0, "skills": 2.0, "place": 1.0, "summary": 0.6},
    keywords=("district", "occupation_group", "education", "age_band", "sex", "overseas"),
    multi=("languages", "countries"),
    facets=("district", "occupation_group", "education", "age_band", "languages", "overseas"),
    numbers=("experience_years",),
    dates=("updated_at",),
    flags=("searchable",),
    sorts={"newest": ("updated_at", "desc"), "experience": ("experience_years", "desc")},
    domains={"age_band": tuple(label for label, _first, _last in AGE_BANDS)},
)

SCHEMAS = {s.name: s for s in (VACANCIES, JOBSEEKERS)}

# Salary bands in VND per month (upper bounds exclusive); labels are the facet keys.
SALARY_BANDS: tuple[tuple[str, int | None], ...] = (
    ("lt5m", 5_000_000),
    ("5-10m", 10_000_000),
    ("10-20m", 20_000_000),
    ("20-40m", 40_000_000),
    ("40m+", None),
)


def salary_band(vnd: int | None) -> str | None:
    if vnd is None:
        return None
    for label, upper in SALARY_BANDS:
        if upper is None or vnd < upper:
            return label
    return None  # pragma: no cover


def text_for_index(doc: dict[str, Any], schema: EntitySchema) -> dict[str, str]:
    """The original text per field, missing fields as empty strings."""
    text = doc.get("text") or {}
    return {f: str(text.get(f) or "") for f in schema.text_fields}
