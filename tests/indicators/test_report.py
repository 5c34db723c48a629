"""The yearly report: the 2023 figures of DOMAIN.md, rollup = direct count, CLI JSON and XLSX."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from tests.factories_indicators import REPORT_2023_MARKETS, report_2023_fixture
from webapp.services.indicators import compute_report, period_for
from webapp.services.indicators_export import report_rows, report_xlsx


@pytest.fixture(scope="module")
def report_data(engine: Engine) -> Iterator[Connection]:
    """The 2023 table's ~72,000 placements, built once per database for the module.

    They live in a transaction that is rolled back after the module; every test
    runs in a savepoint inside it (the ``connection`` override below).
    """
    conn = engine.connect()
    trans = conn.begin()
    with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
        report_2023_fixture(s)
        s.commit()
    try:
        yield conn
    finally:
        trans.rollback()
        conn.close()


@pytest.fixture()
def connection(report_data: Connection) -> Iterator[Connection]:
    savepoint = report_data.begin_nested()
    try:
        yield report_data
    finally:
        savepoint.rollback()


@pytest.fixture()
def report_2023(session):
    return compute_report(session, period_for(2023))


@pytest.mark.both_databases
def test_2023_table_rollup_and_periods(session, report_2023):
    r = report_2023
    assert r["period"] == {"from": "2023-01-01", "to": "2023-12-31"}
    assert r["jobs_created"] == {"total": 23_125, "domestic": 10_920, "overseas": 12_205}
    assert r["markets"] == {**REPORT_2023_MARKETS, "others": 444}
    assert list(r["markets"]) == ["TW", "JP", "KR", "HU", "PL", "RO", "others"]
    assert r["overseas_countries"] == 31
    assert r["plan"] == {"total": 22_517, "domestic": None, "overseas": None}
    assert r["percent_of_plan"]["total"] == 102.7
    assert r["same_period_last_year"]["total"] == 22_996
    assert r["percent_of_last_year"]["total"] == 100.56
    assert r["term"] == {
        "from": "2021-01-01",
        "to": "2023-12-31",
        "term": "2021-2025",
        "target": 100_000,
        "cumulative": 71_876,
        "percent": 71.9,
    }
    assert sum(m["total"] for m in r["monthly"]) == 23_125
    assert sum(d["total"] for d in r["by_district"].values()) == 23_125

    # The rollup equals a direct count of the placements.
    direct = compute_report(session, period_for(2023), use_rollup=False)
    assert {k: v for k, v in direct.items() if k != "source"} == {
        k: v for k, v in report_2023.items() if k != "source"
    }

    # Quarters and months add up to the year.
    quarters = [compute_report(session, period_for(2023, quarter=q))["jobs_created"] for q in (1, 2, 3, 4)]
    assert sum(q["total"] for q in quarters) == 23_125
    assert sum(q["overseas"] for q in quarters) == 12_205
    may = compute_report(session, period_for(2023, month=5))
    assert may["jobs_created"]["total"] == report_2023["monthly"][4]["total"]
    # A custom range that is not whole months is counted directly, with the same rule.
    odd = compute_report(session, period_for(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)))
    assert odd["jobs_created"] == report_2023["jobs_created"]
    part = compute_report(session, period_for(start=dt.date(2023, 3, 10), end=dt.date(2023, 3, 20)))
    assert (
        part["source"] == "placements"
        and 0 < part["jobs_created"]["total"] < may["jobs_created"]["total"] * 2
    )


def test_xlsx_cells_equal_json_and_cli(app, session, report_2023):
    wb = load_workbook(io.BytesIO(report_xlsx(report_2023)))
    ws = wb.active
    assert "01/01/2023" in ws["A3"].value and "31/12/2023" in ws["A3"].value
    assert ws["A2"].value == "Đơn vị tính: người"
    assert [c.value for c in ws[6]][:7] == [
        "STT",
        "Chỉ tiêu",
        "Kế hoạch",
        "Thực hiện",
        "% so với kế hoạch",
        "Cùng kỳ năm trước",
        "% so với cùng kỳ",
    ]
    rows = report_rows(report_2023)
    for offset, expected in enumerate(rows):
        cells = [c.value for c in ws[7 + offset]][:7]
        assert cells == [
            expected[k]
            for k in ("no", "label", "plan", "actual", "percent_of_plan", "last_year", "percent_of_last_year")
        ]
    assert [c.value for c in ws[7]][2:7] == [22_517, 23_125, 102.7, 22_996, 100.56]
    assert ws["D7"].number_format == "[$-42A]#,##0"
    by_no = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=4).value for r in range(7, ws.max_row + 1)}
    assert by_no["1.1"] == 10_920 and by_no["1.2"] == 12_205 and by_no["1.2.1"] == 5_349
    assert by_no["1.2.7"] == 444 and by_no["3"] == 71_876

    session.flush()
    result = app.test_cli_runner().invoke(args=["indicators", "--year", "2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["jobs_created"]["total"] == 23_125
    assert data["overseas_by_country"]["TW"] == 5_349
    assert data["percent_of_plan"]["total"] == 102.7
