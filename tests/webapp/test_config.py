"""Configuration: safe defaults, and refusals that say what to do."""

from __future__ import annotations

import pytest

from webapp.config import DEFAULT_SECRET, ConfigError, load_config


def test_embedded_profile_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    monkeypatch.setenv("VIECLAM_INSTANCE", str(tmp_path))
    cfg = load_config()
    assert cfg["DATABASE_URL"].startswith("sqlite:///")
    assert cfg["ELASTICSEARCH_URL"] is None


def test_production_refuses_default_secret():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config({"ENV": "production", "SECRET_KEY": DEFAULT_SECRET})


def test_production_sets_secure_cookies():
    cfg = load_config({"ENV": "production", "SECRET_KEY": "x" * 40})
    assert cfg["SESSION_COOKIE_SECURE"] is True


def test_postgres_without_elasticsearch_is_refused():
    with pytest.raises(ConfigError, match="ELASTICSEARCH_URL"):
        load_config({"DATABASE_URL": "postgresql://u@localhost/db", "ELASTICSEARCH_URL": None})


def test_postgres_url_gets_the_psycopg_driver():
    cfg = load_config({"DATABASE_URL": "postgres://u@localhost/db", "ELASTICSEARCH_URL": "http://127.0.0.1:9200"})
    assert cfg["DATABASE_URL"] == "postgresql+psycopg://u@localhost/db"
