"""Large volumes of jobseekers for the benchmarks: executemany on SQLite, COPY on PostgreSQL.

Each batch is generated, written (profiles, skills, languages) and indexed in
the caller's transaction: FTS5 rows on the embedded profile (through
services.indexing.index_entities), outbox events on the scale profile (written
with COPY, as index_entities would write them; ``vieclam search sync`` then
feeds Elasticsearch).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..models import utcnow
from .bulk import bulk_insert, dialect_name, fix_sequence, next_id
from .people import JOBSEEKER_COLUMNS, LANGUAGE_COLUMNS, ProfileGenerator, Reference

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


@dataclass
class VolumeResult:
    rows: int = 0
    skills: int = 0
    languages: int = 0
    index_rows: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: {"generate": 0.0, "insert": 0.0, "index": 0.0})

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "skills": self.skills,
            "languages": self.languages,
            "index_rows": self.index_rows,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "total_seconds": round(self.total_seconds, 3),
        }


def _index(session: Session, ids: range) -> int:
    """Index rows for these new jobseekers; returns how many were written."""
    if dialect_name(session) == "postgresql":
        now = utcnow()
        rows = [("jobseekers", i, 1, "upsert", "pending", 0, "", now) for i in ids]
        return bulk_insert(session, "outbox_events", OUTBOX_COLUMNS, rows)
    try:
        from ..services.indexing import index_entities
    except ImportError:  # pragma: no cover - the search work has not landed
        return 0
    index_entities(session, "jobseekers", ids)
    return len(ids)


def seed_jobseekers(
    session: Session,
    count: int,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    batch_size: int = 50_000,
    index: bool = True,
) -> VolumeResult:
    """Add ``count`` generated jobseekers (with skills, languages and index rows); the caller commits."""
    gen = ProfileGenerator(Reference.load(session), today or dt.date.today())
    rng = random.Random(seed)
    result = VolumeResult()
    first = next_id(session, "jobseekers")
    with ExitStack() as stack:
        if index and dialect_name(session) != "postgresql":
            try:
                from ..services.indexing import bulk_indexing
            except ImportError:  # pragma: no cover - the search work has not landed
                pass
            else:
                # FTS docs indexes rebuilt once at the end (timed as indexing).
                stack.enter_context(bulk_indexing(session, "jobseekers"))
        _seed_batches(session, gen, rng, result, first, count, batch_size, index)
        t = time.perf_counter()
    result.seconds["index"] += time.perf_counter() - t
    fix_sequence(session, "jobseekers")
    fix_sequence(session, "jobseeker_languages")
    if index and dialect_name(session) == "postgresql":
        fix_sequence(session, "outbox_events")
    return result


def _seed_batches(
    session: Session,
    gen: ProfileGenerator,
    rng: random.Random,
    result: VolumeResult,
    first: int,
    count: int,
    batch_size: int,
    index: bool,
) -> None:
    done = 0
    while done < count:
        n = min(batch_size, count - done)
        t0 = time.perf_counter()
        batch = gen.batch(rng, first + done, n, external_prefix="vol:")
        t1 = time.perf_counter()
        bulk_insert(session, "jobseekers", JOBSEEKER_COLUMNS, batch.jobseekers)
        bulk_insert(session, "jobseeker_skills", ("jobseeker_id", "skill_id"), batch.skills)
        bulk_insert(session, "jobseeker_languages", LANGUAGE_COLUMNS, batch.languages)
        t2 = time.perf_counter()
        if index:
            result.index_rows += _index(session, range(first + done, first + done + n))
        t3 = time.perf_counter()
        result.seconds["generate"] += t1 - t0
        result.seconds["insert"] += t2 - t1
        result.seconds["index"] += t3 - t2
        result.rows += n
        result.skills += len(batch.skills)
        result.languages += len(batch.languages)
        done += n
