"""The indicators API and the web pages (staff dashboard, targets, public labour-market page)."""

from __future__ import annotations

import datetime as dt

from tests.factories import make_user
from tests.factories_indicators import make_placement, make_target
from tests.helpers import login
from webapp.models import Role


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
