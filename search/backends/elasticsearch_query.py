"""Search requests for Elasticsearch: filters, the text query and its boosts."""

from __future__ import annotations

from typing import Any

from ..query import Query, exact_terms
from ..schemas import EntitySchema

__all__ = ["FUZZINESS", "filters", "query_body", "text_query"]

FUZZINESS = "AUTO:4,8"  # no edits below 4 letters: short syllables differ by one letter


def filters(schema: EntitySchema, q: Query) -> list[dict[str, Any]]:
    """The query's visibility rules and filters as Elasticsearch filter clauses."""
    out: list[dict[str, Any]] = []
    if q.visible_on is not None and "visible" in schema.flags:
        out.append({"term": {"visible": True}})
        out.append({"range": {"visible_until": {"gte": q.visible_on.isoformat()}}})
    if q.only_searchable and "searchable" in schema.flags:
        out.append({"term": {"searchable": True}})
    for f, values in sorted(q.filters.items()):
        values = [str(v) for v in values if v not in (None, "")]
        if values and (f in schema.keywords or f in schema.multi):
            out.append(_terms(f, values, schema.domains.get(f)))
    rng: dict[str, int] = {}
    if q.salary_min is not None:
        rng["gte"] = q.salary_min
    if q.salary_max is not None:
        rng["lte"] = q.salary_max
    if rng and "salary_vnd" in schema.numbers:
        out.append({"range": {"salary_vnd": rng}})
    return out


def _terms(field: str, values: list[str], domain: tuple[str, ...] | None) -> dict[str, Any]:
    """``field`` is one of ``values``. When they are most of a known domain (every age band
    but one or two), the same set is "has the field and is none of the others": Lucene then
    walks the few excluded postings beside the query's selective clauses instead of building
    a set of nearly every document (30 ms → 10 ms over a million profiles)."""
    if domain is None or 2 * len(set(values) & set(domain)) <= len(domain):
        return {"terms": {field: values}}
    others = [v for v in domain if v not in values]
    has = {"exists": {"field": field}}
    if not others:
        return has
    return {"bool": {"filter": [has], "must_not": [{"terms": {field: others}}]}}


def text_query(schema: EntitySchema, q: Query, terms: list[str], fuzzy: bool) -> dict[str, Any]:
    """Every word required (fuzzily when typed by a person); field, bigram and exact-marks
    matches only raise the score."""
    joined = " ".join(terms)
    must = {
        "match": {
            "all": {
                "query": joined,
                "operator": "and",
                **(
                    {
                        "fuzziness": FUZZINESS,
                        "prefix_length": 1,
                        "max_expansions": 20,
                        "fuzzy_transpositions": True,
                    }
                    if fuzzy
                    else {}
                ),
            }
        }
    }
    should: list[dict[str, Any]] = [
        {
            "multi_match": {
                "query": joined,
                "fields": [f"{f}^{w}" for f, w in schema.text_fields.items()],
                "type": "best_fields",
                "tie_breaker": 0.3,
            }
        },
        {
            "multi_match": {
                "query": joined,
                "fields": [f"{f}.bi^{w}" for f, w in schema.text_fields.items()],
                "type": "best_fields",
            }
        },
    ]
    exact = exact_terms(q.text)
    if exact:
        should.append({"match": {"exact": {"query": " ".join(exact), "operator": "and", "boost": 2.0}}})
    return {"bool": {"must": [must], "should": should}}


def query_body(schema: EntitySchema, q: Query, terms: list[str], fuzzy: bool = True) -> dict[str, Any]:
    """The whole ``query`` of a search request: the text query with the filters."""
    wanted = filters(schema, q)
    if terms:
        query = text_query(schema, q, terms, fuzzy)
        query["bool"]["filter"] = wanted
    else:
        query = {"bool": {"filter": wanted}}
    return query
