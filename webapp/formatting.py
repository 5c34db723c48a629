"""Locale-aware Jinja filters for numbers, money, percentages and dates.

Vietnamese writes "." for thousands and "," for decimals (23.125; 102,7%), so
templates never format numbers themselves: they use these filters, which ask
Babel for the rules of the page's locale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent as _babel_percent
from flask import Flask
from flask_babel import get_locale, get_timezone
from flask_babel import lazy_gettext as _l

from .services.search_labels import EDUCATION, KINDS

__all__ = [
    "format_date",
    "format_datetime",
    "format_money",
    "format_number",
    "format_percent",
    "init_app",
    "enum_label",
]

Number = int | float | Decimal

# Full four-digit years: a job centre's letters and forms use 24/11/2026, not 24/11/26.
DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
DATETIME_PATTERNS = {"vi": "HH:mm dd/MM/yyyy", "en": "d MMM yyyy, HH:mm"}


def _locale() -> str:
    return str(get_locale() or "vi")


def format_number(value: Number | None, digits: int | None = None) -> str:
    """23125 -> "23.125" (vi) / "23,125" (en); ``digits`` fixes the decimals shown."""
    if value is None:
        return ""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return _babel_decimal(value, format=pattern, locale=_locale())


def format_percent(value: Number | None, digits: int = 1) -> str:
    """A percentage given as a number of percent: 102.7 -> "102,7%" (vi) / "102.7%" (en)."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return _babel_percent(Decimal(str(value)) / 100, format=pattern, locale=_locale())


def format_money(value: Number | None, currency: str = "VND") -> str:
    """9000000, "VND" -> "9.000.000 VND"; the code after the number reads well in both languages."""
    if value is None:
        return ""
    return f"{format_number(value)} {currency}".strip()


def format_date(value: dt.date | dt.datetime | str | None, pattern: str | None = None) -> str:
    """A date in the page's format; ISO strings too (search results carry them as JSON does)."""
    if value is None or value == "":
        return ""
    locale = _locale()
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.date()
    return _babel_date(value, pattern or DATE_PATTERNS.get(locale, "medium"), locale=locale)


def format_datetime(value: dt.datetime | None, pattern: str | None = None) -> str:
    """Stored times are naive UTC; they are shown in the configured time zone (Asia/Ho_Chi_Minh)."""
    if value is None:
        return ""
    locale = _locale()
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return _babel_datetime(
        value, pattern or DATETIME_PATTERNS.get(locale, "medium"), tzinfo=get_timezone(), locale=locale
    )


# Stored enumerations are English codes; pages show them in the page's language.
ENUM_LABELS: dict[str, dict[str, Any]] = {
    "VacancyStatus": {
        "draft": _l("Draft"),
        "open": _l("Open"),
        "closed": _l("Closed"),
        "expired": _l("Expired"),
    },
    "VerificationStatus": {
        "pending": _l("Waiting for verification"),
        "verified": _l("Verified"),
        "rejected": _l("Rejected"),
        "suspended": _l("Suspended"),
    },
    "PlacementKind": KINDS,
    "VacancyKind": KINDS,
    "Education": EDUCATION,
    "Channel": {
        "fair": _l("Job fair"),
        "online": _l("Online"),
        "counselling": _l("Counselling"),
        "agency": _l("Recruitment agency"),
        "other": _l("Other"),
    },
    "ApplicationStatus": {
        "applied": _l("Applied"),
        "shortlisted": _l("Shortlisted"),
        "interviewed": _l("Interviewed"),
        "offered": _l("Offered"),
        "hired": _l("Hired"),
        "rejected": _l("Not selected"),
        "withdrawn": _l("Withdrawn"),
    },
}


def enum_label(value: object) -> str:
    """An enumeration member's label in the page's language (its code when none is known)."""
    if value is None:
        return ""
    key = str(getattr(value, "value", value))
    return str(ENUM_LABELS.get(type(value).__name__, {}).get(key, key))


FILTERS = {
    "number": format_number,
    "percent": format_percent,
    "money": format_money,
    "date": format_date,
    "datetime": format_datetime,
    "label": enum_label,
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
