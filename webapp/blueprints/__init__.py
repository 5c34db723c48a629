"""Blueprints: one module per feature, each exposing ``bp``."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

# Order matters only for URL rules that overlap; keep feature modules independent.
BLUEPRINT_MODULES = [
    "matching",
    "api_matching",
    "auth",
    "public",
    "jobseeker",
    "vacancy_pages",
    "employer",
    "staff",
    "privacy",
    "fairs",
    "staff_fairs",
    "api_core",
    "vacancies",
    "profiles",
    "api_search",
    "api_indicators",
    "lmi",
    "staff_indicators",
]


def register_blueprints(app: Flask) -> None:
    for name in BLUEPRINT_MODULES:
        module = import_module(f"{__name__}.{name}")
        app.register_blueprint(module.bp)
