"""ViecLam web application: ``create_app()`` builds a fresh app from configuration.

Flask and the app's wiring load on the first call, not on import: processes that only
need the models or the seeders (the bulk seeder's producers) start a second sooner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    from .app import create_app as build

    return build(test_config)
