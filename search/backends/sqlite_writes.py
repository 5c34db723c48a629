"""The writing side of the SQLite backend: documents in and out of the FTS5, docs and
vocabulary tables, in the caller's transaction (``SQLiteBackend`` inherits it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..schemas import SCHEMAS, EntitySchema
from .sqlite_columns import note_change
from .sqlite_rows import Rows, TextRows, prepare_rows
from .sqlite_vocab import _VOCAB

__all__ = ["SQLiteWrites"]


class SQLiteWrites:
    def upsert(self, conn: Connection, entity: str, docs: Sequence[dict[str, Any]]) -> None:
        """Replace these documents: FTS rows, docs rows and vocabulary counts.

        Built for bulk loads as much as for single edits: only ids already indexed are
        deleted first, every field value is folded once per call (profiles share titles,
        skills, places and summaries), and rows go in with positional executemany.
        """
        if not docs:
            return
        self.clear_existing(conn, entity, docs)
        self.write_rows(conn, self.prepare_rows(entity, docs))

    def clear_existing(self, conn: Connection, entity: str, docs: Sequence[dict[str, Any]]) -> None:
        """Delete whatever is indexed under these documents' ids (and its vocabulary counts)."""
        if not docs:
            return
        schema = SCHEMAS[entity]
        existing = self._existing(conn, schema, [int(d["id"]) for d in docs])
        if existing:
            self._delete_rows(conn, schema, existing)

    def prepare_rows(self, entity: str, docs: Sequence[dict[str, Any]], texts: TextRows | None = None) -> Rows:
        """The FTS rows, docs rows and vocabulary counts for ``docs``: Python only, no database
        (``texts``: folded texts kept across the calls of a bulk load)."""
        return prepare_rows(SCHEMAS[entity], docs, texts)

    def write_rows(self, conn: Connection, rows: Rows) -> None:
        """Insert prepared rows (none of their ids may be indexed already)."""
        if not rows.fts:
            return
        entity, cols, dcols = rows.entity, rows.fts_columns, rows.doc_columns
        conn.exec_driver_sql(
            f"INSERT INTO fts_{entity} (rowid, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 1))})",
            rows.fts,  # type: ignore[arg-type]
        )
        conn.exec_driver_sql(
            f"INSERT INTO fts_{entity}_docs ({', '.join(dcols)}) VALUES ({', '.join('?' * len(dcols))})",
            rows.docs,  # type: ignore[arg-type]
        )
        conn.exec_driver_sql(
            "INSERT INTO fts_terms (entity, term, docs) VALUES (?, ?, ?) "
            "ON CONFLICT (entity, term) DO UPDATE SET docs = docs + excluded.docs",
            [(entity, t, n) for t, n in rows.terms.items()],  # type: ignore[arg-type]
        )
        note_change(conn, entity, [r[0] for r in rows.fts])
        _VOCAB.bump()

    @staticmethod
    def _existing(conn: Connection, schema: EntitySchema, ids: list[int]) -> list[int]:
        """Which of ``ids`` already have an FTS or docs row (a range probe for contiguous ids)."""
        wanted = set(ids)
        lo, hi = min(wanted), max(wanted)
        found: set[int] = set()
        for table, key in ((f"fts_{schema.name}", "rowid"), (f"fts_{schema.name}_docs", "id")):
            if hi - lo + 1 <= 4 * len(wanted):
                rows = conn.exec_driver_sql(
                    f"SELECT {key} FROM {table} WHERE {key} BETWEEN ? AND ?", (lo, hi)
                )
                found.update(i for (i,) in rows if i in wanted)
                continue
            ordered = sorted(wanted)
            for k in range(0, len(ordered), 500):
                marks = ", ".join(str(x) for x in ordered[k : k + 500])
                found.update(
                    i for (i,) in conn.exec_driver_sql(f"SELECT {key} FROM {table} WHERE {key} IN ({marks})")
                )
        return sorted(found)

    @contextmanager
    def bulk_load(self, conn: Connection, entity: str, drop_indexes: bool = False) -> Iterator[None]:
        """Settings for writing many documents in this transaction, put back afterwards.

        FTS5 merges segments less eagerly (automerge 8 instead of 4: a quarter less
        work per document, a few more segments to read). With ``drop_indexes`` the
        docs table's secondary indexes are dropped and rebuilt once at the end, which
        sorts them in one go instead of updating them row by row. Both are undone by a
        rollback like the rows themselves.
        """
        key = f"vieclam.bulk_load.{entity}"
        if conn.info.get(key):
            yield
            return
        conn.info[key] = True
        fts = f"fts_{entity}"
        before = conn.exec_driver_sql(f"SELECT v FROM {fts}_config WHERE k = 'automerge'").scalar()
        indexes: list[tuple[str, str]] = []
        try:
            conn.exec_driver_sql(f"INSERT INTO {fts} ({fts}, rank) VALUES ('automerge', 8)")
            if drop_indexes:
                indexes = [
                    (str(n), str(sql))
                    for n, sql in conn.exec_driver_sql(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                        "AND sql IS NOT NULL",
                        (f"{fts}_docs",),
                    )
                ]
                for name, _sql in indexes:
                    conn.exec_driver_sql(f'DROP INDEX "{name}"')
            yield
        finally:
            conn.info.pop(key, None)
            if not conn.closed and conn.in_transaction():
                for _name, sql in indexes:
                    conn.exec_driver_sql(sql)
                conn.exec_driver_sql(
                    f"INSERT INTO {fts} ({fts}, rank) VALUES ('automerge', {int(before) if before is not None else 4})"
                )

    def delete(self, conn: Connection, entity: str, ids: Iterable[int]) -> None:
        self._delete_rows(conn, SCHEMAS[entity], [int(i) for i in ids])

    def optimize(self, conn: Connection, entity: str) -> None:
        """Merge the FTS5 index of ``entity`` into one segment, leaving out deleted entries.

        Two reasons. Speed: a bulk load leaves several segments, and every query reads
        each of them; merged, searches over a million profiles take about half the time
        (benchmarks/RESULTS-search.md). Erasure: FTS5 deletes only add delete markers, so
        the removed words stay in old segments until a merge reaches them. It rewrites
        the whole index: about 1 s per 100,000 profiles, ~20 s at a million.
        """
        conn.exec_driver_sql(f"INSERT INTO fts_{entity} (fts_{entity}) VALUES ('optimize')")

    def clear(self, conn: Connection, entity: str) -> None:
        conn.execute(text(f"DELETE FROM fts_{entity}"))
        conn.execute(text(f"DELETE FROM fts_{entity}_docs"))
        conn.execute(text("DELETE FROM fts_terms WHERE entity = :e"), {"e": entity})
        note_change(conn, entity)
        _VOCAB.bump()

    def versions(self, conn: Connection, entity: str) -> dict[int, int]:
        return dict(conn.execute(text(f"SELECT id, version FROM fts_{entity}_docs")).all())  # type: ignore[arg-type]

    def _delete_rows(self, conn: Connection, schema: EntitySchema, ids: list[int]) -> None:
        if ids:
            note_change(conn, schema.name, ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join(str(int(x)) for x in chunk)
            self._forget_terms(conn, schema, marks)
            conn.execute(text(f"DELETE FROM fts_{schema.name} WHERE rowid IN ({marks})"))
            conn.execute(text(f"DELETE FROM fts_{schema.name}_docs WHERE id IN ({marks})"))

    @staticmethod
    def _forget_terms(conn: Connection, schema: EntitySchema, marks: str) -> None:
        # The vocabulary counts documents per term; a term nobody has any more goes, so an
        # erased person's words (a rare surname in a summary) do not linger as suggestions.
        rows = conn.execute(text(f"SELECT words FROM fts_{schema.name}_docs WHERE id IN ({marks})")).all()
        terms: Counter[str] = Counter()
        for (words,) in rows:
            terms.update(set(words.split()))
        if not terms:
            return
        params = [{"e": schema.name, "t": t, "n": n} for t, n in terms.items()]
        conn.execute(text("UPDATE fts_terms SET docs = docs - :n WHERE entity = :e AND term = :t"), params)
        conn.execute(text("DELETE FROM fts_terms WHERE entity = :e AND docs <= 0"), {"e": schema.name})
        _VOCAB.bump()
