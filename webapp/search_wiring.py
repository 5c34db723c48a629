"""Connects the search library to the app: picks the backend from configuration.

Nothing set → SQLite FTS5 in the application's database; ``ELASTICSEARCH_URL``
set → Elasticsearch, fed by the transactional outbox (DESIGN.md).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from search.backends.sqlite import SQLiteBackend

from .config import search_backend_name
from .services.indexing import backend_name_for, register_index_events


def make_backend(config: dict[str, Any]) -> Any:
    if search_backend_name(config) == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(
            config["ELASTICSEARCH_URL"],
            prefix=config.get("ELASTICSEARCH_INDEX_PREFIX", "vieclam"),
            refresh=bool(config.get("ELASTICSEARCH_REFRESH", False)),
        )
    return SQLiteBackend()


def init_search(app: Flask) -> None:
    name = search_backend_name(app.config)
    app.extensions["vieclam.search_backend_name"] = name
    app.extensions["vieclam.search_backend"] = make_backend(app.config)
    # Sessions of this app know which profile they serve, so the index events
    # write FTS rows (embedded) or outbox events (scale).
    app.extensions["vieclam.sessionmaker"].kw.setdefault("info", {})["search_backend"] = name
    register_index_events()


def backend_for(session: Session) -> Any:
    """The backend a session was given (``session.info["search_backend_obj"]``: scripts, tests),
    else the app's inside a request or command, else SQLite when the session's database is."""
    given = session.info.get("search_backend_obj")
    if given is not None:
        return given
    if has_app_context() and "vieclam.search_backend" in current_app.extensions:
        return current_app.extensions["vieclam.search_backend"]
    if backend_name_for(session) == "sqlite":
        return SQLiteBackend()
    raise RuntimeError("No Elasticsearch backend configured outside an application context")
