"""A saved search gets an alert e-mail (through a real SMTP server, aiosmtpd) when an employer
publishes a matching vacancy."""

from __future__ import annotations

import datetime as dt
import email.policy
from collections.abc import Callable
from email import message_from_bytes
from typing import Any

import pytest
from flask import Flask

from tests import factories as f
from tests.e2e.conftest import Mailbox, login_as
from webapp.models import Role

pytestmark = pytest.mark.e2e


def _text(message: Any) -> str:
    parsed = message_from_bytes(message.as_bytes(), policy=email.policy.default)
    part = parsed.get_body(preferencelist=("plain", "html"))
    return str(part.get_content() if part is not None else parsed.get_content())


def test_saved_search_alert_email_on_publication(
    browser: Any,
    page: Any,
    live_server: str,
    live_app: Flask,
    e2e_db: Callable[..., Any],
    mailbox: Mailbox,
) -> None:
    with e2e_db() as session:
        employer = f.make_employer(session, name="Công ty TNHH Đóng tàu Xuân Hải")
        boss = f.make_user(session, Role.EMPLOYER, employer_id=employer.id)
        seeker = f.make_user(session, Role.JOBSEEKER, email="hung.alert@example.vn")
        f.make_jobseeker(session, user_id=seeker.id, email=seeker.email)
        boss_email = boss.email

    # The jobseeker saves a search typed without tone marks, with e-mail alerts.
    login_as(page, live_server, "hung.alert@example.vn")
    page.goto(f"{live_server}/me/searches")
    page.fill("#q", "tho han ong")
    page.fill("#name", "Hàn ống")
    page.check("#email_alerts")
    with page.expect_navigation():
        page.click("form[action$='/me/searches'] button[type=submit]")
    assert "Hàn ống" in page.locator("main").inner_text()

    # The employer publishes a matching vacancy through the form.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        epage = context.new_page()
        login_as(epage, live_server, boss_email)
        epage.goto(f"{live_server}/employer/vacancies/new")
        epage.fill("#title", "Thợ hàn ống áp lực")
        epage.fill("#quantity", "4")
        epage.fill("#deadline", (dt.date.today() + dt.timedelta(days=30)).isoformat())
        epage.select_option("#district_code", "449")
        with epage.expect_navigation():
            epage.click("button[name=action][value=publish]")
        assert "/vacancies/new" not in epage.url, epage.locator("main").inner_text()
    finally:
        context.close()

    # The alert job (run every few minutes in production) sends the e-mail.
    result = live_app.test_cli_runner().invoke(args=["alerts", "send"])
    assert result.exit_code == 0, result.output
    message = mailbox.wait_for(lambda m: "hung.alert@example.vn" in (m["X-Envelope-To"] or ""))
    assert "Thợ hàn ống áp lực" in _text(message)
