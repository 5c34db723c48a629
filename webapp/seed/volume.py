"""Large volumes of jobseekers for the benchmarks: executemany on SQLite, COPY on PostgreSQL.

Each batch is generated, written (profiles, skills, languages) and indexed in
the caller's transaction: FTS5 rows on the embedded profile, outbox events on
the scale profile (``vieclam search sync`` then feeds Elasticsearch). The FTS
rows are the ones ``vieclam search reindex`` writes: the documents come from
the same document maker, fed the generated values instead of a read-back, and
go through the SQLite backend's own ``prepare_rows`` / ``write_rows``.

For large counts the Python work (generating, building documents, preparing
FTS rows or COPY text) runs in a producer process while this one writes; see
``producer``.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ..models import utcnow
from .bulk import (
    add_foreign_keys,
    bulk_insert,
    copy_bytes,
    create_indexes,
    dialect_name,
    drop_foreign_keys,
    drop_ordinary_indexes,
    fix_sequence,
    next_id,
)
from .people import JOBSEEKER_COLUMNS, LANGUAGE_COLUMNS, Reference
from .producer import OUTBOX_COLUMNS, SKILL_COLUMNS, Plan, Prepared, prepared_batches
from .volume_docs import DocLookups

__all__ = ["BATCH_SIZE", "COMMIT_EVERY_SQLITE", "OUTBOX_COLUMNS", "VolumeResult", "commit_every_for", "seed_jobseekers"]

# Below this many rows a producer process costs more (about a second to start) than it saves.
PARALLEL_FROM = 100_000
# Producer processes at most (one per core up to this): beyond it the single writer is the bound.
MAX_PRODUCERS = 3
# Profiles per batch: large enough for the producers' caches to pay, small enough that the
# writer starts soon (it waits for the first batch) and finishes soon after the last.
BATCH_SIZE = 25_000
# Rows per transaction of `vieclam seed jobseekers` on SQLite (see ``commit_every_for``).
COMMIT_EVERY_SQLITE = 200_000
# Page cache for the seeding connection (KiB), allocated only as pages are used: a million
# profiles make a database of about 1.5 GB, and pages written twice before the commit (FTS5
# segment merges, index pages) then stay in memory instead of spilling to the WAL.
_SEED_CACHE_KIB = 1_048_576


@dataclass
class VolumeResult:
    rows: int = 0
    skills: int = 0
    languages: int = 0
    index_rows: int = 0
    index: str = "none"  # "fts", "outbox" or "none"
    parallel: bool = False
    # Wall time of this process: waiting for generated rows, writing them, writing index rows.
    seconds: dict[str, float] = field(default_factory=lambda: {"generate": 0.0, "insert": 0.0, "index": 0.0})
    # Time the row-making work took (in the producer process when parallel).
    producer_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "skills": self.skills,
            "languages": self.languages,
            "index_rows": self.index_rows,
            "index": self.index,
            "parallel": self.parallel,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "producer_seconds": {k: round(v, 3) for k, v in self.producer_seconds.items()},
            "total_seconds": round(self.total_seconds, 3),
        }


def _index_mode(session: Session) -> str:
    from ..services.indexing import backend_name_for, fts_ready

    if backend_name_for(session) != "sqlite":
        return "outbox"
    return "fts" if fts_ready(session) else "none"


def commit_every_for(session: Session) -> int | None:
    """How many rows ``vieclam seed jobseekers`` commits at a time on this database.

    SQLite copies a transaction from its write-ahead log into the database file only
    after the commit (1.6 GB at a million profiles, about ten seconds of disk): chunks
    let those copies run while the next rows are being made. PostgreSQL loads in one
    transaction, which lets it set the foreign keys aside and check them in one join at
    the end (a check per row took half of its time).
    """
    return None if dialect_name(session) == "postgresql" else COMMIT_EVERY_SQLITE


def seed_jobseekers(
    session: Session,
    count: int,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    index: bool = True,
    parallel: bool | None = None,
    commit_every: int | None = None,
) -> VolumeResult:
    """Add ``count`` generated jobseekers (with skills, languages and index rows); the caller commits.

    ``parallel`` (default: from ``PARALLEL_FROM`` rows on a machine with more than one
    core) makes the rows in producer processes, one per core up to ``MAX_PRODUCERS``;
    the data is the same either way. With ``commit_every`` the rows are committed here
    in chunks of about that many (whole batches: profiles with their skills, languages
    and index rows), the caller committing the last; a failure then keeps the chunks
    committed before it. Either way the tables' ordinary indexes are dropped and built
    once at the end.
    """
    today = today or dt.date.today()
    pg = dialect_name(session) == "postgresql"
    mode = _index_mode(session) if index else "none"
    if parallel is None:
        parallel = count >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
    first = next_id(session, "jobseekers")
    plan = Plan(
        ref=Reference.load(session),
        lookups=DocLookups.load(session) if mode == "fts" else None,
        today=today,
        index_today=dt.date.today(),
        seed=seed,
        first=first,
        count=count,
        batch_size=batch_size,
        index=mode,
        copy=pg,
        outbox_stamp=utcnow(),
    )
    result = VolumeResult(index=mode, parallel=parallel)
    producers = min(MAX_PRODUCERS, os.cpu_count() or 1) if parallel else 0
    chunk_rows = max(commit_every, 1) if commit_every else count
    tables = ["jobseekers", "jobseeker_skills", "jobseeker_languages", *(["outbox_events"] if mode == "outbox" else [])]
    with (
        _no_gc(),
        closing(prepared_batches(plan, producers)) as batches,
        _indexes_built_at_end(session, tables, result, chunked=bool(commit_every)),
    ):
        if mode == "fts":
            _clear_stale_index_rows(session, first)
        while result.rows < count:
            before = result.rows
            with _chunk_settings(session, mode, pg):
                _write_batches(session, batches, result, pg, until=min(count, result.rows + chunk_rows))
            if result.rows == before:
                raise RuntimeError(f"the seed stopped after {before:,} of {count:,} jobseekers")
            if commit_every and result.rows < count:
                t = time.perf_counter()
                session.commit()
                result.seconds["commits"] = result.seconds.get("commits", 0.0) + time.perf_counter() - t
    fix_sequence(session, "jobseekers")
    fix_sequence(session, "jobseeker_languages")
    if mode == "outbox":
        fix_sequence(session, "outbox_events")
    return result


@contextmanager
def _indexes_built_at_end(session: Session, tables: list[str], result: VolumeResult, chunked: bool) -> Iterator[None]:
    """The tables' ordinary indexes (and on PostgreSQL in one transaction, their foreign
    keys) dropped for the load and built once at its end.

    When the load commits in chunks and fails, the failed chunk is rolled back and the
    indexes are built again and committed, so the chunks kept have their indexes.
    """
    t = time.perf_counter()
    dropped = drop_ordinary_indexes(session, tables)
    # PostgreSQL in one transaction: the foreign keys too (checked in one join at the end).
    keys = drop_foreign_keys(session, tables) if dialect_name(session) == "postgresql" and not chunked else []
    result.seconds["insert"] += time.perf_counter() - t
    try:
        yield
    except BaseException:
        if chunked:
            session.rollback()
            create_indexes(session, dropped)
            session.commit()
        raise
    t = time.perf_counter()
    create_indexes(session, dropped)
    add_foreign_keys(session, keys)
    result.seconds["insert"] += time.perf_counter() - t


@contextmanager
def _chunk_settings(session: Session, mode: str, pg: bool) -> Iterator[None]:
    """Bulk-load settings for one transaction's rows, put back before it commits."""
    with ExitStack() as stack:
        if not pg:
            stack.enter_context(_seed_pragmas(session))
        if mode == "fts":
            from search.backends.sqlite_bulk import bulk_fts_load

            stack.enter_context(bulk_fts_load(session.connection(), "jobseekers"))
        yield


@contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection while making millions of acyclic rows (it would keep
    rescanning them all); collected once at the end."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def _seed_pragmas(session: Session) -> Iterator[None]:
    """A larger page cache and in-memory temporary storage while seeding, put back afterwards."""
    conn = session.connection()
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    temp = conn.exec_driver_sql("PRAGMA temp_store").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{_SEED_CACHE_KIB}")
    # SQLite refuses to move temporary storage inside a transaction once this connection
    # has opened its temp database (a pooled connection that ran a materialised query
    # before); it is only a speed-up, so the seed goes on without it then.
    try:
        conn.exec_driver_sql("PRAGMA temp_store = MEMORY")
        moved = True
    except OperationalError:
        moved = False
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache or -2000)}")
        if moved:
            conn.exec_driver_sql(f"PRAGMA temp_store = {int(temp or 0)}")


def _clear_stale_index_rows(session: Session, first: int) -> None:
    """Nothing may be indexed under the ids about to be written (a stale row would collide)."""
    from search.backends.sqlite import SQLiteBackend

    conn = session.connection()
    stale = [
        int(i)
        for (i,) in conn.exec_driver_sql(
            "SELECT rowid FROM fts_jobseekers WHERE rowid >= ? UNION SELECT id FROM fts_jobseekers_docs WHERE id >= ?",
            (first, first),
        )
    ]
    if stale:
        SQLiteBackend().delete(conn, "jobseekers", stale)


