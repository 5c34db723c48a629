"""SQLite FTS5 backend: the index lives in the application's own SQLite file.

Writes go through the caller's connection, so the index changes in the same
transaction as the data and a rollback undoes both. Per entity there are:

- ``fts_<entity>``: an FTS5 table with one column per text field (folded,
  abbreviations expanded) and ``pairs`` / ``pairs_main`` (neighbouring syllables
  as one token, "cong_nhan", each pair once per document), keyed by the entity id
  as rowid. Words typed with marks are checked against the display text of the
  best-ranked documents (``_rerank``), not indexed a second time;
- ``fts_<entity>_docs``: an ordinary table with the filter, facet and sort
  fields and the display JSON, indexed for filtering; searches read its columns
  from an in-process copy (``sqlite_columns``) when they can;
- ``fts_terms``: the folded vocabulary per entity, for typo correction with
  rapidfuzz (SQLite has no fuzzy matching of its own);
- ``fts_changes`` / ``fts_changed_ids``: what keeps the in-process copies true.

The tables are created by migrations 0002, 0004 and 0005 (Alembic cannot see virtual
tables); ``sqlite_schema.create_statements()`` is the single definition they use.
Match expressions, filter clauses and the plain-SQL path live in ``sqlite_sql``; writing
(upsert, delete, bulk loads) in ``sqlite_writes``; building the rows in ``sqlite_rows``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection

from ..query import Hit, Query, SearchResult, exact_terms, query_terms
from ..schemas import SCHEMAS, EntitySchema
from ..text import PAIR_JOIN, fold, spellings
from . import Vocabulary
from .sqlite_columns import Columns, columns_for
from .sqlite_driver import is_connection
from .sqlite_schema import create_statements, drop_statements, fts_table_statement
from .sqlite_sql import (
    EXACT_WEIGHT,
    Pair,
    aggregate,
    bm25_score,
    match_expression,
    ranked_page,
)
from .sqlite_vocab import _VOCAB
from .sqlite_writes import SQLiteWrites

__all__ = ["SQLiteBackend", "create_statements", "drop_statements", "fts_table_statement"]

# How far below the page the exact-marks boost looks (see ``_rerank``).
RERANK_DEPTH = 100
# bm25 costs over 2 µs a row at a million documents. Queries without filters that may match
# more than RANK_ALL documents list the ids first instead of scoring every match in one pass;
# relevance-sorted answers with more than RANK_SURVIVORS documents left after the filters are
# ranked by bm25 among the newest RANK_WINDOW of them (totals and facets still count all).
RANK_ALL = 20_000
RANK_SURVIVORS = 10_000
RANK_WINDOW = 5_000
# Syllable pairs are required only for syllables in this many documents (and this share of
# the index) or more, and only for pairs in at least PAIR_MIN_SHARE of the rarer one's documents.
PAIR_MIN_DOCS = 1_000
PAIR_MIN_FRACTION = 0.01
PAIR_MIN_SHARE = 0.05


def _raw(conn: Connection) -> sqlite3.Connection:
    """The DB-API connection under ``conn`` (same transaction), for reads of many rows."""
    raw = conn.connection.driver_connection
    assert raw is not None and is_connection(raw)
    return raw


def _holds_all(display_json: str, words: list[re.Pattern[str]]) -> bool:
    """Whether the stored display JSON holds every word (its spellings as typed, with marks)."""
    shown = unicodedata.normalize("NFC", display_json.replace("\\n", " ")).lower()
    return all(w.search(shown) for w in words)


def _id_score_arrays(rows: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    scores = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
    return ids, scores


class SQLiteBackend(SQLiteWrites):
    name = "sqlite"

    # ------------------------------------------------------------------ reading

    def vocabulary(self, conn: Connection, entity: str) -> Vocabulary:
        return _VOCAB.get(conn, entity)

    def _pairs(
        self, conn: Connection, schema: EntitySchema, terms: list[str], fixes: dict[str, list[str]]
    ) -> list[Pair]:
        """Neighbouring query syllables to require as one pair token ("cong_nhan").

        Only where it pays and is safe: both syllables are common (long posting lists, see
        ``PAIR_MIN_DOCS``) and the pair itself is a usual one (at least ``PAIR_MIN_SHARE`` of
        the rarer syllable's documents), so "cong nhan" must be adjacent while "han tho"
        (mixed word order, a rare pair) and rare words keep plain AND matching. A misspelt
        syllable pairs through its corrections ("thoo han": "tho_han" or "thao_han").
        """
        docs = self.vocabulary(conn, schema.name).terms
        floor = max(PAIR_MIN_DOCS, PAIR_MIN_FRACTION * _VOCAB.total(conn, schema.name))
        chosen: list[Pair] = []
        for a, b in zip(terms, terms[1:], strict=False):
            if a == b:
                continue
            alts = []
            for x in [a] if a in docs else fixes.get(a, []):
                for y in [b] if b in docs else fixes.get(b, []):
                    rarer = min(docs.get(x, 0), docs.get(y, 0))
                    pair = x + PAIR_JOIN + y
                    if rarer >= floor and _VOCAB.pair_docs(conn, schema.name, pair) >= PAIR_MIN_SHARE * rarer:
                        alts.append(pair)
            if alts and (a, b, tuple(alts)) not in chosen:
                chosen.append((a, b, tuple(alts)))
        return chosen

    def search(self, conn: Connection, entity: str, query: Query) -> SearchResult:
        schema = SCHEMAS[entity]
        terms = query_terms(query.text)
        vocab = self.vocabulary(conn, entity)
        fixes = {t: vocab.corrections(t) for t in dict.fromkeys(terms)} if query.fuzzy else {}
        pair_terms = self._pairs(conn, schema, terms, fixes) if terms else []
        columns = columns_for(conn, schema)
        while True:
            count_match = page_match = None
            estimate = 0
            if terms:
                count_match = match_expression(
                    schema, terms, None, boost=False, pair_terms=pair_terms, fixes=fixes
                )
                page_match = match_expression(schema, terms, None, pair_terms=pair_terms, fixes=fixes)
                estimate = self._estimate(conn, schema, terms, pair_terms, fixes)
            exact = self._exact_boost(query, terms)
            want = query.offset + query.per_page + (RERANK_DEPTH if exact else 0)
            matched: int | None = None  # text matches before the filters, when known
            if columns is not None:
                total, facets, page, matched = self._search_columns(
                    conn, schema, query, columns, count_match, page_match, want, estimate
                )
            else:
                total, facets = aggregate(conn, schema, query, count_match)
                page = ranked_page(conn, schema, query, page_match, want, 0) if total else []
            page = self._rerank(conn, entity, page, exact)[query.offset : query.offset + query.per_page]
            if not total and pair_terms and matched is None:
                matched = self._any_match(conn, entity, count_match)
            if total or not pair_terms or matched:
                # Found, or nothing to relax, or the words do stand side by side and only the
                # filters left nothing: walking their long lists again for scattered
                # occurrences would cost a second full pass for answers no one asked for.
                break
            pair_terms = []  # the words are there but never side by side: plain AND matching
        suggestion = None
        if total == 0 and terms and query.suggest:
            suggestion = self._suggest(conn, schema, query, terms)
        data = self._display(conn, entity, [i for i, _s in page])
        hits = [Hit(id=i, score=sc, display=data.get(i, {})) for i, sc in page]
        return SearchResult(total=total, hits=hits, facets=facets, suggestion=suggestion)

    def _search_columns(
        self,
        conn: Connection,
        schema: EntitySchema,
        q: Query,
        columns: Columns,
        count_match: str | None,
        page_match: str | None,
        want: int,
        estimate: int,
    ) -> tuple[int, dict[str, dict[str, int]], list[tuple[int, float]], int | None]:
        """Total, facets, page and the text matches before the filters, with the filters and
        facets counted in numpy (``sqlite_columns``).

        bm25 (over 2 µs a row at a million profiles) is the cost, so it is computed once and
        on as few rows as the answer allows. Without filters and with few enough matches, one
        pass scores every match. Otherwise the ids come first (a third of a microsecond a
        match), the filters and facets run on them in numpy, and bm25 then scores only the
        survivors (the rest of the pass is a probe of an in-memory list); relevance-sorted
        answers with more than ``RANK_SURVIVORS`` of them are ranked among the newest
        ``RANK_WINDOW`` (a rowid range, which FTS5 seeks to). Totals and facets always come
        from every match.
        """
        name = schema.name
        selective = bool(q.filters) or q.salary_min is not None or q.salary_max is not None
        relevance = q.sort in ("", "relevance")
        raw = _raw(conn)  # plain sqlite3 rows: no per-row Result processing
        scores: np.ndarray | None = None
        if page_match is None:
            ids = None
        elif selective or (estimate > RANK_ALL and relevance):
            rows = raw.execute(
                f"SELECT rowid FROM fts_{name} WHERE fts_{name} MATCH ?", (count_match,)
            ).fetchall()
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        else:
            rows = raw.execute(
                f"SELECT rowid, {bm25_score(schema)} FROM fts_{name} WHERE fts_{name} MATCH ?", (page_match,)
            ).fetchall()
            ids, scores = _id_score_arrays(rows)
        matched = None if ids is None else len(ids)
        ids, keep = columns.select(schema, q, ids)
        total = len(ids)
        facets = columns.facets(schema, ids) if q.facets else {}
        if not total:
            return 0, facets, [], matched
        if page_match is None:
            scores = np.zeros(total)
        elif scores is not None:
            scores = scores[keep]
        else:
            ids, scores = self._score(raw, schema, page_match, ids, relevance and total > RANK_SURVIVORS)
        sort = schema.sorts.get(q.sort, (None, ""))
        pos = columns.order(ids, scores, sort, want, 0)
        return total, facets, [(int(ids[p]), float(scores[p])) for p in pos], matched

    @staticmethod
    def _score(
        raw: sqlite3.Connection, schema: EntitySchema, match: str, ids: np.ndarray, windowed: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """bm25 for the documents ``ids`` (all of them, or with ``windowed`` the newest
        ``RANK_WINDOW``), which all match ``match``: ids and scores, aligned."""
        name, score = schema.name, bm25_score(schema)
        if windowed:
            n = len(ids)
            bound = int(np.partition(ids, n - RANK_WINDOW)[n - RANK_WINDOW]) if n > RANK_WINDOW else 0
            rows = raw.execute(
                f"SELECT rowid, {score} FROM fts_{name} WHERE fts_{name} MATCH ? AND rowid >= ?",
                (match, bound),
            ).fetchall()
            ranked, scores = _id_score_arrays(rows)
            inside = np.isin(ranked, ids)  # the range also holds matches the filters left out
            return ranked[inside], scores[inside]
        # "+rowid" keeps the list away from FTS5, which would answer each id with a query of its
        # own; SQLite builds it once and probes it per match.
        rows = raw.execute(
            f"SELECT rowid, {score} FROM fts_{name} WHERE fts_{name} MATCH ? AND rowid >= ? "
            "AND +rowid IN (SELECT value FROM json_each(?))",
            (match, int(ids.min()), json.dumps(ids.tolist())),
        ).fetchall()
        return _id_score_arrays(rows)

    @staticmethod
    def _any_match(conn: Connection, entity: str, match: str | None) -> int:
        """1 when some document matches ``match`` (filters aside), else 0: FTS5 stops at the first."""
        if match is None:
            return 0
        row = _raw(conn).execute(
            f"SELECT rowid FROM fts_{entity} WHERE fts_{entity} MATCH ? LIMIT 1", (match,)
        )
        return 1 if row.fetchone() else 0

    def _estimate(
        self,
        conn: Connection,
        schema: EntitySchema,
        terms: list[str],
        pair_terms: list[Pair],
        fixes: dict[str, list[str]],
    ) -> int:
        """At most how many documents the query can match: its rarest required part's count."""
        docs = self.vocabulary(conn, schema.name).terms
        covered = {w for a, b, _alts in pair_terms for w in (a, b)}
        sizes = [sum(_VOCAB.pair_docs(conn, schema.name, p) for p in alts) for _a, _b, alts in pair_terms]
        sizes += [sum(docs.get(a, 0) for a in [t, *fixes.get(t, [])]) for t in terms if t not in covered]
        return min(sizes) if sizes else 0

    @staticmethod
    def _exact_boost(q: Query, terms: list[str]) -> list[str]:
        """The query's words with their marks, when typed with marks and sorted by relevance."""
        if not terms or not q.fuzzy or q.sort not in ("", "relevance"):
            return []
        exact = exact_terms(q.text)
        return exact if any(e != fold(e) for e in exact) else []

    def _rerank(
        self, conn: Connection, entity: str, page: list[tuple[int, float]], exact: list[str]
    ) -> list[tuple[int, float]]:
        """Raise the best-ranked documents whose display text holds the query's words with the
        same marks.

        "bán" (sell) and "bàn" (table) fold alike; the one typed comes first. Looked up for
        the top ``RERANK_DEPTH`` only, in what the result shows (title, occupation, skills,
        place, excerpt): a second, marked copy of every word in the index cost a third of
        its size and of the time to write it, for a check that only ever reads these rows.
        """
        if not exact or not page:
            return page
        exact = list(dict.fromkeys(exact))
        wanted = [
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(spellings(w)))) + r")(?!\w)")
            for w in exact
        ]
        marks = ", ".join(str(int(i)) for i, _s in page)
        rows = _raw(conn).execute(f"SELECT id, data FROM fts_{entity}_docs WHERE id IN ({marks})")
        held = {int(i) for i, data in rows if _holds_all(data, wanted)}
        bonus = EXACT_WEIGHT * len(exact)
        scored = [(i, sc + bonus if i in held else sc) for i, sc in page]
        return sorted(scored, key=lambda h: (-h[1], h[0]))

    def _display(self, conn: Connection, entity: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        if not ids:
            return {}
        marks = ", ".join(str(int(i)) for i in ids)
        rows = _raw(conn).execute(f"SELECT id, data FROM fts_{entity}_docs WHERE id IN ({marks})")
        return {i: json.loads(d) for i, d in rows}

    def _suggest(self, conn: Connection, schema: EntitySchema, q: Query, terms: list[str]) -> str | None:
        vocab = self.vocabulary(conn, schema.name)
        fixed = []
        for t in terms:
            edits = vocab.suggestion_edits(t)
            if t in vocab or not edits:
                fixed.append(t)
                continue
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            best = process.extractOne(t, vocab._choices, scorer=Levenshtein.distance, score_cutoff=edits)
            fixed.append(best[0] if best else t)
        if fixed == terms:
            return None
        probe = Query(
            text=" ".join(fixed),
            filters=q.filters,
            salary_min=q.salary_min,
            salary_max=q.salary_max,
            visible_on=q.visible_on,
            only_searchable=q.only_searchable,
            per_page=1,
            facets=False,
            suggest=False,
            fuzzy=False,
        )
        if self.search(conn, schema.name, probe).total:
            return " ".join(fixed)
        return None

    def retrieve(self, conn: Connection, entity: str, query: Query, limit: int) -> list[tuple[int, float]]:
        """Candidates for matching; see ``sqlite_retrieval``."""
        from .sqlite_retrieval import retrieve

        return retrieve(self, conn, entity, query, limit)
