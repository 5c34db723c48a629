"""Candidate retrieval for matching on the Elasticsearch backend.

Kept apart from the interactive search of ``elasticsearch.py``: matching sends
whole titles and skill lists and wants a few hundred ids fast, not facets.
"""

from __future__ import annotations

import time
from typing import Any

from ..query import Query, query_terms
from ..schemas import SCHEMAS
from .elasticsearch import FUZZY_MAX_TERMS, ElasticsearchBackend
from .elasticsearch_query import FUZZINESS
from .elasticsearch_query import filters as filter_clauses

BOUNDED_FIELDS = ("title", "occupation")
# As on SQLite: the rarest words first while their posting lists stay within this many
# documents, never words in more than half of them. Document frequencies come from the
# index itself (term vectors of an artificial document) and are cached for a while.
BOUNDED_POSTINGS = 5_000
_DF_TTL = 300.0
_df_cache: dict[tuple[str, str], tuple[float, int]] = {}
_count_cache: dict[str, tuple[float, int]] = {}


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
    filters = filter_clauses(schema, query)
    body: dict[str, Any]
    if terms and not query.fuzzy:
        # Text from a record (a vacancy), not typed by a person: exact rare words in the
        # title and occupation fields only, so the work does not grow with the index.
        rare = _rare(backend, entity, list(dict.fromkeys(terms)))
        if not rare:
            return []
        fields = [f"{f}^{w}" for f, w in schema.text_fields.items() if f in BOUNDED_FIELDS]
        body = {
            "bool": {
                "must": [{"multi_match": {"query": " ".join(rare), "fields": fields, "type": "most_fields"}}],
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


def _rare(backend: ElasticsearchBackend, entity: str, terms: list[str]) -> list[str]:
    """The rarest of ``terms`` that are in the index, within the postings budget."""
    index = backend.alias(entity)
    now = time.monotonic()
    missing = [t for t in terms if now - _df_cache.get((index, t), (-_DF_TTL, 0))[0] >= _DF_TTL]
    if missing or now - _count_cache.get(index, (-_DF_TTL, 0))[0] >= _DF_TTL:
        resp = backend.client.termvectors(
            index=index,
            doc={"all": " ".join(missing or terms[:1])},
            fields=["all"],
            term_statistics=True,
            field_statistics=True,
            positions=False,
            offsets=False,
        )
        vector = resp.get("term_vectors", {}).get("all", {})
        found = vector.get("terms", {})
        for t in missing:
            _df_cache[(index, t)] = (now, int(found.get(t, {}).get("doc_freq", 0)))
        _count_cache[index] = (now, int(vector.get("field_statistics", {}).get("doc_count", 0)))
    half = _count_cache[index][1] / 2
    known = sorted((df, t) for t in terms if 0 < (df := _df_cache[(index, t)][1]) <= half)
    kept: list[str] = []
    postings = 0
    for df, t in known:
        if postings + df > BOUNDED_POSTINGS:
            break
        kept.append(t)
        postings += df
    return kept
