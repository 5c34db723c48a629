"""Languages: Vietnamese by default, English on request; numbers and dates per locale."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from webapp.formatting import format_date, format_money, format_number, format_percent


def test_numbers_and_dates_follow_the_locale(app_ctx: Flask) -> None:
    with app_ctx.test_request_context(), force_locale("vi"):
        assert format_number(23125) == "23.125"
        assert format_percent(102.7) == "102,7%"
        assert format_percent(100.56, digits=2) == "100,56%"
        assert format_money(9_000_000) == "9.000.000 VND"
        assert format_date(dt.date(2026, 11, 24)) == "24/11/2026"
    with app_ctx.test_request_context(), force_locale("en"):
        assert format_number(23125) == "23,125"
        assert format_percent(102.7) == "102.7%"
        assert format_date(dt.date(2026, 11, 24)) == "24 Nov 2026"


def test_filters_are_available_in_templates(app_ctx: Flask) -> None:
    with app_ctx.test_request_context(), force_locale("vi"):
        rendered = app_ctx.jinja_env.from_string("{{ 23125 | number }} {{ 102.7 | percent }}").render()
    assert rendered == "23.125 102,7%"


def test_pages_are_vietnamese_by_default_and_english_on_request(client: FlaskClient) -> None:
    vi = client.get("/", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert '<html lang="vi">' in vi
    assert "Tìm việc làm trong nước và nước ngoài" in vi, "run scripts/compile-translations"
    en = client.get("/?lang=en").get_data(as_text=True)
    assert "Find work at home and abroad" in en
    # The choice is remembered for the next page.
    assert "Find work at home and abroad" in client.get("/").get_data(as_text=True)


def test_api_errors_are_translated(client: FlaskClient) -> None:
    body = client.patch("/api/v1/me/profile?lang=vi", json={}).get_json()
    assert body["message"].startswith("Hãy đăng nhập")
