"""create_app(): a fresh ViecLam app from configuration (re-exported as ``webapp.create_app``)."""

from __future__ import annotations

import logging
from typing import Any

from apiflask import APIFlask
from flask import Flask

from . import db
from .config import load_config
from .extensions import babel, csrf, limiter, login_manager, select_locale

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    config = load_config(test_config)
    app = APIFlask(
        __name__,
        title="ViecLam API",
        version="1",
        spec_path="/api/v1/openapi.json",
        docs_path=None,  # the docs UI loads scripts from a CDN, which the CSP forbids
        json_errors=False,
        instance_path=config["INSTANCE_PATH"],
        instance_relative_config=False,
    )
    app.config.update(config)
    app.config.setdefault("SYNC_LOCAL_SPEC", False)

    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from .auth_loader import register_user_loader
    from .blueprints import register_blueprints
    from .cli import register_cli
    from .navigation import register_template_helpers
    from .request_cycle import register_request_cycle
    from .routing import register_converters
    from .search_wiring import init_search
    from .services.privacy import init_app as init_privacy

    init_privacy(app)
    register_user_loader(app)
    register_request_cycle(app)
    register_template_helpers(app)
    init_search(app)
    register_converters(app)
    register_blueprints(app)
    register_cli(app)
    logging.getLogger("waitress").setLevel(logging.INFO)
    return app
