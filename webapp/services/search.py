"""Search services: vacancy search, profile search and candidate retrieval for matching.

One implementation for the web pages, the JSON API and the matching pipeline;
the backend (SQLite FTS5 or Elasticsearch) comes from configuration.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from search.fallback import near_matches
from search.query import Query, query_terms, snippet
from search.schemas import JOBSEEKERS, VACANCIES

from ..models import Role
from . import indexing as _indexing  # noqa: F401  (registers the index events)
from .errors import PermissionDenied, ValidationError
from .permissions import is_staff
from .search_filters import resolve_filters
from .search_labels import API_NAMES

__all__ = [
    "VACANCY_SORTS",
    "parse_params",
    "retrieve_candidates",
    "retrieve_vacancies",
    "search_jobseekers",
    "search_vacancies",
]

VACANCY_SORTS = ("relevance", "newest", "salary", "deadline")
JOBSEEKER_SORTS = ("relevance", "newest", "experience")
MAX_PER_PAGE = 100
MAX_PAGE = 500
# Query-string names for filters that differ from the index field names.
_ALIASES = {
    "language": "languages",
    "occupation": "occupation_group",
    "salary": "salary_band",
    "country_pref": "countries",
}
# Index field -> the query-string parameter the pages and the API answer use for it.
_PARAMS = {field: param for param, field in _ALIASES.items()}


def _backend(session: Session) -> Any:
    from ..search_wiring import backend_for

    return backend_for(session)


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    raw = getlist(key) if getlist else params.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    out: list[str] = []
    for item in items:
        out += [p.strip() for p in str(item).split(",") if p.strip()]
    return out


def _int(params: Mapping[str, Any], key: str, default: int | None, errors: dict[str, str]) -> int | None:
    vals = _values(params, key)
    if not vals:
        return default
    try:
        return int(vals[0].replace(".", ""))
    except ValueError:
        errors[key] = _("Enter a whole number.")
        return default


def parse_params(params: Mapping[str, Any], entity: str = "vacancies") -> Query:
    """Query-string (or dict) parameters to a ``Query``; bad values raise ValidationError."""
    schema = VACANCIES if entity == "vacancies" else JOBSEEKERS
    sorts = VACANCY_SORTS if entity == "vacancies" else JOBSEEKER_SORTS
    errors: dict[str, str] = {}
    q = Query(text=" ".join(_values(params, "q"))[:200])
    for key in {*schema.keywords, *schema.multi, *_ALIASES}:
        field = _ALIASES.get(key, key)
        if field not in schema.keywords and field not in schema.multi:
            continue
        values = _values(params, key)
        if values:
            q.filters.setdefault(field, [])
            q.filters[field] += [v for v in values if v not in q.filters[field]]
    page = _int(params, "page", 1, errors)
    per_page = _int(params, "per_page", 20, errors)
    q.page = 1 if page is None else page
    q.per_page = 20 if per_page is None else per_page
    if not 1 <= q.page <= MAX_PAGE:
        errors["page"] = _("Page must be between 1 and %(n)s.", n=MAX_PAGE)
    if not 1 <= q.per_page <= MAX_PER_PAGE:
        errors["per_page"] = _("Results per page must be between 1 and %(n)s.", n=MAX_PER_PAGE)
    if entity == "vacancies":
        q.salary_min = _int(params, "salary_min", None, errors)
        q.salary_max = _int(params, "salary_max", None, errors)
    sort = (_values(params, "sort") or ["relevance"])[0]
    if sort not in sorts:
        errors["sort"] = _("Sort by one of: %(names)s.", names=", ".join(sorts))
    q.sort = sort
    if errors:
        raise ValidationError(_("Some search settings are not valid."), errors)
    return q


def filter_param(name: str) -> str:
    """The query-string parameter of a filter, from any of its names: the parameter itself,
    the index field or the API's facet name ("languages" and "occupation_group" give
    "language" and "occupation"); the answer's ``filters`` are keyed by it."""
    field = _ALIASES.get(name, name)
    return _PARAMS.get(field, field)


def facet_name(param: str) -> str:
    """The API's facet name for a query-string parameter ("occupation" → "occupation_group")."""
    field = _ALIASES.get(param, param)
    return API_NAMES.get(field, field)


def _page_info(total: int, q: Query) -> dict[str, int]:
    return {"page": q.page, "per_page": q.per_page, "pages": max(1, math.ceil(total / q.per_page))}


def _search(session: Session, entity: str, q: Query) -> dict[str, Any]:
    """Run ``q`` and shape the answer; near matches ride along when nothing matched."""
    errors = resolve_filters(session, q)
    if errors:
        raise ValidationError(_("Some search settings are not valid."), errors)
    backend = _backend(session)
    conn = session.connection()
    result = backend.search(conn, entity, q)
    out = _response(result, q)
    out["filters"] = {filter_param(field): codes for field, codes in q.filters.items()}
    near = near_matches(backend, conn, entity, q, result)
    out["near_matches"] = (
        {"total": near.total, "lacking": near.lacking, "items": _items(near, q)} if near else None
    )
    return out


