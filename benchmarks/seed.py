"""Seeding jobseekers in bulk: the seeder beside the raw insert floor, on SQLite and PostgreSQL.

For each database and size (default 100,000 and 1,000,000) it times
``webapp.seed.volume.seed_jobseekers``: generating the profiles, writing them
with their skills and languages (executemany on SQLite, COPY on PostgreSQL),
writing their search index rows (FTS5 through services.indexing on SQLite,
outbox events on PostgreSQL) and committing. In the same run it times the
floor: a plain executemany / COPY of the same jobseeker tuples into the same
empty table, nothing else. Target: a million jobseekers in under 60 s on
each database.

    .venv/bin/python benchmarks/seed.py [--sizes 100000,1000000] [--db sqlite,postgresql]
                                        [--no-index] [--index-limit N] [--json]

``--index-limit N`` indexes only sizes up to N (larger runs are reported
without index rows, and say so), for when the FTS indexing is too slow to wait
for. A throwaway PostgreSQL is started with tests/services.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from webapp.cli.database import alembic_config  # noqa: E402
from webapp.db import make_engine  # noqa: E402
from webapp.seed.bulk import bulk_insert  # noqa: E402
from webapp.seed.people import JOBSEEKER_COLUMNS, ProfileGenerator, Reference  # noqa: E402
from webapp.seed.volume import seed_jobseekers  # noqa: E402
from webapp.services.reference import load_reference  # noqa: E402

TODAY = dt.date(2026, 11, 25)
BATCH = 50_000
TABLES = ("jobseeker_skills", "jobseeker_languages", "outbox_events", "jobseekers")


def migrate(url: str) -> Engine:
    cfg = alembic_config(url)
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")
    engine = make_engine(url)
    with Session(engine) as s:
        load_reference(s)
        s.commit()
    return engine


def empty(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for t in TABLES:
                conn.execute(text(f"DELETE FROM {t}"))  # noqa: S608
            for t in ("fts_jobseekers", "fts_jobseekers_docs"):
                if conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": t}).first():
                    conn.execute(text(f"DELETE FROM {t}"))  # noqa: S608
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE jobseekers"))


def run_seeder(engine: Engine, n: int, index: bool) -> dict[str, Any]:
    empty(engine)
    started = time.perf_counter()
    with Session(engine) as s:
        result = seed_jobseekers(s, n, seed=1, today=TODAY, batch_size=BATCH, index=index)
        t = time.perf_counter()
        s.commit()
        commit = time.perf_counter() - t
    wall = time.perf_counter() - started
    out = result.as_dict()
    out["seconds"]["commit"] = round(commit, 3)
    out["wall_seconds"] = round(wall, 3)
    out["rows_per_s"] = round(n / wall)
    out["indexed"] = index
    return out


def run_floor(engine: Engine, n: int) -> dict[str, Any]:
    """Only the jobseeker tuples, written by a plain executemany / COPY (generation not timed)."""
    empty(engine)
    with Session(engine) as s:
        gen = ProfileGenerator(Reference.load(s), TODAY)
    rng = random.Random(1)
    spent = 0.0
    with Session(engine) as s:
        done = 0
        while done < n:
            k = min(BATCH, n - done)
            rows = gen.batch(rng, 1 + done, k, external_prefix="vol:").jobseekers
            t = time.perf_counter()
            bulk_insert(s, "jobseekers", JOBSEEKER_COLUMNS, rows)
            spent += time.perf_counter() - t
            done += k
        t = time.perf_counter()
        s.commit()
        spent += time.perf_counter() - t
    return {"rows": n, "seconds": round(spent, 3), "rows_per_s": round(n / spent)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--no-index", action="store_true", help="Skip the search index rows everywhere.")
    ap.add_argument("--index-limit", type=int, default=None, help="Index only sizes up to this many rows.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x]
    databases = [x for x in args.db.split(",") if x]
    results: dict[str, Any] = {
        "benchmark": "seed",
        "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]},
        "target": "1,000,000 jobseekers in under 60 s on each database",
        "runs": [],
    }
    tmp = Path(tempfile.mkdtemp(prefix="bench-seed-"))
    pg_started = False
    try:
        for db in databases:
            if db == "postgresql":
                from tests import services

                url = services.start_postgres(tmp / "pg")
                if url is None:
                    print(
                        f"PostgreSQL unavailable: {services.unavailable_reason('postgres')}", file=sys.stderr
                    )
                    continue
                pg_started = True
            else:
                url = f"sqlite:///{tmp / 'seed.db'}"
            engine = migrate(url)
            for n in sizes:
                index = not args.no_index and (args.index_limit is None or n <= args.index_limit)
                seeder = run_seeder(engine, n, index)
                floor = run_floor(engine, n)
                run = {"database": db, "size": n, "seeder": seeder, "floor": floor}
                run["seeder_vs_floor"] = round(seeder["wall_seconds"] / floor["seconds"], 2)
                run["meets_target"] = n < 1_000_000 or seeder["wall_seconds"] < 60
                results["runs"].append(run)
                if not args.json:
                    print(f"  {db} {n:,}: seeder {seeder['wall_seconds']:.1f} s, floor {floor['seconds']:.1f} s",
                          file=sys.stderr)  # fmt: skip
            engine.dispose()
    finally:
        if pg_started:
            from tests import services

            services.stop_postgres()
        shutil.rmtree(tmp, ignore_errors=True)
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
    return 0


def print_table(results: dict[str, Any]) -> None:
    print(f"Seeding jobseekers — {results['target']}")
    print(f"machine: {results['machine']}")
    head = (
        f"{'database':<11}{'rows':>11}{'index':>7}{'generate s':>12}{'insert s':>10}{'index s':>10}"
        f"{'total s':>10}{'rows/s':>11}{'floor s':>10}{'floor rows/s':>14}{'x floor':>9}"
    )
    print(head)
    print("-" * len(head))
    for r in results["runs"]:
        s, f = r["seeder"], r["floor"]
        print(
            f"{r['database']:<11}{r['size']:>11,}{'yes' if s['indexed'] else 'no':>7}"
            f"{s['seconds']['generate']:>12.1f}{s['seconds']['insert']:>10.1f}{s['seconds']['index']:>10.1f}"
            f"{s['wall_seconds']:>10.1f}{s['rows_per_s']:>11,}{f['seconds']:>10.1f}{f['rows_per_s']:>14,}"
            f"{r['seeder_vs_floor']:>9.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
