"""Main navigation, filtered by role; entries whose endpoint is not registered are skipped."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from . import formatting
from .models import Role

ANYONE = None
# (endpoint, label, roles that see it or None for everyone)
NAV: list[tuple[str, object, tuple[Role, ...] | None]] = [
    ("vacancies.search", _l("Vacancies"), ANYONE),
    ("fairs.index", _l("Job fairs"), ANYONE),
    ("lmi.labour_market", _l("Labour market"), ANYONE),
    ("jobseeker.dashboard", _l("My page"), (Role.JOBSEEKER,)),
    ("employer.dashboard", _l("My company"), (Role.EMPLOYER,)),
    ("staff.dashboard", _l("Staff"), (Role.STAFF, Role.ADMIN)),
    ("staff_indicators.dashboard", _l("Indicators"), (Role.STAFF, Role.ADMIN)),
    ("profiles.search", _l("Find candidates"), (Role.EMPLOYER, Role.STAFF, Role.ADMIN)),
]


def nav_items() -> list[tuple[str, object]]:
    rules = current_app.view_functions
    role = current_user.role if current_user.is_authenticated else None
    return [(ep, label) for ep, label, roles in NAV if ep in rules and (roles is None or role in roles)]


def current_locale() -> str:
    return str(get_locale() or "vi")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(nav_items=nav_items, current_locale=current_locale)
    formatting.init_app(app)
