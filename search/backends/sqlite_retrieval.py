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
from .sqlite import _VOCAB, SQLiteBackend
from .sqlite_sql import quote, ranked_page

# Bounded retrieval (``query.fuzzy`` off: text taken from a record, not typed by a person):
# only the title and occupation columns, exact words, rarest first while their posting
# lists together stay within the budget (at 1,000,000 profiles, words in at most 0.5%
# of them), and never words in more than half the documents (an IDF of about zero).
BOUNDED_FIELDS = ("title", "occupation")
BOUNDED_POSTINGS = 5_000


def retrieve(
    backend: SQLiteBackend, conn: Connection, entity: str, query: Query, limit: int
) -> list[tuple[int, float]]:
    """Any-term (OR) retrieval ranked by bm25: recall matters more than precision here.

    With ``query.fuzzy`` off the work is bounded whatever the size of the index (see
    ``BOUNDED_*``); words left out are common ones, which the caller's structured
    retrieval (same trade) covers better than bm25 could.
    """
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
        return ranked_page(conn, schema, q, None, limit, 0)
    vocab = backend.vocabulary(conn, entity)
    if not query.fuzzy:
        rare = _rare(conn, entity, vocab, list(dict.fromkeys(terms)))
        if not rare:
            return []
        cols = " ".join(f for f in BOUNDED_FIELDS if f in schema.text_fields)
        match = "{" + cols + "} : (" + " OR ".join(quote(t) for t in rare) + ")"
        return ranked_page(conn, schema, q, match, limit, 0)
    cols = " ".join(schema.text_fields)
    alts: list[str] = []
    for t in _informative(conn, entity, vocab, list(dict.fromkeys(terms))):
        alts += [t, *vocab.corrections(t)]
    match = "{" + cols + "} : (" + " OR ".join(quote(a) for a in dict.fromkeys(alts)) + ")"
    # Ranked and cut inside SQLite (a top-n sort), not by fetching every match into Python.
    return ranked_page(conn, schema, q, match, limit, 0)


def _informative(conn: Connection, entity: str, vocab: Vocabulary, terms: list[str]) -> list[str]:
    """``terms`` without those in more than half the documents, as long as one remains.

    bm25 gives such a term an IDF of (almost) zero, so in an any-term query it adds
    nothing to any score; it only makes SQLite walk a posting list as long as the index.
    """
    total = _VOCAB.total(conn, entity)
    kept = [t for t in terms if vocab.terms.get(t, 0) * 2 <= total]
    return kept or terms


def _rare(conn: Connection, entity: str, vocab: Vocabulary, terms: list[str]) -> list[str]:
    """The rarest of ``terms`` that are in the index, within the postings budget."""
    half = _VOCAB.total(conn, entity) / 2
    known = sorted((vocab.terms[t], t) for t in terms if 0 < vocab.terms.get(t, 0) <= half)
    kept: list[str] = []
    postings = 0
    for df, t in known:
        if postings + df > BOUNDED_POSTINGS:
            break
        kept.append(t)
        postings += df
    return kept
