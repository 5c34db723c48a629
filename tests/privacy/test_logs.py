"""Personal data typed into pages, the API and the CLI never reaches the logs."""

from __future__ import annotations

import logging

import pytest

from tests.factories import make_user
from tests.factories_privacy import make_marked_jobseeker, markers_token
from tests.helpers import login, post_form
from webapp.models import Role


@pytest.fixture()
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def _text(caplog: pytest.LogCaptureFixture) -> str:
    out = []
    for record in caplog.records:
        out.append(record.getMessage())
        if record.exc_text:
            out.append(record.exc_text)
    return "\n".join(out).lower()


def test_routes_and_cli_keep_markers_out_of_logs(app, client, session, logs):
    tag = markers_token()
    phone = "0987654321"
    national_id = "038095001234"
    email = f"{tag.lower()}@example.vn"
    markers = [tag.lower(), phone, national_id, email]

    # Pages: log-in (wrong password), registration, search, 404 with the markers in the query string.
    post_form(client, "/login", {"email": email, "password": f"{tag}-wrong"})
    post_form(
        client,
        "/register",
        {"role": "jobseeker", "display_name": f"{tag} Name", "email": email, "password": "x", "confirm": "y"},
    )
    for url in (
        f"/vacancies?q={tag}+{phone}",
        f"/no-such-page?name={tag}&phone={phone}&cccd={national_id}",
        f"/api/v1/vacancies?q={tag}",
        f"/api/v1/jobseekers?q={national_id}",
    ):
        client.get(url)
    # A staff member's second factor with a marker as the code.
    staff = make_user(session, Role.STAFF)
    post_form(client, "/login", {"email": staff.email, "password": "Test-password-2026"})
    post_form(client, "/login/two-factor", {"code": phone})
    # A jobseeker managing their data, then erased through the CLI.
    marked = make_marked_jobseeker(session, app.config)
    markers += marked.markers
    other = app.test_client()
    login(other, marked.user.email)
    post_form(other, "/account/privacy", {"profile_search": "y"})
    other.get("/account/privacy/data")
    other.get("/account/privacy/data.json")
    runner = app.test_cli_runner()
    runner.invoke(
        args=["users", "create", "--role", "jobseeker", "--email", email, "--password", f"{tag}-pass-123"]
    )
    runner.invoke(
        args=["privacy", "erase", "--jobseeker", str(marked.jobseeker.id), "--staff-email", staff.email]
    )
    runner.invoke(args=["privacy", "purge"])
    # An access-log line as werkzeug writes it, and an error carrying personal data.
    logging.getLogger("werkzeug").info(
        '127.0.0.1 - - "%s" 200 -', f"GET /vacancies?q={tag}&phone={phone} HTTP/1.1"
    )
    try:
        raise ValueError(f"duplicate phone {phone} / {email}")
    except ValueError:
        logging.getLogger("webapp").exception("import failed")

    assert logs.records, "nothing was captured: the test would prove nothing"
    text = _text(logs)
    leaked = [m for m in markers if m.lower() in text]
    assert leaked == []
