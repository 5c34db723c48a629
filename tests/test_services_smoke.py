"""Smoke test of the test infrastructure: real PostgreSQL, Elasticsearch and Chromium.

The fixtures come from tests/conftest.py; Chromium is exercised by tests/e2e/.
"""

from __future__ import annotations

import pytest

try:  # tests/ as a package, or tests/ itself on sys.path (pytest's default "prepend" import mode)
    from tests import services
except ImportError:
    import services  # type: ignore[no-redef]


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
