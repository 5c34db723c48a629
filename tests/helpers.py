"""Helpers for driving the site through Flask's test client, CSRF tokens included."""

from __future__ import annotations

import re
import time

import pyotp
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories import PASSWORD, TEST_TOTP_SECRET

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    m = _TOKEN.search(html)
    assert m, f"no CSRF token on {url}"
    return m.group(1) or m.group(2)


def post_form(
    client: FlaskClient, url: str, data: dict[str, str], form_url: str | None = None
) -> TestResponse:
    token = csrf_token(client, form_url or url)
    return client.post(url, data={**data, "csrf_token": token})


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Log in; for staff (factory users carry TEST_TOTP_SECRET) the second factor is answered too."""
    resp = post_form(client, "/login", {"email": email, "password": password})
    if resp.status_code == 302 and resp.headers["Location"].endswith("/login/two-factor"):
        return second_factor(client)
    return resp


def second_factor(client: FlaskClient, secret: str = TEST_TOTP_SECRET) -> TestResponse:
    """Answer the TOTP step; a code is accepted once, so try the next time step if this one was used."""
    totp = pyotp.TOTP(secret)
    resp = None
    for offset in (0, 30, -30):
        resp = post_form(client, "/login/two-factor", {"code": totp.at(time.time() + offset)})
        if resp.status_code != 401:
            return resp
    assert resp is not None
    return resp


def logout(client: FlaskClient) -> TestResponse:
    return post_form(client, "/logout", {}, form_url="/")
