"""Fixtures for the search contract suite: one ``search_env`` per backend.

``search_env.sync()`` makes the index level with the session: a flush on SQLite
(the FTS rows are written in the same transaction), outbox delivery plus a
refresh on Elasticsearch. Elasticsearch indices get a unique prefix per test,
because the database is rolled back after each test but the index is not.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from search.backends.sqlite import SQLiteBackend
from webapp.services.indexing import sync_outbox_batch


@dataclass
class SearchEnv:
    name: str
    session: Session
    backend: Any

    def sync(self) -> None:
        self.session.flush()
        if self.name == "elasticsearch":
            while sync_outbox_batch(self.session, self.backend)["events"]:
                pass

    def versions(self, entity: str) -> dict[int, int]:
        return self.backend.versions(self.session.connection(), entity)


@pytest.fixture(params=["sqlite", "elasticsearch"])
def search_env(request: pytest.FixtureRequest, session: Session) -> Iterator[SearchEnv]:
    if request.param == "sqlite":
        session.info["search_backend"] = "sqlite"
        session.info["search_backend_obj"] = SQLiteBackend()
        yield SearchEnv("sqlite", session, session.info["search_backend_obj"])
        return
    url = request.getfixturevalue("elasticsearch_url")
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend(url, prefix=f"test-{uuid.uuid4().hex[:10]}", refresh=True)
    backend.ensure_indices()
    session.info["search_backend"] = "elasticsearch"
    session.info["search_backend_obj"] = backend
    try:
        yield SearchEnv("elasticsearch", session, backend)
    finally:
        backend.drop_all()