def _write_batches(
    session: Session, batches: Iterator[Prepared], result: VolumeResult, pg: bool, until: int
) -> None:
    """Write batches until ``result.rows`` reaches ``until`` (or the batches run out)."""
    backend = None
    if result.index == "fts":
        from search.backends.sqlite import SQLiteBackend

        backend = SQLiteBackend()
    conn = session.connection()
    while result.rows < until:
        t0 = time.perf_counter()
        item = next(batches, None)
        t1 = time.perf_counter()
        result.seconds["generate"] += t1 - t0
        if item is None:
            return
        if pg:
            copy_bytes(conn, "jobseekers", JOBSEEKER_COLUMNS, item.copies["jobseekers"])
            copy_bytes(conn, "jobseeker_skills", SKILL_COLUMNS, item.copies["jobseeker_skills"])
            copy_bytes(conn, "jobseeker_languages", LANGUAGE_COLUMNS, item.copies["jobseeker_languages"])
        else:
            batch = item.batch
            assert batch is not None
            bulk_insert(conn, "jobseekers", JOBSEEKER_COLUMNS, batch.jobseekers)
            bulk_insert(conn, "jobseeker_skills", SKILL_COLUMNS, batch.skills)
            bulk_insert(conn, "jobseeker_languages", LANGUAGE_COLUMNS, batch.languages)
        t2 = time.perf_counter()
        if backend is not None and item.fts is not None:
            backend.write_rows(conn, item.fts)
            result.index_rows += len(item.fts.fts)
        elif "outbox_events" in item.copies:
            copy_bytes(conn, "outbox_events", OUTBOX_COLUMNS, item.copies["outbox_events"])
            result.index_rows += item.counts[0]  # one event per profile
        elif item.outbox:
            bulk_insert(conn, "outbox_events", OUTBOX_COLUMNS, item.outbox)
            result.index_rows += len(item.outbox)
        result.seconds["insert"] += t2 - t1
        result.seconds["index"] += time.perf_counter() - t2
        for k, v in item.seconds.items():
            result.producer_seconds[k] = result.producer_seconds.get(k, 0.0) + v
        result.rows += item.counts[0]
        result.skills += item.counts[1]
        result.languages += item.counts[2]
