"""Helpers for driving the site through Flask's test client, CSRF tokens included."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories import PASSWORD

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
    return post_form(client, "/login", {"email": email, "password": password})


def logout(client: FlaskClient) -> TestResponse:
    return post_form(client, "/logout", {}, form_url="/")
