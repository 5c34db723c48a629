"""Filter values as people and scripts write them, turned into the codes the index holds.

The index stores codes ("449", "TW", "overseas", "college"); a query string may say
``country=tw``, ``country=Đài Loan``, ``district=Kỳ Anh`` or ``kind=XKLĐ``. Each value
is matched case- and mark-insensitively against the code, then against the names.
A value that means nothing is an error naming the filter and what it accepts, not an
empty result that looks like "no vacancies".
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.query import Query
from search.text import fold

from ..models import OverseasProgramme
from .reference import country_codes_by_name, districts_matching
from .search_labels import (
    API_NAMES,
    EDUCATION,
    FACET_TITLES,
    KINDS,
    LANGUAGES,
    OCCUPATION_GROUPS,
    OVERSEAS,
    SALARY,
)

__all__ = ["resolve_filters"]

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

def _codes_by_name(pairs: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """{folded code or name: code}; folding also makes the code case-insensitive."""
    out: dict[str, str] = {}
    for code, names in pairs:
        for name in (*names, code):
            if name:
                out[fold(str(name))] = code
    return out


def _lookup(session: Session, field: str) -> dict[str, str] | None:
    """Codes by name for ``field``, built only for the fields a query filters on."""
    if field in ("country", "countries"):
        return country_codes_by_name(session)
    if field == "programme":
        rows = session.execute(select(OverseasProgramme.code, OverseasProgramme.name_vi, OverseasProgramme.name_en))
        return _codes_by_name((code, (vi, en)) for code, vi, en in rows)
    if field in _FIXED_CODES:
        codes = _FIXED_CODES[field]
        labels = codes if isinstance(codes, dict) else {}
        pairs = [(c, [str(labels.get(c, ""))]) for c in codes]
        return _codes_by_name(pairs + [(code, [word]) for word, code in _SYNONYMS.get(field, {}).items()])
    return None


def _resolve(session: Session, field: str, values: list[str]) -> tuple[list[str], list[str]] | None:
    """(codes, values that mean nothing), or None for a field without a known list."""
    if field == "district":  # a short name may mean two units ("Kỳ Anh": town and district)
        found = [(v, [d.code for d in districts_matching(session, v)]) for v in values]
    else:
        table = _lookup(session, field)
        if table is None:
            return None
        found = [(v, [table[fold(v)]] if fold(v) in table else []) for v in values]
    codes = list(dict.fromkeys(c for _v, cs in found for c in cs))
    return codes, [v for v, cs in found if not cs]


def resolve_filters(session: Session, q: Query) -> dict[str, str]:
    """Replace ``q.filters`` values by index codes in place; returns errors by parameter
    name for values that match nothing (fields without a known list, e.g. age bands,
    pass through unchanged)."""
    if not q.filters:
        return {}
    errors: dict[str, str] = {}
    for field, values in q.filters.items():
        resolved = _resolve(session, field, values)
        if resolved is None:
            continue
        q.filters[field], unknown = resolved
        if unknown:
            param = API_NAMES.get(field, field)
            errors[param] = _(
                "The “%(filter)s” filter has no value “%(values)s”. Use a code or a name from the "
                "search page's filters, for example: %(example)s.",
                filter=str(FACET_TITLES.get(param, param)),
                values="”, “".join(unknown),
                example=_example(field),
            )
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
