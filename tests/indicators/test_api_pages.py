"""The indicators API and the web pages (staff dashboard, targets, public labour-market page)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_user
from tests.factories_indicators import make_placement, make_target
from tests.helpers import login
from webapp.models import Role


@pytest.mark.both_databases
def test_api_indicators_staff_only(client, session):
    make_placement(session, person="ext:a1", kind="overseas", country="JP", on=dt.date(2023, 4, 1))
    make_target(session, 2023, 2)
    staff = make_user(session, Role.STAFF)
    seeker = make_user(session, Role.JOBSEEKER)
    session.flush()
    assert client.get("/api/v1/indicators?year=2023").status_code == 401
    login(client, seeker.email)
    assert client.get("/api/v1/indicators?year=2023").status_code == 403
    client.get("/logout")
    login(client, staff.email)
    r = client.get("/api/v1/indicators?year=2023")
    assert r.status_code == 200, r.get_data(as_text=True)
    data = r.get_json()
    assert data["jobs_created"] == {"total": 1, "domestic": 0, "overseas": 1}
    assert data["overseas_by_country"] == {"JP": 1} and data["percent_of_plan"]["total"] == 50.0
    assert client.get("/api/v1/indicators?year=2023&quarter=2").get_json()["jobs_created"]["total"] == 1
    assert client.get("/api/v1/indicators?year=2023&quarter=9").status_code == 422


@pytest.mark.both_databases
def test_staff_dashboard_targets_and_exports(client, session):
    import io

    from openpyxl import load_workbook

    from tests.factories_indicators import bulk_year
    from tests.helpers import post_form

    bulk_year(session, 2023, 1_100, {"TW": 1_200, "JP": 25})
    make_target(session, 2023, 2_300)
    staff = make_user(session, Role.STAFF)
    session.flush()
    assert client.get("/staff/indicators?year=2023").status_code in (302, 401)
    login(client, staff.email)
    page = client.get("/staff/indicators?year=2023")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2.325" in html and "101,1%" in html  # Vietnamese number formats
    assert 'id="table-markets"' in html and "chart.umd.js" in html
    xlsx = client.get("/staff/indicators/export/markets.xlsx?year=2023")
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in ws[4]][:2] == ["TW", 1_200]
    report = client.get("/staff/indicators/export/report.xlsx?year=2023")
    assert load_workbook(io.BytesIO(report.data)).active["D7"].value == 2_325
    bad = post_form(
        client, "/staff/targets", {"kind": "year", "year": "2024", "scope": "district:000", "value": "5"}
    )
    assert bad.status_code == 422
    ok = post_form(
        client, "/staff/targets", {"kind": "term", "term": "2026-2030", "scope": "total", "value": "120000"}
    )
    assert ok.status_code == 302
    assert "120.000" in client.get("/staff/targets").get_data(as_text=True)


def test_public_labour_market_page_suppresses_small_cells(client, session):
    from tests.factories import make_jobseeker, make_vacancy

    for _ in range(6):
        make_jobseeker(session, isco="7212")
    make_jobseeker(session, isco="9329")
    make_vacancy(session, overseas=True, country_code="JP", quantity=30)
    session.flush()
    r = client.get("/labour-market")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "&lt;5" in html  # the lone elementary-occupation jobseeker is not shown as 1
    assert "Nguyễn Văn An" not in html and "09" + "0000" not in html
