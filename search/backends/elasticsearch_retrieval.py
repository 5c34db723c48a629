"""Candidate retrieval for matching on the Elasticsearch backend.

Kept apart from the interactive search of ``elasticsearch.py``: matching sends
whole titles and skill lists and wants a few hundred ids fast, not facets.
"""

from __future__ import annotations

from typing import Any

from ..query import Query, query_terms
from ..schemas import SCHEMAS
from .elasticsearch import FUZZINESS, FUZZY_MAX_TERMS, ElasticsearchBackend

BOUNDED_FIELDS = ("title", "occupation")


def retrieve(backend: ElasticsearchBackend, entity: str, query: Query, limit: int) -> list[tuple[int, float]]:
    """Up to ``limit`` (id, score) pairs, best first, for matching.

    Any word may match. Only ids and scores come back (no ``_source``, no total
    count, sorted by score alone so that Lucene can skip documents that cannot
    enter the top ``limit``). Fuzziness only for short queries: matching sends a
    whole title + occupation + skills, and fuzzy expansion of every word of such a
    text is what made retrieval slow. With ``query.fuzzy`` off (bounded retrieval
    for text from a record) only the title and occupation fields are searched.
    """
    schema = SCHEMAS[entity]
    terms = query_terms(query.text)
    filters = backend._filters(schema, query)
    body: dict[str, Any]
    if terms and not query.fuzzy:
        # Text from a record (a vacancy), not typed by a person: exact words in the title
        # and occupation fields only. Lucene's block-max WAND then skips the documents of
        # common words that cannot reach the top ``limit`` instead of scoring them all.
        fields = [f"{f}^{w}" for f, w in schema.text_fields.items() if f in BOUNDED_FIELDS]
        body = {
            "bool": {
                "must": [
                    {"multi_match": {"query": " ".join(terms), "fields": fields, "type": "most_fields"}}
                ],
                "filter": filters,
            }
        }
    elif terms:
        joined = " ".join(terms)
        fuzzy: dict[str, Any] = (
            {"fuzziness": FUZZINESS, "prefix_length": 1, "fuzzy_transpositions": True}
            if query.fuzzy and len(terms) <= FUZZY_MAX_TERMS
            else {}
        )
        body = {
            "bool": {
                "must": [{"match": {"all": {"query": joined, "operator": "or", **fuzzy}}}],
                "should": [
                    {
                        "multi_match": {
                            "query": joined,
                            "fields": [f"{f}^{w}" for f, w in schema.text_fields.items()],
                        }
                    }
                ],
                "filter": filters,
            }
        }
    else:
        body = {"bool": {"filter": filters}}
    resp = backend.client.search(
        index=backend.alias(entity),
        query=body,
        size=limit,
        source=False,
        track_total_hits=False,
        filter_path="hits.hits._id,hits.hits._score",
    )
    hits = resp.get("hits", {}).get("hits", [])
    return [(int(h["_id"]), float(h.get("_score") or 0.0)) for h in hits]
