"""Accounts: registration, login, logout, session invalidation, CSRF, rate limiting."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, make_user
from tests.helpers import csrf_token, login, logout, post_form
from webapp.models import Role, User


def test_register_creates_jobseeker_and_logs_in(client, session):
    resp = post_form(
        client,
        "/register",
        {
            "role": "jobseeker",
            "display_name": "Trần Thị Bình",
            "email": "Binh@Example.vn",
            "password": "Hà-Tĩnh-việc-làm",
            "confirm": "Hà-Tĩnh-việc-làm",
        },
    )
    assert resp.status_code == 302
    user = session.scalar(select(User).where(User.email == "binh@example.vn"))
    assert user is not None and user.role == Role.JOBSEEKER
    assert user.password_hash.startswith("$argon2id$")
    assert "Trần Thị Bình" in client.get("/").get_data(as_text=True) or client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [("short1", "at least 10"), ("password123", "too common"), ("qwertyuiop", "too common")],
)
def test_register_refuses_weak_passwords(client, session, password, message):
    resp = post_form(
        client,
        "/register?lang=en",
        {
            "role": "jobseeker",
            "display_name": "X",
            "email": "weak@example.vn",
            "password": password,
            "confirm": password,
        },
    )
    assert resp.status_code == 422
    assert message in resp.get_data(as_text=True).lower()
    assert session.scalar(select(User).where(User.email == "weak@example.vn")) is None


def test_register_duplicate_email_is_refused(client, session):
    make_user(session, email="dup@example.vn")
    resp = post_form(
        client,
        "/register?lang=en",
        {
            "role": "employer",
            "display_name": "X",
            "email": "dup@example.vn",
            "password": "Mot-mat-khau-dai",
            "confirm": "Mot-mat-khau-dai",
        },
    )
    assert resp.status_code == 409
    assert "already registered" in resp.get_data(as_text=True).lower()


def test_login_wrong_password_then_right(client, session):
    user = make_user(session)
    assert login(client, user.email, "not-the-password").status_code == 401
    assert login(client, user.email).status_code == 302


def test_replayed_cookie_refused_after_logout(client, session):
    user = make_user(session, role=Role.STAFF)
    login(client, user.email)
    cookie = client.get_cookie("session")
    assert cookie is not None
    stolen = cookie.value
    logout(client)
    client.set_cookie("session", stolen)
    resp = client.get("/account/password")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_replayed_cookie_refused_after_password_change(app, client, session):
    user = make_user(session)
    login(client, user.email)
    old_cookie = client.get_cookie("session").value
    resp = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": "Mat-khau-moi-2026", "confirm": "Mat-khau-moi-2026"},
    )
    assert resp.status_code == 302
    # The session that changed the password keeps working ...
    assert client.get("/account/password").status_code == 200
    # ... but a copy of the old cookie does not.
    other = app.test_client()
    other.set_cookie("session", old_cookie)
    resp = other.get("/account/password")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_form_without_csrf_token_is_rejected(client, session):
    user = make_user(session)
    resp = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert resp.status_code == 400
    assert client.get("/account/password").status_code == 302  # not logged in


def test_login_rate_limited_per_account(client, session):
    user = make_user(session)
    codes = [login(client, user.email, f"wrong-{i}").status_code for i in range(6)]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    # Even the right password is refused while the limit holds.
    assert login(client, user.email).status_code == 429


def test_login_rate_limited_per_address(app, client, session):
    app.config["LOGIN_RATE_LIMIT_ADDRESS"] = "3 per 15 minutes"
    users = [make_user(session) for _ in range(4)]
    codes = [login(client, u.email, "wrong-password").status_code for u in users]
    assert codes == [401, 401, 401, 429]


def test_csrf_token_present_on_forms(client):
    assert csrf_token(client, "/login")
