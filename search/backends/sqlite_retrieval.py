"""Candidate retrieval for matching on the SQLite FTS5 backend.

Kept apart from the interactive search of ``sqlite.py``: matching sends whole
titles and skill lists rather than what a person types, and wants a few hundred
ids fast rather than facets, snippets and exact totals.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from ..query import Query, query_terms
from ..schemas import SCHEMAS
from . import Vocabulary
from .sqlite import _VOCAB, SQLiteBackend, _quote


def retrieve(
    backend: SQLiteBackend, conn: Connection, entity: str, query: Query, limit: int
) -> list[tuple[int, float]]:
    """Any-term (OR) retrieval ranked by bm25: recall matters more than precision here."""
    schema = SCHEMAS[entity]
    terms = query_terms(query.text)
    q = Query(
        text=query.text,
        filters=query.filters,
        salary_min=query.salary_min,
        salary_max=query.salary_max,
        visible_on=query.visible_on,
        only_searchable=query.only_searchable,
        facets=False,
    )
    if not terms:
        return backend._page(conn, schema, q, None, limit, 0)
    vocab = backend.vocabulary(conn, entity)
    cols = " ".join(schema.text_fields)
    alts: list[str] = []
    for t in _informative(conn, entity, vocab, list(dict.fromkeys(terms))):
        alts += [t, *vocab.corrections(t)]
    match = "{" + cols + "} : (" + " OR ".join(_quote(a) for a in dict.fromkeys(alts)) + ")"
    # Ranked and cut inside SQLite (a top-n sort), not by fetching every match into Python.
    return backend._page(conn, schema, q, match, limit, 0)


def _informative(conn: Connection, entity: str, vocab: Vocabulary, terms: list[str]) -> list[str]:
    """``terms`` without those in more than half the documents, as long as one remains.

    bm25 gives such a term an IDF of (almost) zero, so in an any-term query it adds
    nothing to any score; it only makes SQLite walk a posting list as long as the index.
    """
    total = _VOCAB.total(conn, entity)
    kept = [t for t in terms if vocab.terms.get(t, 0) * 2 <= total]
    return kept or terms
