"""Generated batches with their index rows prepared, made in producer processes when it pays.

Seeding a million profiles is two kinds of work: Python that makes rows
(generating profiles, building their search documents, folding them into FTS
rows or formatting COPY text) and the database writing them. The first runs in
producer processes while the caller writes, each with a bounded queue so none
runs far ahead; the caller takes the batches in order, one from each producer
in turn. Making rows costs more than writing them, so on two cores two
producers share the time the writer would otherwise spend waiting. Small counts
stay in one process: starting a process costs about a second.

Each batch draws from its own random generator, seeded by the seed and the
batch's number (``batch_random``), so the data is the same whichever process
makes a batch and however many there are (for the same batch size).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing as mp
import os
import queue as queue_mod
import random
import threading
import time
import traceback
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from .bulk import copy_text
from .people import JOBSEEKER_COLUMNS, LANGUAGE_COLUMNS, Batch, ProfileGenerator, Reference
from .volume_docs import BatchDocuments, DocLookups

OUTBOX_COLUMNS = (
    "entity_type",
    "entity_id",
    "version",
    "op",
    "status",
    "attempts",
    "last_error",
    "created_at",
)
SKILL_COLUMNS = ("jobseeker_id", "skill_id")
# Added to each producer process's niceness (lower priority than the writing process).
PRODUCER_NICENESS = 5


@dataclass(frozen=True)
class Plan:
    """What to produce (picklable: it travels to the producer process).

    ``index`` is "fts" (SQLite FTS rows prepared by the SQLite backend), "outbox"
    (outbox events, stamped ``outbox_stamp``) or "none". With ``copy`` every table's
    rows also come as COPY text, so the writing process only streams bytes.
    """

    ref: Reference
    lookups: DocLookups | None
    today: dt.date  # the day the profiles are generated around
    index_today: dt.date  # the day the index is built (age bands), as a reindex would use
    seed: int
    first: int
    count: int
    batch_size: int
    index: str = "none"
    copy: bool = False
    outbox_stamp: Any = None


@dataclass
class Prepared:
    """One batch: generated rows, index rows for it, and COPY text when asked for.

    With COPY text the rows themselves stay behind (``batch`` is None): only the text
    and the row counts travel to the writing process.
    """

    batch: Batch | None
    counts: tuple[int, int, int]  # jobseekers, skills, languages
    fts: Any = None  # the SQLite backend's prepared rows
    outbox: list[tuple[Any, ...]] = field(default_factory=list)
    copies: dict[str, bytes] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def batch_random(seed: int, number: int) -> random.Random:
    """The random generator of batch ``number`` (from 0) of a run seeded ``seed``."""
    return random.Random(seed * 2**32 + number)


def _produce(plan: Plan, worker: int = 0, workers: int = 1) -> Iterator[Prepared]:
    """The plan's batches number ``worker``, ``worker + workers``, ... (all of them by default)."""
    gen = ProfileGenerator(plan.ref, plan.today)
    documents = BatchDocuments(plan.lookups, plan.index_today) if plan.lookups is not None else None
    backend = texts = None
    if plan.index == "fts":
        from search.backends.sqlite import SQLiteBackend
        from search.backends.sqlite_rows import TextRows
        from search.schemas import SCHEMAS

        backend, texts = SQLiteBackend(), TextRows(SCHEMAS["jobseekers"])
    done = worker * plan.batch_size
    while done < plan.count:
        n = min(plan.batch_size, plan.count - done)
        first = plan.first + done
        t0 = time.perf_counter()
        rng = batch_random(plan.seed, done // plan.batch_size)
        batch = gen.batch(rng, first, n, external_prefix="vol:")
        item = Prepared(batch, (len(batch.jobseekers), len(batch.skills), len(batch.languages)))
        t1 = time.perf_counter()
        if backend is not None and documents is not None:
            docs = documents.docs(batch)
            t2 = time.perf_counter()
            item.fts = backend.prepare_rows("jobseekers", docs, texts)
            item.seconds["documents"] = t2 - t1
            item.seconds["prepare"] = time.perf_counter() - t2
        elif plan.index == "outbox":
            item.outbox = [
                ("jobseekers", i, 1, "upsert", "pending", 0, "", plan.outbox_stamp)
                for i in range(first, first + n)
            ]
        if plan.copy:
            t3 = time.perf_counter()
            item.copies = {
                "jobseekers": copy_text(batch.jobseekers),
                "jobseeker_skills": copy_text(batch.skills),
                "jobseeker_languages": copy_text(batch.languages),
            }
            if item.outbox:
                item.copies["outbox_events"] = copy_text(item.outbox)
            item.batch, item.outbox = None, []
            item.seconds["copy_text"] = time.perf_counter() - t3
        item.seconds["generate"] = t1 - t0
        yield item
        done += workers * plan.batch_size


def _run_producer(plan: Plan, worker: int, workers: int, out: Any) -> None:
    """A producer process: its batches into ``out``, then None (or the error's traceback)."""
    gc.disable()  # millions of acyclic rows: the cyclic collector would only rescan them
    # The writer is the one bound to a single core: producers yield it the CPU when it has work.
    with contextlib.suppress(OSError):
        os.nice(PRODUCER_NICENESS)
    try:
        for item in _produce(plan, worker, workers):
            out.put(item)
        out.put(None)
    except BaseException:  # noqa: BLE001 - reported to the writing process, which raises
        out.put(traceback.format_exc())


def prepared_batches(plan: Plan, producers: int = 0) -> Generator[Prepared, None, None]:
    """The plan's batches in order: made here when ``producers`` is 0, else by that many
    producer processes, taken one from each in turn.

    A thread of this process takes them off the producers' queues a batch or two ahead:
    unpickling a batch (about a quarter of a second for 50,000 profiles) then runs while
    the caller writes the previous one, since SQLite releases the GIL while it works.
    """
    if producers <= 0:
        yield from _produce(plan)
        return
    ctx = mp.get_context("spawn")  # no fork: the caller may hold threads and database connections
    queues = [ctx.Queue(maxsize=2) for _ in range(producers)]
    procs = [
        ctx.Process(
            target=_run_producer, args=(plan, w, producers, q), name=f"vieclam-seed-producer-{w}", daemon=True
        )
        for w, q in enumerate(queues)
    ]
    for proc in procs:
        proc.start()
    ahead: queue_mod.Queue[Any] = queue_mod.Queue(maxsize=2)
    stop = threading.Event()
    reader = threading.Thread(
        target=_read_in_order, args=(plan, queues, procs, ahead, stop), name="vieclam-seed-reader", daemon=True
    )
    reader.start()
    try:
        while (item := ahead.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join(timeout=30)
        for q, proc in zip(queues, procs, strict=True):
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=10)
            q.close()
            q.join_thread()


class _Stopped(Exception):
    """The caller stopped taking batches."""


def _read_in_order(plan: Plan, queues: list[Any], procs: list[Any], ahead: Any, stop: threading.Event) -> None:
    """Into ``ahead``: every batch in order, then None; or the error that stopped it."""
    try:
        for k in range(-(-plan.count // plan.batch_size)):
            item = _take(queues[k % len(queues)], procs[k % len(procs)], stop)
            if item is None:
                raise RuntimeError("a seed producer process finished before making all its batches")
            _put(ahead, item, stop)
        for q, proc in zip(queues, procs, strict=True):
            if _take(q, proc, stop) is not None:
                raise RuntimeError("a seed producer process made more batches than planned")
            proc.join(timeout=30)
        _put(ahead, None, stop)
    except _Stopped:
        return
    except BaseException as err:  # noqa: BLE001 - raised again in the caller's thread
        with contextlib.suppress(_Stopped):
            _put(ahead, err, stop)


def _put(ahead: Any, item: Any, stop: threading.Event) -> None:
    while True:
        if stop.is_set():
            raise _Stopped
        try:
            ahead.put(item, timeout=0.5)
            return
        except queue_mod.Full:
            continue


def _take(out: Any, proc: Any, stop: threading.Event) -> Any:
    """The next item from a producer's queue (None once it has finished); its failure raised."""
    while True:
        if stop.is_set():
            raise _Stopped
        try:
            item = out.get(timeout=0.5)
        except queue_mod.Empty:
            if not proc.is_alive():
                raise RuntimeError(f"the seed producer process stopped (exit code {proc.exitcode})") from None
            continue
        if isinstance(item, str):
            raise RuntimeError(f"the seed producer process failed:\n{item}")
        return item


__all__ = [
    "JOBSEEKER_COLUMNS",
    "LANGUAGE_COLUMNS",
    "OUTBOX_COLUMNS",
    "SKILL_COLUMNS",
    "Plan",
    "Prepared",
    "batch_random",
    "prepared_batches",
]
