"""The whole chain: `vieclam seed demo` then `vieclam indicators --year 2023` reproduces the report."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.conftest import migrate
from webapp import create_app
from webapp.db import make_engine
from webapp.seed.demo import seed_demo


def test_seed_demo_then_indicators_2023(tmp_path: Path, app_config: dict) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        seed_demo(session, seed=7, scale=0.05, today=dt.date(2026, 11, 25))
        session.commit()
    engine.dispose()
    app = create_app({**app_config, "DATABASE_URL": url})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["indicators", "--year", "2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    r = json.loads(result.output)
    assert r["jobs_created"] == {"total": 23_125, "domestic": 10_920, "overseas": 12_205}
    assert r["markets"] == {
        "TW": 5_349,
        "JP": 4_519,
        "KR": 1_408,
        "HU": 199,
        "PL": 149,
        "RO": 137,
        "others": 444,
    }
    assert r["overseas_countries"] == 31
    assert r["percent_of_plan"]["total"] == 102.7
    assert r["same_period_last_year"]["total"] == 22_996
    assert r["percent_of_last_year"]["total"] == 100.56
    assert (r["term"]["cumulative"], r["term"]["target"], r["term"]["percent"]) == (71_876, 100_000, 71.9)
    out = tmp_path / "r.xlsx"
    assert (
        runner.invoke(
            args=["indicators", "--year", "2023", "--format", "xlsx", "--output", str(out)]
        ).exit_code
        == 0
    )
    ws = load_workbook(io.BytesIO(out.read_bytes())).active
    assert [c.value for c in ws[7]][2:7] == [r["plan"]["total"], 23_125, 102.7, 22_996, 100.56]
    direct = runner.invoke(args=["indicators", "--year", "2023", "--format", "json", "--no-rollup"])
    assert {k: v for k, v in json.loads(direct.output).items() if k != "source"} == {
        k: v for k, v in r.items() if k != "source"
    }
