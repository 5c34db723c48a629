"""Shared fixtures.

The schema is built once per database and worker by running the Alembic
migrations (so every run also proves they work); reference data is loaded
once; each test then runs inside a transaction that is rolled back, with the
app's commits turned into savepoint releases (STYLE.md: isolation by
transactions, not by rebuilding the world).

Tests run on SQLite by default. A module or test marked ``both_databases``
runs once on SQLite and once on a real PostgreSQL started by the test setup.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests import services
from webapp import create_app
from webapp.cli.database import alembic_config
from webapp.db import make_engine
from webapp.services.reference import load_reference

DB_NAMES = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_databases: run on SQLite and on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "dbname" in metafunc.fixturenames:
        names = DB_NAMES if metafunc.definition.get_closest_marker("both_databases") else ("sqlite",)
        metafunc.parametrize("dbname", names, scope="session")


# ------------------------------------------------------------------ services


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = services.start_postgres(tmp_path_factory.mktemp("pg"))
    try:
        yield services.require("postgres", url)
    finally:
        services.stop_postgres()


@pytest.fixture(scope="session")
def elasticsearch_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = services.start_elasticsearch(tmp_path_factory.mktemp("es"))
    try:
        yield services.require("elasticsearch", url)
    finally:
        services.stop_elasticsearch()


@pytest.fixture(scope="session")
def chromium() -> str:
    path = services.chromium_path()
    return services.require("chromium", path, "no Chromium executable (apt-get install chromium)")


# ------------------------------------------------------------------ databases


def migrate(url: str) -> None:
    cfg = alembic_config(url)
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")


@pytest.fixture(scope="session")
def database_url(
    dbname: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> str:
    if dbname == "postgresql":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    migrate(database_url)
    eng = make_engine(database_url)
    with Session(eng) as session:
        load_reference(session)
        session.commit()
    yield eng
    eng.dispose()


@pytest.fixture()
def connection(engine: Engine) -> Iterator[Any]:
    conn = engine.connect()
    trans = conn.begin()
    try:
        yield conn
    finally:
        trans.rollback()
        conn.close()


@pytest.fixture()
def session(connection: Any) -> Iterator[Session]:
    """A session whose commits only release a savepoint; the test's transaction is rolled back."""
    s = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture()
def app_config(dbname: str, database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    # On PostgreSQL the app runs the scale profile, as in production: it needs Elasticsearch.
    es_url = request.getfixturevalue("elasticsearch_url") if dbname == "postgresql" else None
    return {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "ELASTICSEARCH_URL": es_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "RANKER_PATH": str(tmp_path / "instance" / "ranker.joblib"),
        "RATELIMIT_STORAGE_URI": "memory://",
    }


@pytest.fixture()
def app(app_config: dict[str, Any], engine: Engine, connection: Any, session: Session) -> Iterator[Flask]:
    """An app whose requests share the test's transaction (and see the ``session`` fixture's data)."""
    application = create_app({**app_config, "ENGINE": engine})
    application.extensions["vieclam.sessionmaker"] = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    # No app context is held here: each request must get its own, as in production.
    yield application


@pytest.fixture()
def app_ctx(app: Flask) -> Iterator[Flask]:
    """For tests that call services needing an app context (translations, config)."""
    with app.app_context():
        yield app


@pytest.fixture()
def client(app: Flask, session: Session) -> FlaskClient:
    session.flush()
    return app.test_client()


@pytest.fixture()
def csrf_app(app: Flask) -> Flask:
    """Forms are CSRF-protected in every test unless a test opts out."""
    return app