def _items(result: Any, q: Query) -> list[dict[str, Any]]:
    terms = query_terms(q.text)
    items = []
    for hit in result.hits:
        d = dict(hit.display)
        excerpt = d.pop("excerpt", "") or ""
        d["score"] = round(hit.score, 4)
        d["snippet"] = snippet(excerpt, terms) if excerpt else ""
        d["title_html"] = snippet(d.get("title") or "", terms, width=300)
        items.append(d)
    return items


def _response(result: Any, q: Query) -> dict[str, Any]:
    """The API shape shared by both searches: items with highlighted snippets, facets, suggestion."""
    items = _items(result, q)
    return {
        "total": result.total,
        **_page_info(result.total, q),
        "q": q.text,
        "sort": q.sort,
        "items": items,
        "facets": _api_facets(result.facets),
        "suggestion": result.suggestion,
    }


def search_vacancies(
    session: Session, params: Mapping[str, Any], today: dt.date | None = None
) -> dict[str, Any]:
    """Jobseeker-facing vacancy search, in the API shape of DESIGN.md.

    Only open vacancies of verified employers whose deadline (and, for overseas
    orders, the agency's licence) has not passed are found. Each item carries
    ``snippet``: HTML-escaped text with the matched words in ``<mark>``. When no
    vacancy has every word, ``near_matches`` offers those lacking one of them.
    """
    q = parse_params(params, "vacancies")
    q.visible_on = today or dt.date.today()
    return _search(session, "vacancies", q)


def _api_facets(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {API_NAMES.get(k, k): v for k, v in facets.items()}


def can_search_profiles(actor: Any) -> bool:
    return is_staff(actor) or bool(
        getattr(actor, "is_authenticated", False) and actor.role == Role.EMPLOYER and actor.employer_id
    )


def search_jobseekers(session: Session, actor: Any, params: Mapping[str, Any]) -> dict[str, Any]:
    """Profile search for staff and employers.

    Employers see only profiles whose owners agreed to be found (``searchable``);
    staff see every active profile. Documents hold no name or contact details.
    """
    if not can_search_profiles(actor):
        raise PermissionDenied(_("Only job-centre staff and employers can search jobseeker profiles."))
    q = parse_params(params, "jobseekers")
    q.only_searchable = not is_staff(actor)
    return _search(session, "jobseekers", q)


def _filters_query(text: str, filters: Mapping[str, Any] | None) -> Query:
    q = Query(text=text or "", facets=False, suggest=False)
    for key, value in (filters or {}).items():
        field = _ALIASES.get(key, key)
        if field in ("salary_min", "salary_max"):
            setattr(q, field, value)
            continue
        values = value if isinstance(value, list | tuple | set) else [value]
        q.filters[field] = [str(v) for v in values if v is not None]
    return q


def retrieve_candidates(
    session: Session,
    text: str,
    filters: Mapping[str, Any] | None = None,
    limit: int = 300,
    bounded: bool = False,
) -> list[tuple[int, float]]:
    """Jobseeker ids for matching: up to ``limit`` (id, score) pairs, best first.

    ``text`` is free text (typically a vacancy's title, occupation and skills); any
    of its words may match, typos and missing marks included. ``filters`` maps index
    fields to accepted values, e.g. ``{"district": ["449"], "languages": ["ko"],
    "overseas": "yes", "education": [...], "age_band": [...]}``; add
    ``"include_non_searchable": True`` to include profiles without search consent
    (staff-run matching). Only active profiles are indexed. Scores are backend
    relevance (bm25 or Lucene), comparable only within one call.

    ``bounded`` is for text taken from a record (a vacancy) rather than typed by a
    person: exact words in the title and occupation fields only, very common words
    left out, so the cost does not grow with the index (see the backends' retrieval).
    """
    filters = dict(filters or {})
    include_all = bool(filters.pop("include_non_searchable", False))
    q = _filters_query(text, filters)
    q.fuzzy = not bounded
    q.only_searchable = not include_all
    return list(_backend(session).retrieve(session.connection(), "jobseekers", q, limit))


def retrieve_vacancies(
    session: Session,
    text: str,
    filters: Mapping[str, Any] | None = None,
    limit: int = 300,
    today: dt.date | None = None,
) -> list[tuple[int, float]]:
    """Vacancy ids for matching a jobseeker: up to ``limit`` (id, score) pairs, best first.

    Only vacancies a jobseeker may see today (open, verified employer, deadline and
    agency licence not passed). ``filters`` as in ``retrieve_candidates``, with the
    vacancy fields: ``kind``, ``district``, ``country``, ``programme``,
    ``occupation_group``, ``education``, ``languages``, ``salary_min``/``salary_max`` (VND).
    """
    q = _filters_query(text, filters)
    q.visible_on = today or dt.date.today()
    return list(_backend(session).retrieve(session.connection(), "vacancies", q, limit))
