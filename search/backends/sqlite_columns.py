"""In-process columns of the SQLite search docs tables: exact filters, facets and sorts with numpy.

A search used to join every full-text match to ``fts_<entity>_docs`` in SQL to
check visibility and filters and to count facets: about half a microsecond per
match, so a broad query matching 50,000 documents spent tens of milliseconds on
bookkeeping alone. Here the filter, facet and sort columns live in numpy arrays
indexed by document id; a search takes the matched ids from FTS5 and counts the
facets with ``bincount``. The counts are exact: the arrays are a copy of the
table, never a sample.

Keeping the copy true:

- every write through ``SQLiteBackend`` adds one to the entity's row in
  ``fts_changes`` (in the writer's transaction), and a search compares the
  counter it sees with the one the arrays were loaded at; a different value
  reloads them (writes committed by other connections or processes included);
- inside a transaction that has written to the index and not committed yet, the
  arrays cannot hold those rows, so that search takes the SQL path instead
  (``columns_for`` returns None), and it never reloads from uncommitted data.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from ..query import Query
from ..schemas import EntitySchema

__all__ = ["CHANGES_DDL", "Columns", "columns_for", "note_change"]

CHANGES_DDL = "CREATE TABLE IF NOT EXISTS fts_changes (entity TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
_DIRTY = "vieclam.fts_written"
# Below this many documents the SQL path is already fast and a reload costs more than it saves.
MIN_DOCS = 2_000


def note_change(conn: Connection, entity: str) -> None:
    """Record a write to ``entity``'s index: bump the shared counter, mark this transaction."""
    conn.exec_driver_sql(
        "INSERT INTO fts_changes (entity, n) VALUES (?, 1) ON CONFLICT (entity) DO UPDATE SET n = n + 1",
        (entity,),
    )
    conn.info.setdefault(_DIRTY, {})[entity] = conn.get_transaction()


def _written_here(conn: Connection, entity: str) -> bool:
    """Whether this connection's open transaction has written to ``entity``'s index."""
    tx = conn.info.get(_DIRTY, {}).get(entity)
    return tx is not None and tx.is_active and tx is conn.get_transaction()


@dataclass
class _Keyword:
    codes: np.ndarray  # int32 per id, -1 for NULL or ''
    values: list[str]
    index: dict[str, int]


@dataclass
class _Multi:
    combos: np.ndarray  # int32 per id: which set of values the document has (0 = none)
    sets: list[tuple[str, ...]]
    values: list[str] = field(default_factory=list)


