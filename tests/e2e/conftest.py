"""Fixtures for browser tests: a real server, a real database, a real Chromium, a real SMTP server.

Reusable by every team's e2e tests:

- ``live_server``: base URL (``http://127.0.0.1:PORT``) of the app served by werkzeug in a thread,
  on a temporary SQLite database migrated with Alembic and loaded with the reference data.
  The database is shared by all e2e tests of a worker (session scope): create your own data
  with unique names and do not count rows.
- ``e2e_db``: ``with e2e_db() as session: ...`` commits on exit (use the factories in
  tests/factories*.py with it); the server sees the data at once.
- ``browser``: one headless Chromium per worker (Debian's, through Playwright).
- ``page``: a fresh browser context (own cookies) and page per test, desktop size;
  ``page.goto(live_server + "/vacancies")``.
- ``mailbox``: messages received by the aiosmtpd server the app sends mail to;
  ``mailbox.wait_for(lambda m: ...)``.
- ``login_as(page, email)``: logs in through the login form (password ``tests.factories.PASSWORD``).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from tests import services
from tests.conftest import migrate
from tests.factories import PASSWORD
from webapp import create_app
from webapp.db import session_scope
from webapp.services.reference import load_reference

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class Mailbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        msg = message_from_bytes(envelope.original_content or envelope.content)
        msg["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._lock:
            self.messages.append(msg)
        return "250 Message accepted for delivery"

    def wait_for(self, predicate: Callable[[Message], bool], timeout: float = 10.0) -> Message:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for m in self.messages:
                    if predicate(m):
                        return m
            time.sleep(0.1)
        raise AssertionError(
            f"no matching e-mail within {timeout}s; got {[m['Subject'] for m in self.messages]}"
        )


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check that it started
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Flask:
    root = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{root / 'e2e.db'}"
    migrate(url)
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "e2e-secret",
            "DATABASE_URL": url,
            "ELASTICSEARCH_URL": None,
            "INSTANCE_PATH": str(root / "instance"),
            "RANKER_PATH": str(root / "instance" / "ranker.joblib"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "LOGIN_RATE_LIMIT_ADDRESS": "1000 per minute",
            "LOGIN_RATE_LIMIT_ACCOUNT": "100 per minute",
            "MAIL_ENABLED": True,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": mailbox.port,
        }
    )
    with session_scope(app) as session:
        load_reference(session)
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def e2e_db(live_app: Flask) -> Callable[[], contextlib.AbstractContextManager[Session]]:
    """``with e2e_db() as session:`` a session on the live server's database that commits on exit."""

    @contextlib.contextmanager
    def open_session() -> Iterator[Session]:
        with live_app.app_context(), session_scope(live_app) as session:
            yield session

    return open_session


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=services.CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def login_as(
    page: Any, base_url: str, email: str, password: str = PASSWORD, *, expect_second_factor: bool = False
) -> None:
    """Log in through the form. Staff land on the two-step page (``expect_second_factor``)."""
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if expect_second_factor:
        assert "/login/two-factor" in page.url, f"no second step for {email}: {page.url}"
    else:
        assert "/login" not in page.url, f"login failed for {email}"


@pytest.fixture()
def screenshot() -> Callable[[Any, str], None]:
    """``screenshot(page, "vacancies")`` saves phone and desktop full-page shots under test-artifacts/."""
    out = ARTIFACTS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)

    def take(pg: Any, name: str) -> None:
        # The shots are for people reviewing the pages, not assertions: on a busy 2-core
        # machine a full-page capture can stall, which must not fail the test that took it.
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            pg.set_viewport_size(size)
            try:
                pg.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True, timeout=30_000)
            except PlaywrightTimeoutError:
                print(f"screenshot {name}-{label} timed out; skipped", file=sys.stderr)
        pg.set_viewport_size(DESKTOP)

    return take
