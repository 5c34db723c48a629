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

import contextlib
import json
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from ..query import Query
from ..schemas import EntitySchema

__all__ = ["CHANGED_IDS_DDL", "CHANGED_IDS_INDEX", "CHANGES_DDL", "Columns", "columns_for", "note_change"]

CHANGES_DDL = "CREATE TABLE IF NOT EXISTS fts_changes (entity TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
# Which ids each change touched (id -1: too many to list, reload everything).
CHANGED_IDS_DDL = "CREATE TABLE IF NOT EXISTS fts_changed_ids (entity TEXT NOT NULL, n INTEGER NOT NULL, id INTEGER NOT NULL)"
CHANGED_IDS_INDEX = "CREATE INDEX IF NOT EXISTS ix_fts_changed_ids ON fts_changed_ids (entity, n)"
# Up to this many ids a change is listed id by id, and patched into the columns in place.
LIST_IDS = 1_000
# The log keeps about this many changes per entity; an older copy reloads in full.
KEEP_CHANGES = 5_000
_DIRTY = "vieclam.fts_written"
# Below this many documents the SQL path is already fast and a reload costs more than it saves.
MIN_DOCS = 2_000


def note_change(conn: Connection, entity: str, ids: Sequence[int] | None = None) -> None:
    """Record a write to ``entity``'s index: bump the shared counter, list the ids it touched
    (so other copies patch just those), and mark this transaction as having written."""
    n = int(
        conn.exec_driver_sql(
            "INSERT INTO fts_changes (entity, n) VALUES (?, 1) "
            "ON CONFLICT (entity) DO UPDATE SET n = n + 1 RETURNING n",
            (entity,),
        ).scalar_one()
    )
    listed = list(ids) if ids is not None and len(ids) <= LIST_IDS else [-1]
    with contextlib.suppress(OperationalError):  # a database from before the log: full reloads
        conn.exec_driver_sql(
            "INSERT INTO fts_changed_ids (entity, n, id) VALUES (?, ?, ?)",
            [(entity, n, int(i)) for i in listed],  # type: ignore[arg-type]
        )
        if n % 1_000 == 0:
            conn.exec_driver_sql(
                "DELETE FROM fts_changed_ids WHERE entity = ? AND n < ?", (entity, n - KEEP_CHANGES)
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
            columns = _patch(conn, schema, cached, counter) if cached is not None else None
            if columns is None:
                columns = _load(conn, schema, counter)
            if columns is None:
                self._data.pop(key, None)
                return None
            self._data[key] = columns
            return columns


def _load(conn: Connection, schema: EntitySchema, counter: int) -> Columns | None:
    """Read the docs table's columns in one scan, each column as one comma-joined string.

    Fetching a million rows as Python tuples and encoding them in Python takes seconds;
    here SQLite encodes the keywords (a CASE over their few distinct values) and joins
    each column into one string that numpy parses in C.
    """
    name = schema.name
    table = f"fts_{name}_docs"
    raw = conn.connection.driver_connection
    assert raw is not None
    if int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) < MIN_DOCS:
        return None
    select = ["group_concat(id)"]
    params: list[Any] = []
    select += [f"group_concat({f})" for f in schema.flags]
    coded: dict[str, list[str]] = {}
    # Every column's distinct values in one scan (the docs table has no index per column).
    coding = (*schema.keywords, *schema.multi)
    distinct = raw.execute(
        f"SELECT {', '.join(f'json_group_array(DISTINCT {f})' for f in coding)} FROM {table}"
    ).fetchone()
    for f, values in zip(coding, distinct, strict=True):
        found = [str(v) for v in json.loads(values) if v is not None]
        if f in schema.multi:
            found = sorted({v.strip() for v in found} - {""})
            whens = " ".join(f"WHEN trim({f}) = ? THEN {k + 1}" for k in range(len(found)))
            select.append(f"group_concat(CASE {whens} ELSE 0 END)" if found else "group_concat(0)")
        else:
            found = sorted(set(found) - {""})
            whens = " ".join(f"WHEN ? THEN {k}" for k in range(len(found)))
            select.append(f"group_concat(CASE {f} {whens} ELSE -1 END)" if found else "group_concat(-1)")
        params += found
        coded[f] = found
    select += [f"group_concat(coalesce({f}, 'nan'))" for f in schema.numbers]
    select += [f"group_concat(coalesce({f}, 'NaT'))" for f in schema.dates]
    row = iter(raw.execute(f"SELECT {', '.join(select)} FROM {table}", params).fetchone())

    ids = np.fromstring(next(row), dtype=np.int64, sep=",")
    size = int(ids.max()) + 1
    present = np.zeros(size, dtype=bool)
    present[ids] = True

    def spread(values: np.ndarray, fill: Any, dtype: Any) -> np.ndarray:
        arr = np.full(size, fill, dtype=dtype)
        arr[ids] = values
        return arr

    flags = {
        f: spread(np.fromstring(next(row), dtype=np.int64, sep=",") != 0, False, bool) for f in schema.flags
    }
    keywords = {}
    for f in schema.keywords:
        codes = np.fromstring(next(row), dtype=np.int32, sep=",")
        keywords[f] = _Keyword(spread(codes, -1, np.int32), coded[f], {v: k for k, v in enumerate(coded[f])})
    multi = {}
    for f in schema.multi:
        combos = np.fromstring(next(row), dtype=np.int32, sep=",")
        multi[f] = _Multi(spread(combos, 0, np.int32), [(), *(tuple(c.split()) for c in coded[f])])
    numbers = {
        f: spread(np.fromstring(next(row), dtype=np.float64, sep=","), np.nan, np.float64)
        for f in schema.numbers
    }
    dates = {}
    for f in schema.dates:
        parsed = _datetimes(next(row).split(","))
        if parsed is None:
            return None
        dates[f] = spread(parsed, np.datetime64("NaT"), "datetime64[us]")
    return Columns(counter, present, flags, keywords, multi, numbers, dates)


