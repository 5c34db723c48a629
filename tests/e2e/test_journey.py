"""The issue's journey in a real browser: a jobseeker registers, fills a profile, searches
"tho han" (no tone marks) and finds "Thợ hàn" vacancies, applies; the employer logs in,
sees the application and marks it hired; staff sees the new placement.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pyotp
import pytest

from tests import factories as f
from tests.e2e.conftest import login_as
from webapp.models import Role

pytestmark = pytest.mark.e2e

_n = itertools.count(1)


@pytest.fixture()
def order(e2e_db: Callable[..., Any]) -> dict[str, Any]:
    n = next(_n)
    with e2e_db() as session:
        employer = f.make_employer(session, name=f"Công ty CP Kết cấu thép Hành trình {n}")
        boss = f.make_user(session, Role.EMPLOYER, employer_id=employer.id)
        vacancy = f.make_vacancy(
            session,
            employer=employer,
            title=f"Thợ hàn kết cấu thép {n}",
            deadline=dt.date.today() + dt.timedelta(days=25),
        )
        secret = pyotp.random_base32()
        staff = f.make_user(session, Role.STAFF, totp_secret=secret)
        return {
            "n": n,
            "employer": employer.name,
            "boss": boss.email,
            "vacancy": vacancy.id,
            "title": vacancy.title,
            "staff": staff.email,
            "totp": secret,
        }


def _submit(page: Any, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_register_profile_search_apply_hire_and_placement(
    browser: Any, page: Any, live_server: str, order: dict[str, Any], screenshot: Callable[[Any, str], None]
) -> None:
    email = f"lan.journey{order['n']}@example.vn"

    # --- the jobseeker registers
    page.goto(f"{live_server}/register")
    page.fill("#display_name", "Trần Thị Lan")
    page.fill("#email", email)
    page.fill("#password", "Han-tig-Vung-Ang-2026")
    page.fill("#confirm", "Han-tig-Vung-Ang-2026")
    _submit(page)
    assert "/register" not in page.url, page.locator("main").inner_text()

    # --- fills a profile
    page.goto(f"{live_server}/me/profile")
    page.fill("#full_name", "Trần Thị Lan")
    page.select_option("#sex", "female")
    page.fill("#birth_date", "1999-03-08")
    page.select_option("#district_code", "436")
    page.select_option("#education", "upper_secondary")
    page.fill("#desired_title", "Thợ hàn")
    page.fill("#skills", "Hàn MIG, đọc bản vẽ")
    screenshot(page, "me-profile-form")
    _submit(page)
    assert page.locator(".flash").count() >= 1, page.locator("main").inner_text()

    # --- searches without tone marks and finds the vacancy
    page.goto(f"{live_server}/")
    page.fill("#home-q", "tho han")
    with page.expect_navigation():
        page.press("#home-q", "Enter")
    assert "/vacancies" in page.url
    link = page.get_by_role("link", name=order["title"])
    assert link.count() >= 1, page.locator("main").inner_text()
    assert "Thợ hàn" in page.locator("main").inner_text()
    screenshot(page, "search-tho-han")
    with page.expect_navigation():
        link.first.click()
    assert page.url.endswith(f"/vacancies/{order['vacancy']}")

    # --- applies
    page.fill("#cover_note", "Tôi có chứng chỉ hàn bậc 3.")
    _submit(page, f"form[action$='/vacancies/{order['vacancy']}/apply'] button[type=submit]")
    page.goto(f"{live_server}/me/applications")
    assert order["title"] in page.locator("main").inner_text()

    # --- the employer sees the application and marks it hired
    boss = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        bpage = boss.new_page()
        login_as(bpage, live_server, order["boss"])
        bpage.goto(f"{live_server}/employer/vacancies/{order['vacancy']}/applicants")
        applicant = bpage.get_by_role("link", name="Trần Thị Lan")
        assert applicant.count() == 1, bpage.locator("main").inner_text()
        with bpage.expect_navigation():
            applicant.click()
        bpage.select_option("#status", "hired")
        _submit(bpage)
        assert bpage.locator(".flash").count() >= 1, bpage.locator("main").inner_text()
    finally:
        boss.close()

    # --- the jobseeker follows the status
    page.goto(f"{live_server}/me/applications")
    assert order["title"] in page.locator("main").inner_text()

    # --- staff see the new placement
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        spage = staff.new_page()
        login_as(spage, live_server, order["staff"], expect_second_factor=True)
        spage.fill("input[name=code]", pyotp.TOTP(order["totp"]).now())
        _submit(spage)
        spage.goto(f"{live_server}/staff")
        assert order["employer"] in spage.locator("#placements").inner_text()
        screenshot(spage, "staff-placements")
    finally:
        staff.close()
