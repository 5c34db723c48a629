"""Seeding jobseekers in bulk: the seeder beside the raw insert floor, on SQLite and PostgreSQL.

For each database and size (default 100,000 and 1,000,000) it times
``webapp.seed.volume.seed_jobseekers`` as ``vieclam seed jobseekers`` runs it:
generating the profiles, writing them with their skills and languages
(executemany on SQLite, COPY on PostgreSQL), writing their search index rows
(FTS5 rows on SQLite, outbox events on PostgreSQL) and committing (every
200,000 rows on SQLite, once on PostgreSQL: ``commit_every_for``). From 100,000
rows the row-making work runs in producer processes beside the writer
(``webapp/seed/producer.py``); the table shows how long the writer waited for
them and what they spent.

Each size is seeded ``--runs`` times (3 by default), each time into an empty
database; the run with the median total is reported, beside every run's total.
This machine's speed moves by 10-20% from one minute to the next.

In the same run it times the floors, with generation and preparation untimed:

- floor: a plain executemany / COPY of the same jobseeker tuples into the same
  empty table, nothing else;
- FTS floor (SQLite): a plain executemany of the same prepared FTS and docs
  rows into the empty index tables, with the same bulk settings, and commit.

Target: a million jobseekers in under 60 s on each database.

With ``--elasticsearch start`` (a throwaway node from tests/services.py) or
``--elasticsearch URL`` it also times bulk indexing into Elasticsearch
(issue 3: at least 5,000 docs/s): after each SQLite seed of at most
``--es-limit`` rows, ``ElasticsearchBackend.reindex`` of the jobseekers, end to
end (read from the database, build documents, fold, bulk, refresh), ``--es-runs``
times; the median and every run are reported.

    .venv/bin/python benchmarks/seed.py [--sizes 100000,1000000] [--db sqlite,postgresql] [--runs 3]
                                        [--no-index] [--index-limit N] [--no-fts-floor]
                                        [--elasticsearch start|URL] [--es-limit N] [--es-runs N] [--json]

``--index-limit N`` indexes only sizes up to N (larger runs are reported
without index rows, and say so), for when the FTS indexing is too slow to wait
for. A throwaway PostgreSQL is started with tests/services.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
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
from webapp.seed.producer import Plan, _produce, batch_random  # noqa: E402
from webapp.seed.volume import BATCH_SIZE, commit_every_for, seed_jobseekers  # noqa: E402
from webapp.seed.volume_docs import DocLookups  # noqa: E402
from webapp.services.reference import load_reference  # noqa: E402

TODAY = dt.date(2026, 11, 25)
BATCH = BATCH_SIZE
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
    """Every run starts on an empty database: on SQLite a new, freshly migrated file (rows
    deleted from an FTS5 table would stay behind as tombstones in its segments)."""
    if engine.dialect.name == "sqlite":
        engine.dispose()
        path = Path(engine.url.database or "")
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        migrate(str(engine.url)).dispose()
        return
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE jobseekers"))


def run_seeder(engine: Engine, n: int, index: bool) -> dict[str, Any]:
    empty(engine)
    started = time.perf_counter()
    with Session(engine) as s:
        result = seed_jobseekers(
            s, n, seed=1, today=TODAY, batch_size=BATCH, index=index, commit_every=commit_every_for(s)
        )
        t = time.perf_counter()
        s.commit()
        commit = time.perf_counter() - t
    wall = time.perf_counter() - started
    out = result.as_dict()
    # Every commit: the chunks' (SQLite, see commit_every_for) and the last.
    out["seconds"]["commit"] = round(out["seconds"].pop("commits", 0.0) + commit, 3)
    out["wall_seconds"] = round(wall, 3)
    out["rows_per_s"] = round(n / wall)
    out["indexed"] = index
    if engine.dialect.name == "sqlite":
        out["database_mb"] = round(Path(engine.url.database or "").stat().st_size / 1e6)
    return out


def run_elasticsearch(engine: Engine, url: str, runs: int) -> dict[str, Any]:
    """Reindex the seeded jobseekers into Elasticsearch ``runs`` times; docs/s per run and median."""
    from search.backends.elasticsearch import ElasticsearchBackend
    from webapp.services.indexing import iter_docs

    backend = ElasticsearchBackend(url=url, prefix="bench-seed", timeout=120.0)
    rates: list[float] = []
    count = 0
    try:
        for _ in range(runs):
            with Session(engine) as s:
                count, seconds = backend.reindex("jobseekers", iter_docs(s, "jobseekers"))
            rates.append(count / seconds)
    finally:
        backend.drop_all()
    return {
        "docs": count,
        "runs_docs_per_s": [round(r) for r in rates],
        "median_docs_per_s": round(statistics.median(rates)),
        "meets_target": statistics.median(rates) >= 5000,
    }


def run_fts_floor(engine: Engine, n: int) -> dict[str, Any]:
    """The same prepared FTS and docs rows, inserted with plain executemany (preparation untimed)."""
    from search.backends.sqlite_bulk import bulk_fts_load

    empty(engine)
    with Session(engine) as s:
        plan = Plan(Reference.load(s), DocLookups.load(s), TODAY, dt.date.today(), 1, 1, n, BATCH, "fts")
    spent = 0.0
    with Session(engine) as s:
        conn = s.connection()
        raw = conn.connection.driver_connection
        assert raw is not None
        with bulk_fts_load(conn, "jobseekers"):
            for item in _produce(plan):
                rows = item.fts
                cols, dcols = rows.fts_columns, rows.doc_columns
                t = time.perf_counter()
                raw.executemany(
                    f"INSERT INTO fts_jobseekers (rowid, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 1))})",
                    rows.fts,
                )
                raw.executemany(
                    f"INSERT INTO fts_jobseekers_docs ({', '.join(dcols)}) VALUES ({', '.join('?' * len(dcols))})",
                    rows.docs,
                )
                spent += time.perf_counter() - t
            t = time.perf_counter()
        s.commit()
        spent += time.perf_counter() - t
    return {"rows": n, "seconds": round(spent, 3), "rows_per_s": round(n / spent)}


def run_floor(engine: Engine, n: int) -> dict[str, Any]:
    """Only the jobseeker tuples, written by a plain executemany / COPY (generation not timed)."""
    empty(engine)
    with Session(engine) as s:
        gen = ProfileGenerator(Reference.load(s), TODAY)
    spent = 0.0
    with Session(engine) as s:
        done = 0
        while done < n:
            k = min(BATCH, n - done)
            # The seeder's own tuples: the same random generator per batch (seed 1).
            rows = gen.batch(batch_random(1, done // BATCH), 1 + done, k, external_prefix="vol:").jobseekers
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
    ap.add_argument("--no-fts-floor", action="store_true", help="Skip the FTS insert floor (SQLite).")
    ap.add_argument("--elasticsearch", default=None, help="'start' (a throwaway node) or a URL.")
    ap.add_argument(
        "--es-limit", type=int, default=100_000, help="Reindex into Elasticsearch up to this size."
    )
    ap.add_argument("--es-runs", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3, help="Seeder runs per size; the median is reported.")
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
    pg_started = es_started = False
    es_url = args.elasticsearch
    try:
        if es_url == "start":
            from tests import services

            es_url = services.start_elasticsearch(tmp / "es")
            if es_url is None:
                print(
                    f"Elasticsearch unavailable: {services.unavailable_reason('elasticsearch')}",
                    file=sys.stderr,
                )
            es_started = es_url is not None
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
                runs = [run_seeder(engine, n, index) for _ in range(args.runs)]
                # The run with the median wall time (the lower middle one for an even count).
                walls = [r["wall_seconds"] for r in runs]
                seeder = runs[walls.index(statistics.median_low(walls))]
                seeder["runs_wall_seconds"] = walls
                es = (
                    run_elasticsearch(engine, es_url, args.es_runs) if es_url and n <= args.es_limit else None
                )
                floor = run_floor(engine, n)
                run = {"database": db, "size": n, "seeder": seeder, "floor": floor}
                if es is not None:
                    run["elasticsearch"] = es
                if db == "sqlite" and index and not args.no_fts_floor:
                    run["fts_floor"] = run_fts_floor(engine, n)
                run["seeder_vs_floor"] = round(seeder["wall_seconds"] / floor["seconds"], 2)
                run["meets_target"] = n < 1_000_000 or seeder["wall_seconds"] < 60
                results["runs"].append(run)
                if not args.json:
                    print(f"  {db} {n:,}: seeder {seeder['wall_seconds']:.1f} s, floor {floor['seconds']:.1f} s, "
                          f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)  # fmt: skip
            engine.dispose()
    finally:
        if pg_started or es_started:
            from tests import services

            if pg_started:
                services.stop_postgres()
            if es_started:
                services.stop_elasticsearch()
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
        f"{'database':<11}{'rows':>11}{'index':>7}{'wait s':>8}{'insert s':>10}{'index s':>9}{'commit s':>10}"
        f"{'total s':>9}{'rows/s':>9}{'floor s':>9}{'FTS floor s':>13}{'x floor':>9}{'target':>8}"
    )
    print(head)
    print("-" * len(head))
    for r in results["runs"]:
        s, f = r["seeder"], r["floor"]
        sec = s["seconds"]
        fts = f"{r['fts_floor']['seconds']:.1f}" if "fts_floor" in r else "-"
        print(
            f"{r['database']:<11}{r['size']:>11,}{s['index'] if s['indexed'] else 'no':>7}"
            f"{sec['generate']:>8.1f}{sec['insert']:>10.1f}{sec['index']:>9.1f}{sec['commit']:>10.1f}"
            f"{s['wall_seconds']:>9.1f}{s['rows_per_s']:>9,}{f['seconds']:>9.1f}{fts:>13}"
            f"{r['seeder_vs_floor']:>9.2f}{'met' if r['meets_target'] else 'MISSED':>8}"
        )
    print()
    print("Each seeder row is the run with the median total of its size; every run's total:")
    for r in results["runs"]:
        print(f"  {r['database']} {r['size']:,}: {', '.join(f'{w:.1f}' for w in r['seeder']['runs_wall_seconds'])} s")
    print("wait = the writer waiting for the producers; producer seconds (summed over their processes when parallel):")
    for r in results["runs"]:
        p = r["seeder"]["producer_seconds"]
        parts = ", ".join(f"{k} {v:.1f}" for k, v in p.items())
        print(f"  {r['database']} {r['size']:,} (parallel: {r['seeder']['parallel']}): {parts}")
    for r in results["runs"]:
        if "elasticsearch" in r:
            e = r["elasticsearch"]
            print(
                f"Elasticsearch bulk indexing of {e['docs']:,} jobseekers from {r['database']}: median "
                f"{e['median_docs_per_s']:,} docs/s (runs {e['runs_docs_per_s']}) [>= 5,000: "
                f"{'met' if e['meets_target'] else 'MISSED'}]"
            )


if __name__ == "__main__":
    sys.exit(main())