def _patch(conn: Connection, schema: EntitySchema, old: Columns, counter: int) -> Columns | None:
    """A copy of ``old`` with the documents changed since it was loaded read again, or None
    when the log cannot say which (a bulk load, a cleared index, a copy older than the log)."""
    try:
        log = conn.exec_driver_sql(
            "SELECT n, id FROM fts_changed_ids WHERE entity = ? AND n > ? AND n <= ?",
            (schema.name, old.counter, counter),
        ).all()
    except OperationalError:
        return None
    if {int(n) for n, _i in log} != set(range(old.counter + 1, counter + 1)):
        return None
    ids = sorted({int(i) for _n, i in log})
    if not ids or ids[0] < 0 or len(ids) > LIST_IDS:
        return None
    cols = [*schema.flags, *schema.keywords, *schema.multi, *schema.numbers, *schema.dates]
    marks = ", ".join(str(i) for i in ids)
    rows = conn.exec_driver_sql(
        f"SELECT id, {', '.join(cols)} FROM fts_{schema.name}_docs WHERE id IN ({marks})"
    ).all()
    size = max(len(old.present), ids[-1] + 1)

    def grown(arr: np.ndarray, fill: Any) -> np.ndarray:
        out = np.full(size, fill, dtype=arr.dtype)
        out[: len(arr)] = arr
        return out

    new = Columns(
        counter,
        grown(old.present, False),
        {f: grown(a, False) for f, a in old.flags.items()},
        {f: _Keyword(grown(k.codes, -1), list(k.values), dict(k.index)) for f, k in old.keywords.items()},
        {f: _Multi(grown(m.combos, 0), list(m.sets)) for f, m in old.multi.items()},
        {f: grown(a, np.nan) for f, a in old.numbers.items()},
        {f: grown(a, np.datetime64("NaT")) for f, a in old.dates.items()},
    )
    new.present[ids] = False
    for row in rows:
        i, values = int(row[0]), dict(zip(cols, row[1:], strict=True))
        new.present[i] = True
        for f in schema.flags:
            new.flags[f][i] = bool(values[f])
        for f in schema.keywords:
            kw, v = new.keywords[f], values[f]
            if v is None or v == "":
                kw.codes[i] = -1
                continue
            if str(v) not in kw.index:
                kw.index[str(v)] = len(kw.values)
                kw.values.append(str(v))
            kw.codes[i] = kw.index[str(v)]
        for f in schema.multi:
            mu, combo = new.multi[f], tuple((values[f] or "").split())
            if combo not in mu.sets:
                mu.sets.append(combo)
            mu.combos[i] = mu.sets.index(combo)
        for f in schema.numbers:
            new.numbers[f][i] = np.nan if values[f] is None else float(values[f])
        for f in schema.dates:
            parsed = _datetimes(["NaT" if values[f] in (None, "") else str(values[f])])
            if parsed is None:
                return None
            new.dates[f][i] = parsed[0]
    return new


def _datetimes(text: list[str]) -> np.ndarray | None:
    """ISO dates and times as stored by the backend, parsed by numpy (8 bytes each, not text).

    Anything numpy would not read exactly as SQLite compares the text (a time zone
    offset, say) gives None, and the SQL path answers instead.
    """
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
