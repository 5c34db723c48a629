"""Elasticsearch down mid-run: writes still succeed, nothing is lost, replays change nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.backends.elasticsearch import ElasticsearchBackend
from tests.factories_search import jobseeker, vacancy
from webapp.models import Jobseeker, OutboxEvent, OutboxStatus, Vacancy, VacancyStatus
from webapp.services.indexing import pending_outbox, requeue_outbox, sync_outbox_batch
from webapp.services.search import search_vacancies

LATER = dt.datetime(2100, 1, 1)  # past every retry delay


@pytest.fixture()
def live(elasticsearch_url: str, session: Session) -> Iterator[ElasticsearchBackend]:
    backend = ElasticsearchBackend(
        elasticsearch_url, prefix=f"test-outbox-{uuid.uuid4().hex[:8]}", refresh=True
    )
    backend.ensure_indices()
    session.info["search_backend"] = "elasticsearch"
    session.info["search_backend_obj"] = backend
    try:
        yield backend
    finally:
        backend.drop_all()


def drain(session: Session, backend: ElasticsearchBackend, now: dt.datetime | None = None) -> dict[str, int]:
    totals = {"delivered": 0, "retry": 0, "failed": 0}
    while True:
        stats = sync_outbox_batch(session, backend, batch=50, now=now)
        for k in totals:
            totals[k] += stats[k]
        if not stats["events"]:
            return totals


def write_while_down(session: Session, vacancies: list[Vacancy], people: list[Jobseeker]) -> Vacancy:
    """Every kind of change the index must catch up on: an edit, a closing, a deletion, a
    profile edit, an archived profile and a new vacancy."""
    vacancies[0].title = "Thợ hàn TIG"
    vacancies[1].status = VacancyStatus.CLOSED
    session.delete(vacancies[2])
    people[0].desired_title = "Thợ điện công nghiệp"
    people[1].status = "archived"
    extra = vacancy(session, "Thợ hàn bổ sung")
    session.flush()
    return extra


def db_versions(session: Session) -> tuple[dict[int, int], dict[int, int]]:
    vac = dict(session.execute(select(Vacancy.id, Vacancy.version)).all())
    js = dict(
        session.execute(select(Jobseeker.id, Jobseeker.version).where(Jobseeker.status == "active")).all()
    )
    return vac, js  # type: ignore[return-value]


def test_outage_loses_nothing_and_replays_change_nothing(
    session: Session, live: ElasticsearchBackend
) -> None:
    vacancies = [vacancy(session, f"Thợ hàn số {i}") for i in range(6)]
    people = [jobseeker(session, desired_title=f"Thợ điện {i}", isco="7411") for i in range(4)]
    session.flush()
    assert drain(session, live)["delivered"] > 0
    assert live.versions(None, "vacancies") == db_versions(session)[0]

    # Elasticsearch goes away (nothing listens on port 9); the application keeps writing.
    dead = ElasticsearchBackend("http://127.0.0.1:9", prefix=live.prefix, timeout=1)
    extra = write_while_down(session, vacancies, people)
    waiting = pending_outbox(session)
    assert waiting >= 6
    stats = drain(session, dead)
    assert stats["delivered"] == 0 and stats["retry"] == waiting
    assert pending_outbox(session) == waiting  # waiting, with a retry delay and the error recorded
    assert all(
        e.last_error
        for e in session.scalars(select(OutboxEvent).where(OutboxEvent.status == OutboxStatus.PENDING))
    )

    # Back up: one sync brings the index level with the database, every (id, version) pair.
    drain(session, live, now=LATER)
    assert pending_outbox(session) == 0
    vac, js = db_versions(session)
    assert live.versions(None, "vacancies") == vac
    assert live.versions(None, "jobseekers") == js
    assert extra.id in vac and vacancies[2].id not in live.versions(None, "vacancies")
    titles = [i["title"] for i in search_vacancies(session, {"q": "thợ hàn TIG"})["items"]]
    assert titles[0] == "Thợ hàn TIG"

    before = (live.versions(None, "vacancies"), live.versions(None, "jobseekers"))
    for _ in range(2):
        assert requeue_outbox(session) > 0
        drain(session, live, now=LATER)
        assert (live.versions(None, "vacancies"), live.versions(None, "jobseekers")) == before
    assert search_vacancies(session, {"q": "tho han"})["total"] == len(vac) - 1  # the closed one is hidden


def test_stale_event_never_overwrites_newer_document(session: Session, live: ElasticsearchBackend) -> None:
    v = vacancy(session, "Lái xe")
    session.flush()
    drain(session, live)
    # A delayed duplicate carrying an old version arrives after a newer one was indexed.
    v.title = "Lái xe tải"
    session.flush()
    drain(session, live)
    outcome = live.write(
        "vacancies", [({"id": v.id, "version": 1, "text": {"title": "Lái xe cũ"}}, "upsert")]
    )
    assert outcome.done == [v.id] and not outcome.failed  # a version conflict counts as delivered
    assert search_vacancies(session, {"q": "lai xe"})["items"][0]["title"] == "Lái xe tải"


def test_node_stopped_mid_run_then_cli_sync_levels_the_index(
    app_config: dict, engine, connection, session: Session, elasticsearch_url: str
) -> None:
    """The real thing: the Elasticsearch node is stopped (SIGTERM) while the application
    writes, started again, and one ``vieclam search sync`` run by hand brings the index
    level with the database, every (id, version) pair; two full replays change nothing."""
    from sqlalchemy.orm import sessionmaker

    from tests import services
    from webapp import create_app

    if not services.can_restart_elasticsearch():
        pytest.skip("the node was not started by this test run (VIECLAM_TEST_ELASTICSEARCH_URL)")
    app = create_app(
        {
            **app_config,
            "ENGINE": engine,
            "ELASTICSEARCH_URL": elasticsearch_url,
            "ELASTICSEARCH_INDEX_PREFIX": f"test-restart-{uuid.uuid4().hex[:8]}",
        }
    )
    app.extensions["vieclam.sessionmaker"] = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    backend: ElasticsearchBackend = app.extensions["vieclam.search_backend"]
    backend.ensure_indices()
    session.info["search_backend"] = "elasticsearch"
    session.info["search_backend_obj"] = backend
    cli = app.test_cli_runner()

    def sync(*extra: str) -> str:
        result = cli.invoke(args=["search", "sync", *extra])
        return f"{result.exit_code}: {result.output}"

    def index_versions() -> tuple[dict[int, int], dict[int, int]]:
        backend.client.indices.refresh(index=[backend.alias("vacancies"), backend.alias("jobseekers")])
        return backend.versions(None, "vacancies"), backend.versions(None, "jobseekers")

    try:
        vacancies = [vacancy(session, f"Thợ hàn số {i}") for i in range(5)]
        people = [jobseeker(session, desired_title=f"Thợ điện {i}", isco="7411") for i in range(3)]
        session.flush()
        assert sync().startswith("0:")
        assert index_versions() == db_versions(session)

        services.halt_elasticsearch()
        extra = write_while_down(session, vacancies, people)  # the writes succeed while it is down
        waiting = pending_outbox(session)
        assert waiting >= 6
        down = sync()
        assert down.startswith("1:") and "not reachable" in down and f"{waiting} events" in down, down
        # The in-process worker tries meanwhile: every event fails and waits out a retry delay.
        assert drain(session, backend)["retry"] == waiting
        assert pending_outbox(session) == waiting  # nothing lost

        services.restart_elasticsearch()
        up = sync()  # by hand: the retry delays do not hold it back
        assert up.startswith("0:") and "0 pending" in up, up
        assert pending_outbox(session) == 0
        after = index_versions()
        assert after == db_versions(session)
        assert extra.id in after[0] and vacancies[2].id not in after[0]

        for _ in range(2):
            assert sync("--replay").startswith("0:")
            assert index_versions() == after
    finally:
        services.restart_elasticsearch()
        backend.drop_all()
