"""Smoke test of the test infrastructure: real PostgreSQL, Elasticsearch and Chromium.

The fixtures live here until tests/conftest.py takes them over.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

try:  # tests/ as a package, or tests/ itself on sys.path (pytest's default "prepend" import mode)
    from tests import services
except ImportError:
    import services  # type: ignore[no-redef]


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


@pytest.mark.postgres
def test_postgres_select_1(postgres_url: str) -> None:
    import psycopg

    conninfo = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
        assert conn.execute("show fsync").fetchone() == ("off",)
        assert conn.execute("select current_database()").fetchone() == (services.PG_DATABASE,)


@pytest.mark.elasticsearch
def test_elasticsearch_info(elasticsearch_url: str) -> None:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(elasticsearch_url, request_timeout=30)
    try:
        # Not es.info(): GET / lives in the rest-root module, which the integ-test-zip
        # distribution from Maven Central does not ship (it answers 405 there).
        nodes = es.nodes.info(node_id="_local")["nodes"]
        (node,) = nodes.values()
        assert node["version"].split(".")[0] == "8"
        assert es.cluster.health()["status"] in ("green", "yellow")
    finally:
        es.close()


@pytest.mark.e2e
def test_chromium_loads_data_url(chromium: str) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        services.skip_or_fail(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=services.CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto("data:text/html;charset=utf-8,<title>Việc làm</title><h1>Xin chào</h1>")
            assert page.title() == "Việc làm"
            assert page.inner_text("h1") == "Xin chào"
        finally:
            browser.close()
