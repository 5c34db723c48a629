"""Filter values as people and scripts write them, turned into the codes the index holds.

The index stores codes ("449", "TW", "overseas", "college"); a query string may say
``country=tw``, ``country=Đài Loan``, ``district=Kỳ Anh`` or ``kind=XKLĐ``. Each value
is matched case- and mark-insensitively against the code, then against the names.
A value that means nothing is an error naming the filter and what it accepts, not an
empty result that looks like "no vacancies".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.query import Query
from search.text import fold

from ..models import Country, OverseasProgramme
from .reference import districts_matching
from .search_labels import EDUCATION, FACET_TITLES, KINDS, LANGUAGES, OCCUPATION_GROUPS, OVERSEAS, SALARY

__all__ = ["resolve_filters"]

# Query-string names of the index fields (the error is reported under the name the caller used).
_PARAM = {"languages": "language", "salary_band": "salary", "countries": "country_pref"}

# Words for a code beyond its label, folded.
_SYNONYMS: dict[str, dict[str, str]] = {
    "kind": {
        "trong nuoc": "domestic",
        "noi dia": "domestic",
        "viet nam": "domestic",
        "ngoai nuoc": "overseas",
        "nuoc ngoai": "overseas",
        "xkld": "overseas",
        "xuat khau lao dong": "overseas",
        "abroad": "overseas",
    },
    "languages": {
        "tieng han": "ko",
        "korean": "ko",
        "tieng nhat": "ja",
        "japanese": "ja",
        "tieng trung": "zh",
        "chinese": "zh",
        "tieng anh": "en",
        "english": "en",
        "tieng duc": "de",
        "german": "de",
    },
    "sex": {"nam": "male", "nu": "female", "male": "male", "female": "female"},
    "overseas": {"co": "yes", "khong": "no", "true": "yes", "false": "no", "1": "yes", "0": "no"},
}

_FIXED_CODES: dict[str, Iterable[str]] = {
    "kind": KINDS,
    "education": EDUCATION,
    "languages": LANGUAGES,
    "salary_band": SALARY,
    "occupation_group": OCCUPATION_GROUPS,
    "overseas": OVERSEAS,
    "sex": ("male", "female"),
}

Resolver = Callable[[str], list[str]]


def _names_table(pairs: Iterable[tuple[str, Iterable[str]]]) -> Resolver:
    """A resolver over (code, names): the code in any case, or any name without marks."""
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for code, names in pairs:
        by_code[code.casefold()] = code
        for name in names:
            if name:
                by_name.setdefault(fold(str(name)), code)

    def resolve(value: str) -> list[str]:
        code = by_code.get(value.strip().casefold()) or by_name.get(fold(value))
        return [code] if code else []

    return resolve


def _fixed(field: str) -> Resolver:
    codes = _FIXED_CODES[field]
    labels = codes if isinstance(codes, dict) else {}
    pairs = [(c, [str(labels.get(c, ""))]) for c in codes]
    pairs += [(code, [word]) for word, code in _SYNONYMS.get(field, {}).items()]
    return _names_table(pairs)


def _resolvers(session: Session) -> dict[str, Resolver]:
    countries = _names_table(
        (code, [vi, en]) for code, vi, en in session.execute(select(Country.code, Country.name_vi, Country.name_en))
    )
    programmes = _names_table(
        (code, [vi, en])
        for code, vi, en in session.execute(
            select(OverseasProgramme.code, OverseasProgramme.name_vi, OverseasProgramme.name_en)
        )
    )
    out: dict[str, Resolver] = {field: _fixed(field) for field in _FIXED_CODES}
    out.update(
        district=lambda v: [d.code for d in districts_matching(session, v)],
        country=countries,
        countries=countries,
        programme=programmes,
    )
    return out


def resolve_filters(session: Session, q: Query) -> dict[str, str]:
    """Replace ``q.filters`` values by index codes in place; returns errors by parameter
    name for values that match nothing (fields without a known list, e.g. age bands,
    pass through unchanged)."""
    if not q.filters:
        return {}
    resolvers = _resolvers(session)
    errors: dict[str, str] = {}
    for field, values in q.filters.items():
        resolve = resolvers.get(field)
        if resolve is None:
            continue
        codes: list[str] = []
        unknown: list[str] = []
        for value in values:
            found = resolve(value)
            if not found:
                unknown.append(value)
            codes += [c for c in found if c not in codes]
        if unknown:
            param = _PARAM.get(field, field)
            errors[param] = _(
                "The “%(filter)s” filter has no value “%(values)s”. Use a code or a name from the "
                "search page's filters, for example: %(example)s.",
                filter=str(FACET_TITLES.get(param, param)),
                values="”, “".join(unknown),
                example=_example(field),
            )
        q.filters[field] = codes
    return errors


def _example(field: str) -> str:
    return {
        "district": "436, Thành phố Hà Tĩnh, Kỳ Anh",
        "country": "TW, JP, KR, Đài Loan",
        "countries": "TW, JP, KR",
        "programme": "KR_EPS, JP_TITP, TW_FACTORY",
        "kind": "domestic, overseas",
        "languages": "ko, ja, zh, en, de",
        "education": "upper_secondary, college, university",
        "salary_band": ", ".join(SALARY),
        "occupation_group": "1–9 (ISCO-08)",
        "overseas": "yes, no",
        "sex": "male, female",
    }.get(field, "")
