"""Connects the search library to the app: picks the backend from configuration."""

from __future__ import annotations

from flask import Flask

from .config import search_backend_name


def init_search(app: Flask) -> None:
    app.extensions["vieclam.search_backend_name"] = search_backend_name(app.config)
