"""benchmarks/indicators.py sets ``first_in_year`` with a formula: it must agree with the rule."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import select, text

from webapp.models import District, Placement
from webapp.services.indicators import compute_report, period_for
from webapp.services.rollup import rebuild_rollup

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "indicators.py"


def test_generated_flags_follow_the_counting_rule(session):
    spec = importlib.util.spec_from_file_location("bench_indicators", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    n = 3_000
    district_ids = list(session.scalars(select(District.id).order_by(District.id)))
    exprs = bench.row_exprs(n, district_ids, "sqlite")
    session.execute(
        text(
            f"WITH RECURSIVE seq(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM seq WHERE id < {n}) "
            f"INSERT INTO placements ({', '.join(exprs)}, recorded_at) "
            f"SELECT {', '.join(exprs.values())}, CURRENT_TIMESTAMP FROM seq"
        )
    )
    flags = dict(session.execute(select(Placement.id, Placement.first_in_year)).all())
    assert len(flags) == n and 0 < sum(not f for f in flags.values()) < n // 5
    people = rebuild_rollup(session)  # recomputes the flags by the rule (row_number)
    session.expire_all()
    assert dict(session.execute(select(Placement.id, Placement.first_in_year)).all()) == flags
    assert people == sum(flags.values())
    report = compute_report(session, period_for(2023))
    direct = compute_report(session, period_for(2023), use_rollup=False)
    assert report["jobs_created"] == direct["jobs_created"] and report["jobs_created"]["total"] > 0