@dataclass
class Columns:
    """The docs table's filter, facet and sort columns as arrays indexed by id."""

    counter: int
    present: np.ndarray  # bool per id
    flags: dict[str, np.ndarray]
    keywords: dict[str, _Keyword]
    multi: dict[str, _Multi]
    numbers: dict[str, np.ndarray]  # float64, NaN for NULL
    dates: dict[str, np.ndarray]  # datetime64[us], NaT for NULL

    # ------------------------------------------------------------ selecting

    def select(self, schema: EntitySchema, q: Query, ids: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The ids (of ``ids``, or of every document) that are visible and pass the filters,
        and which positions of ``ids`` they were (to keep scores aligned)."""
        n = len(self.present)
        if ids is None:
            ids = np.flatnonzero(self.present)
            keep = np.ones(len(ids), dtype=bool)
        else:
            keep = ids < n
            keep[keep] = self.present[ids[keep]]
            if not keep.all():
                ids = np.where(keep, ids, 0)
        if q.visible_on is not None and "visible" in schema.flags:
            keep &= self.flags["visible"][ids]
            keep &= self.dates["visible_until"][ids] >= np.datetime64(q.visible_on, "us")
        if q.only_searchable and "searchable" in schema.flags:
            keep &= self.flags["searchable"][ids]
        for f, values in sorted(q.filters.items()):
            wanted = [str(v) for v in values if v not in (None, "")]
            if not wanted:
                continue
            if f in self.keywords:
                kw = self.keywords[f]
                allowed = np.zeros(len(kw.values) + 1, dtype=bool)
                for v in wanted:
                    if v in kw.index:
                        allowed[kw.index[v] + 1] = True
                keep &= allowed[kw.codes[ids] + 1]
            elif f in self.multi:
                mu = self.multi[f]
                wanted_set = set(wanted)
                table = np.array([bool(wanted_set.intersection(s)) for s in mu.sets], dtype=bool)
                keep &= table[mu.combos[ids]]
        if q.salary_min is not None and "salary_vnd" in self.numbers:
            keep &= self.numbers["salary_vnd"][ids] >= q.salary_min
        if q.salary_max is not None and "salary_vnd" in self.numbers:
            keep &= self.numbers["salary_vnd"][ids] <= q.salary_max
        return ids[keep], keep

    def facets(self, schema: EntitySchema, ids: np.ndarray) -> dict[str, dict[str, int]]:
        """Exact facet counts over ``ids``, most frequent first (like the SQL path)."""
        out: dict[str, dict[str, int]] = {}
        for f in schema.facets:
            counts: dict[str, int] = {}
            if f in self.keywords:
                kw = self.keywords[f]
                bins = np.bincount(kw.codes[ids] + 1, minlength=len(kw.values) + 1)[1:]
                counts = {kw.values[i]: int(bins[i]) for i in np.flatnonzero(bins)}
            elif f in self.multi:
                mu = self.multi[f]
                bins = np.bincount(mu.combos[ids], minlength=len(mu.sets))
                for i in np.flatnonzero(bins):
                    for v in mu.sets[i]:
                        counts[v] = counts.get(v, 0) + int(bins[i])
            out[f] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return out

    # ------------------------------------------------------------ ordering

    def _key(self, name: str, ids: np.ndarray) -> np.ndarray:
        """Sort keys of ``ids`` for a column as float (NaN = NULL); dates in microseconds."""
        if name in self.numbers:
            return self.numbers[name][ids]
        col = self.dates[name][ids]
        key = col.view(np.int64).astype(np.float64)
        key[np.isnat(col)] = np.nan
        return key

    def order(
        self,
        ids: np.ndarray,
        scores: np.ndarray,
        sort: tuple[str | None, str],
        limit: int,
        offset: int,
    ) -> np.ndarray:
        """Positions (into ``ids``) of the page: sort field (NULLs last), then score, then id."""
        want = offset + limit
        if want <= 0 or not len(ids):
            return np.empty(0, dtype=np.int64)
        field_name, direction = sort
        if field_name is None:
            pos = np.arange(len(ids))
            if want < len(ids):
                # Only the best ``want`` scores (and ties at the boundary) need a full sort.
                cut = np.partition(scores, len(ids) - want)[len(ids) - want]
                pos = np.flatnonzero(scores >= cut)
            ordered = pos[np.lexsort((ids[pos], -scores[pos]))]
            return ordered[offset:want]
        key = self._key(field_name, ids)
        null = np.isnan(key)
        key = np.where(null, 0.0, key)
        if direction == "desc":
            key = -key
        ordered = np.lexsort((ids, -scores, key, null))
        return ordered[offset:want]


class _Cache:
    """Process-wide ``Columns`` per (database, entity)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[tuple[str, str], Columns] = {}
        self.enabled = True

    def get(self, conn: Connection, schema: EntitySchema) -> Columns | None:
        if not self.enabled or _written_here(conn, schema.name):
            return None
        try:
            row = conn.exec_driver_sql("SELECT n FROM fts_changes WHERE entity = ?", (schema.name,)).first()
        except OperationalError:  # an old database without the counter: stay on the SQL path
            return None
        counter = int(row[0]) if row else 0
        key = (str(conn.engine.url), schema.name)
        cached = self._data.get(key)
        if cached is not None and cached.counter == counter:
            return cached
        with self._lock:
            cached = self._data.get(key)
            if cached is not None and cached.counter == counter:
                return cached
            columns = _load(conn, schema, counter)
            if columns is None:
                self._data.pop(key, None)
                return None
            self._data[key] = columns
            return columns


def _load(conn: Connection, schema: EntitySchema, counter: int) -> Columns | None:
    name = schema.name
    cols = [*schema.flags, *schema.keywords, *schema.multi, *schema.numbers, *schema.dates]
    rows = conn.exec_driver_sql(f"SELECT id, {', '.join(cols)} FROM fts_{name}_docs").fetchall()
    if len(rows) < MIN_DOCS:
        return None
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    size = int(ids.max()) + 1
    present = np.zeros(size, dtype=bool)
    present[ids] = True
    by_col = list(zip(*rows, strict=True))[1:]
    values = dict(zip(cols, by_col, strict=True))

    flags = {}
    for f in schema.flags:
        arr = np.zeros(size, dtype=bool)
        arr[ids] = np.fromiter((bool(v) for v in values[f]), dtype=bool, count=len(rows))
        flags[f] = arr
    keywords = {}
    for f in schema.keywords:
        index: dict[str, int] = {}
        codes = np.full(size, -1, dtype=np.int32)
        codes[ids] = np.fromiter(
            (-1 if v is None or v == "" else index.setdefault(str(v), len(index)) for v in values[f]),
            dtype=np.int32,
            count=len(rows),
        )
        keywords[f] = _Keyword(codes, list(index), index)
    multi = {}
    for f in schema.multi:
        combo_index: dict[str, int] = {"": 0}
        combos = np.zeros(size, dtype=np.int32)
        combos[ids] = np.fromiter(
            (combo_index.setdefault((v or "").strip(), len(combo_index)) for v in values[f]),
            dtype=np.int32,
            count=len(rows),
        )
        sets = [tuple(c.split()) for c in combo_index]
        multi[f] = _Multi(combos, sets)
    numbers = {}
    for f in schema.numbers:
        arr = np.full(size, np.nan)
        arr[ids] = np.array([np.nan if v is None else float(v) for v in values[f]], dtype=np.float64)
        numbers[f] = arr
    dates = {}
    for f in schema.dates:
        parsed = _datetimes(values[f])
        if parsed is None:
            return None
        arr = np.full(size, np.datetime64("NaT"), dtype="datetime64[us]")
        arr[ids] = parsed
        dates[f] = arr
    return Columns(counter, present, flags, keywords, multi, numbers, dates)


def _datetimes(raw: tuple[Any, ...]) -> np.ndarray | None:
    """ISO dates and times as stored by the backend, parsed by numpy (8 bytes each, not text).

    Anything numpy would not read exactly as SQLite compares the text (a time zone
    offset, say) gives None, and the SQL path answers instead.
    """
    text = ["NaT" if v is None or v == "" else str(v) for v in raw]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return np.array(text, dtype="datetime64[us]")
        except (ValueError, TypeError, DeprecationWarning, UserWarning):
            return None


CACHE = _Cache()


def columns_for(conn: Connection, schema: EntitySchema) -> Columns | None:
    """The current columns of ``schema``'s docs table, or None when the SQL path must answer."""
    return CACHE.get(conn, schema)
