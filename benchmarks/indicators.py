"""The yearly employment report at scale: with the rollup, without it, and DuckDB as a columnar floor.

Generates N placements (default 10,000,000, five years 2019–2023, about one
person in ten placed twice) inside each database with the same integer
formulas, so SQLite, PostgreSQL and DuckDB hold the same rows. Then it runs
``rebuild_rollup`` (first-in-year flags + rollup) and times the full yearly
report (services.indicators.compute_report: the year, the same period last
year, plan and term) with and without the rollup, and the same aggregation
in DuckDB over the same rows.

    .venv/bin/python benchmarks/indicators.py [--rows 10000000] [--json] [--db sqlite,postgresql,duckdb]

Targets (issue 7): under 100 ms with the rollup on both databases; under 1 s
on PostgreSQL without it. A throwaway PostgreSQL is started with
tests/services.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, inspect, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from webapp.db import make_engine  # noqa: E402
from webapp.models import District, Placement, Target, TargetScope  # noqa: E402
from webapp.services.indicators import compute_report, period_for  # noqa: E402
from webapp.services.reference import load_reference  # noqa: E402
from webapp.services.rollup import refill_rollup  # noqa: E402

YEAR = 2023
MARKETS = ["TW", "JP", "KR", "HU", "PL", "RO"]
OTHERS = ["DE", "CZ", "SK", "BG", "RS", "HR", "LT", "LV", "PT", "MT", "NL", "SA", "AE", "QA",
          "KW", "MY", "SG", "CN", "MO", "HK", "LA", "AU", "NZ", "GB", "RU"]  # fmt: skip


def _case(expr: str, values: list[str], quote: bool = True) -> str:
    q = (lambda v: f"'{v}'") if quote else (lambda v: v)
    whens = " ".join(f"WHEN {i} THEN {q(v)}" for i, v in enumerate(values))
    return f"CASE {expr} {whens} END"


def row_exprs(n: int, district_ids: list[int], dialect: str) -> dict[str, str]:
    """Column expressions of row ``id``: pure integer arithmetic, identical in every database."""
    people = (n - n // 10) // 5 * 5 + 5  # ids p and p + people: the same person in the same year
    div = "//" if dialect == "duckdb" else "/"  # DuckDB's / is a float division
    y, m, d = "(2019 + id % 5)", f"(1 + (id {div} 5) % 12)", f"(1 + (id {div} 60) % 28)"
    if dialect == "sqlite":
        placed = f"printf('%04d-%02d-%02d', {y}, {m}, {d})"
        concat = lambda a, b: f"{a} || {b}"  # noqa: E731
    else:
        placed = f"make_date(CAST({y} AS INTEGER), CAST({m} AS INTEGER), CAST({d} AS INTEGER))"
        concat = lambda a, b: f"{a} || CAST({b} AS VARCHAR)"  # noqa: E731
    overseas = "((id * 7) % 100 < 53)"
    c = "((id * 13) % 1000)"
    country = (
        f"CASE WHEN {c} < 440 THEN 'TW' WHEN {c} < 810 THEN 'JP' WHEN {c} < 925 THEN 'KR' "
        f"WHEN {c} < 941 THEN 'HU' WHEN {c} < 953 THEN 'PL' WHEN {c} < 964 THEN 'RO' "
        f"ELSE {_case('(id % 25)', OTHERS)} END"
    )
    # Person p has rows p and p + people (both in the same year, as people is a multiple
    # of 5); the first of the two by (date, id) is the one counted. Computed here so the
    # load never runs the row_number() pass of rebuild_rollup (tests/indicators checks that
    # this formula and rebuild_rollup agree).
    key = lambda x: f"((({x}) {div} 5) % 12 * 100 + (({x}) {div} 60) % 28)"  # noqa: E731
    first = (
        f"CASE WHEN id > {people} THEN {key(f'id - {people}')} > {key('id')} "
        f"WHEN id + {people} <= {n} THEN {key(f'id + {people}')} >= {key('id')} ELSE 1 = 1 END"
    )
    return {
        "person_key": concat("'ext:b'", f"(id % {people})"),
        "kind": f"CASE WHEN {overseas} THEN 'overseas' ELSE 'domestic' END",
        "country_code": f"CASE WHEN {overseas} THEN {country} ELSE NULL END",
        "employer_name": concat("'Employer '", "(id % 5003)"),
        "employer_key": concat("'employer '", "(id % 5003)"),
        "district_id": _case(
            f"((id * 17) % {len(district_ids)})", [str(i) for i in district_ids], quote=False
        ),
        "sex": "CASE WHEN (id * 3) % 2 = 0 THEN 'male' ELSE 'female' END",
        "birth_year": "(1960 + id % 45)",
        "age_band": _case("((id * 11) % 5)", ["15-24", "25-34", "35-44", "45-54", "55+"]),
        "priority_group": "CASE WHEN id % 20 = 0 THEN 'demobilised_soldier' WHEN id % 33 = 0 THEN 'ethnic_minority' ELSE NULL END",
        "placed_on": placed,
        "channel": _case("((id * 19) % 5)", ["fair", "online", "counselling", "agency", "other"]),
        "source": "'seed'",
        "first_in_year": first,
    }


def timed(fn: Callable[[], Any], repeat: int = 5) -> float:
    fn()  # warm caches
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def migrate(url: str) -> None:
    from alembic import command

    from webapp.cli.database import alembic_config

    cfg = alembic_config(url)
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")


def load(engine: Engine, n: int, dialect: str) -> dict[str, float]:
    with Session(engine) as s:
        load_reference(s)
        for scope, value in (("total", int(n / 5 * 0.95)), ("domestic", int(n / 5 * 0.45))):
            s.add(
                Target(
                    period=TargetScope.YEAR,
                    start_year=YEAR,
                    end_year=YEAR,
                    indicator="jobs_created",
                    scope=scope,
                    value=value,
                )
            )
        s.add(
            Target(
                period=TargetScope.TERM,
                start_year=2021,
                end_year=2025,
                indicator="jobs_created",
                scope="total",
                value=n,
            )
        )
        s.commit()
        district_ids = list(s.scalars(select(District.id).order_by(District.id)))
    exprs = row_exprs(n, district_ids, dialect)
    cols = ", ".join(exprs) + ", recorded_at"
    values = ", ".join(exprs.values()) + ", CURRENT_TIMESTAMP"
    table: Any = Placement.__table__
    t = time.perf_counter()
    with engine.begin() as conn:
        # A bulk load as pg_restore does it: indexes and the unique constraint are built
        # once after the rows are in, and foreign-key triggers are skipped (the rows are
        # valid by construction) on PostgreSQL.
        uniques = [] if dialect == "sqlite" else inspect(conn).get_unique_constraints("placements")
        for ix in table.indexes:
            ix.drop(conn)
        for uq in uniques:
            conn.exec_driver_sql(f"ALTER TABLE placements DROP CONSTRAINT {uq['name']}")
        if dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
            source = "(WITH RECURSIVE seq(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM seq WHERE id < {n}) SELECT id FROM seq)"
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
            conn.exec_driver_sql("SET maintenance_work_mem = '1GB'")
            source = "generate_series(1, {n}) AS g(id)"
        conn.execute(text(f"INSERT INTO placements ({cols}) SELECT {values} FROM {source.format(n=n)}"))
        for uq in uniques:
            conn.exec_driver_sql(
                f"ALTER TABLE placements ADD CONSTRAINT {uq['name']} UNIQUE ({', '.join(uq['column_names'])})"
            )
        for ix in table.indexes:
            ix.create(conn)
    generate = time.perf_counter() - t
    t = time.perf_counter()
    with Session(engine) as s:
        refill_rollup(s)
        s.commit()
    rebuild = time.perf_counter() - t
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        # VACUUM sets the visibility map PostgreSQL needs for index-only scans.
        conn.exec_driver_sql("VACUUM ANALYZE" if dialect != "sqlite" else "ANALYZE")
        rollup_rows = conn.scalar(text("SELECT count(*) FROM placement_rollup"))
    return {
        "generate_s": round(generate, 1),
        "refill_rollup_s": round(rebuild, 1),
        "rollup_rows": rollup_rows,
    }


def bench_db(url: str, n: int, dialect: str) -> dict[str, Any]:
    migrate(url)
    engine = make_engine(url)
    out: dict[str, Any] = load(engine, n, dialect)
    period = period_for(YEAR)
    with Session(engine) as s:
        with_rollup = compute_report(s, period, use_rollup=True)
        direct = compute_report(s, period, use_rollup=False)
        assert {k: v for k, v in with_rollup.items() if k != "source"} == {
            k: v for k, v in direct.items() if k != "source"
        }, "rollup and direct count disagree"
        out["report_rollup_ms"] = round(timed(lambda: compute_report(s, period, use_rollup=True)) * 1000, 1)
        out["report_direct_ms"] = round(
            timed(lambda: compute_report(s, period, use_rollup=False), 5) * 1000, 1
        )
        out["people_2023"] = with_rollup["jobs_created"]["total"]
    engine.dispose()
    return out


def bench_duckdb(n: int, district_ids: list[int]) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    exprs = row_exprs(n, district_ids, "duckdb")
    exprs["id"] = "id"
    select_list = ", ".join(f"{v} AS {k}" for k, v in exprs.items())
    t = time.perf_counter()
    con.execute(f"CREATE TABLE placements AS SELECT {select_list} FROM range(1, {n + 1}) t(id)")
    generate = time.perf_counter() - t
    # The flags follow the rule: the first placement of each person in each year.
    window = (
        "SELECT count(*) FROM (SELECT first_in_year, row_number() OVER (PARTITION BY person_key, "
        "year(placed_on) ORDER BY placed_on, id) AS rn FROM placements) WHERE (rn = 1) <> first_in_year"
    )
    assert con.execute(window).fetchone() == (0,), "first_in_year flags break the rule"

    def report() -> int:
        # The same two queries as the direct path: totals per day over the term so far
        # (the year, last year and the term), breakdowns of the year.
        daily = con.execute(
            f"SELECT placed_on, kind, country_code, count(*) FROM placements WHERE first_in_year "
            f"AND placed_on BETWEEN DATE '2021-01-01' AND DATE '{YEAR}-12-31' GROUP BY ALL"
        ).fetchall()
        joint = con.execute(
            f"SELECT kind, district_id, sex, age_band, priority_group, channel, count(*) FROM placements "
            f"WHERE first_in_year AND placed_on BETWEEN DATE '{YEAR}-01-01' AND DATE '{YEAR}-12-31' GROUP BY ALL"
        ).fetchall()
        return len(daily) + len(joint)

    ms = timed(report, 5) * 1000
    people = con.execute(
        f"SELECT count(*) FROM placements WHERE first_in_year AND year(placed_on) = {YEAR}"
    ).fetchone()
    con.close()
    return {
        "generate_s": round(generate, 1),
        "report_direct_ms": round(ms, 1),
        "people_2023": people[0] if people else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--db", default="sqlite,postgresql,duckdb")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    wanted = args.db.split(",")
    results: dict[str, Any] = {"rows": args.rows, "year": YEAR}
    tmp = Path(tempfile.mkdtemp(prefix="bench-indicators-"))
    try:
        district_ids = list(range(1, 14))
        if "sqlite" in wanted:
            results["sqlite"] = bench_db(f"sqlite:///{tmp / 'bench.db'}", args.rows, "sqlite")
        if "postgresql" in wanted:
            from tests import services

            url = services.start_postgres(tmp / "pg")
            if url is None:
                results["postgresql"] = {"error": services.unavailable_reason("postgres")}
            else:
                try:
                    results["postgresql"] = bench_db(url, args.rows, "postgresql")
                finally:
                    services.stop_postgres()
        if "duckdb" in wanted:
            results["duckdb"] = bench_duckdb(args.rows, district_ids)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(results))
        return
    print(f"Yearly report {YEAR} over {args.rows:,} placements (median of repeated runs)")
    print(
        f"{'database':<12}{'generate s':>12}{'rollup s':>11}{'rollup rows':>13}{'with rollup ms':>16}{'direct ms':>12}{'people':>12}"
    )
    for name in ("sqlite", "postgresql", "duckdb"):
        r = results.get(name)
        if not r or "error" in r:
            if r:
                print(f"{name:<12}{r['error']}")
            continue
        print(
            f"{name:<12}{r['generate_s']:>12}{r.get('refill_rollup_s', '—'):>11}{r.get('rollup_rows', '—'):>13}"
            f"{r.get('report_rollup_ms', '—'):>16}{r['report_direct_ms']:>12}{r['people_2023']:>12,}"
        )


if __name__ == "__main__":
    main()
