"""End to end in real Chromium: a fair from set-up to report, against a real server and SQLite file."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from tests.conftest import migrate
from tests.factories import PASSWORD, TEST_TOTP_SECRET, make_employer, make_jobseeker, make_user, make_vacancy
from webapp import create_app
from webapp.db import make_engine
from webapp.models import Channel, FairRegistration, Placement, Role
from webapp.services.reference import load_reference

pytestmark = pytest.mark.e2e
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture()
def site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as s:
        load_reference(s)
        make_user(s, Role.STAFF, email="staff@example.vn")
        for name in ("Công ty Formosa Hà Tĩnh", "Công ty Thép Vũng Áng"):
            make_vacancy(s, employer=make_employer(s, name=name), quantity=10)
        for i in range(10):
            user = make_user(s, Role.JOBSEEKER, email=f"js{i}@example.vn")
            make_jobseeker(s, user_id=user.id, full_name=f"Lê Văn Khách {i}")
        s.commit()
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "e2e-secret",
            "DATABASE_URL": url,
            "ELASTICSEARCH_URL": None,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "RANKER_PATH": str(tmp_path / "instance" / "ranker.joblib"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_ENABLED": False,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", url
    finally:
        server.shutdown()
        thread.join(5)
        engine.dispose()


def _login(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.endswith("/login/two-factor"):  # staff: answer the second factor
        page.fill("#code", pyotp.TOTP(TEST_TOTP_SECRET).now())
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()


def test_fair_end_to_end(site: tuple[str, str], browser) -> None:  # type: ignore[no-untyped-def]
    """Shares the session's browser (tests/e2e/conftest.py): one Playwright driver per worker."""
    base, url = site
    staff = browser.new_context().new_page()
    _login(staff, base, "staff@example.vn")

    staff.goto(f"{base}/staff/fairs/new")
    staff.fill("#name", "Phiên GDVL lưu động Kỳ Anh")
    staff.fill("#held_on", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    staff.fill("#starts_at", "08:00")
    staff.fill("#ends_at", "10:00")
    staff.fill("#venue", "Nhà văn hoá thị xã Kỳ Anh")
    staff.fill("#slot_minutes", "30")
    staff.fill("#max_interviews_per_person", "2")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(re.compile(r"/staff/fairs/\d+$"))
    fair_url = staff.url
    fair_id = int(fair_url.rsplit("/", 1)[1])

    for name in ("Công ty Formosa Hà Tĩnh", "Công ty Thép Vũng Áng"):
        staff.select_option("#booth-employer_id", label=name)
        staff.fill("#booth-capacity_per_slot", "3")
        staff.get_by_role("button", name=re.compile("Add booth|Thêm")).click()
        staff.wait_for_load_state()
        staff.locator("select[name$='-vacancy_id']").first.locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).click()
        staff.wait_for_load_state()
    assert staff.locator("section[id^=booth-] li").count() == 2

    for i in range(10):
        ctx = browser.new_context()
        page = ctx.new_page()
        _login(page, base, f"js{i}@example.vn")
        page.goto(f"{base}/fairs/{fair_id}")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#my-code").inner_text().strip()
        ctx.close()

    staff.goto(fair_url)
    staff.locator("button[name=mode][value=build]").click()
    staff.wait_for_load_state()
    assert staff.locator("#count-registered").inner_text() == "10"
    assert int(staff.locator("#count-interviews").inner_text()) == 20

    for i, (name, born) in enumerate(
        [("Phạm Thị Mai", "1995-02-03"), ("Hoàng Văn Nam", "1990-07-21"), ("Đặng Quốc Bảo", "2001-11-30")]
    ):
        staff.goto(f"{base}/staff/fairs/{fair_id}/walk-in")
        staff.fill("#full_name", name)
        staff.locator("input[name=sex]").nth(i % 2).check()
        staff.fill("#birth_date", born)
        staff.fill("#phone", f"091234567{i}")
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_url(re.compile(r"/slips/\d+$"))
        assert staff.locator(".slip svg").count() == 1

    staff.goto(fair_url)
    staff.locator("button[name=mode][value=newcomers]").click()
    staff.wait_for_load_state()
    interviews = int(staff.locator("#count-interviews").inner_text())
    assert 20 < interviews <= 24  # 2 booths × 4 slots × 3 seats

    engine = make_engine(url)
    with Session(engine) as s:
        codes = s.scalars(
            select(FairRegistration.code)
            .where(FairRegistration.walk_in.is_(False))
            .order_by(FairRegistration.id)
        ).all()
    staff.goto(f"{base}/staff/fairs/{fair_id}/check-in")
    for code in codes[:2]:
        staff.fill("#code", code.lower())
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_load_state()
        assert "ok" in (staff.locator("#checkin-result").get_attribute("class") or "")
    staff.fill("#code", codes[0])
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_load_state()
    assert "again" in (staff.locator("#checkin-result").get_attribute("class") or "")
    assert staff.locator("#count-checked-in").inner_text() == "5"  # 3 walk-ins + 2

    staff.goto(fair_url)
    staff.get_by_role("link", name=re.compile("Record outcomes|Ghi kết quả")).first.click()
    staff.wait_for_load_state()
    for row, outcome in enumerate(("hired", "preselected", "not_suitable")):
        staff.locator("li.outcome-row").nth(row).locator(f"button[value={outcome}]").click()
        staff.wait_for_load_state()
        assert (
            staff.locator("li.outcome-row").nth(row).locator(".badge").get_attribute("data-outcome")
            == outcome
        )

    staff.goto(f"{base}/staff/fairs/{fair_id}/report")
    figures = {
        key: int(staff.locator(f"#r-{key}").inner_text())
        for key in (
            "employers",
            "vacancies",
            "positions",
            "registered",
            "walk_ins",
            "checked_in",
            "interviews_held",
            "preselected",
            "hired",
        )
    }
    assert figures == {
        "employers": 2,
        "vacancies": 2,
        "positions": 20,
        "registered": 13,
        "walk_ins": 3,
        "checked_in": 5,
        "interviews_held": 3,
        "preselected": 1,
        "hired": 1,
    }

    with Session(engine) as s:
        assert s.scalar(select(func.count(Placement.id)).where(Placement.channel == Channel.FAIR)) == 1
    engine.dispose()
