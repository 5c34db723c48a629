"""vieclam search reindex | sync | status."""

from __future__ import annotations

import time

import click
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from flask import current_app
from sqlalchemy import func, select

from .. import db
from ..models import OutboxEvent
from ..services import indexing
from . import transactional

ENTITIES = click.Choice(["all", *indexing.ENTITY_TYPES])


def _entities(entity: str) -> tuple[str, ...]:
    return indexing.ENTITY_TYPES if entity == "all" else (entity,)


@click.group("search")
def search_group() -> None:
    """The search index (SQLite FTS5 or Elasticsearch)."""


@search_group.command("reindex")
@click.option("--entity", type=ENTITIES, default="all", show_default=True)
@transactional
def reindex(entity: str) -> None:
    """Rebuild the index from the database.

    Elasticsearch: a new versioned index is filled with the bulk helper and the alias
    switched to it in one step, so searches keep working meanwhile; changes made while
    it ran are replayed from the outbox. SQLite: rebuilt inside one transaction and
    merged into one segment (see ``optimize``).
    """
    session = db.get_session()
    backend = current_app.extensions["vieclam.search_backend"]
    for name in _entities(entity):
        started = time.perf_counter()
        if backend.name == "sqlite":
            backend.clear(session.connection(), name)
            ids = indexing.all_ids(session, name)
            indexing.index_entities(session, name, ids)
            backend.optimize(session.connection(), name)
            count, elapsed = len(ids), time.perf_counter() - started
            merged = ""
        else:
            backend.ensure_indices()
            mark = session.scalar(select(func.max(OutboxEvent.id))) or 0
            count, elapsed = backend.reindex(name, indexing.iter_docs(session, name))
            merged = f", merged into one segment in {backend.last_merge_seconds:.1f} s"
            requeued = indexing.requeue_outbox(session, since_id=mark)
            if requeued:
                click.echo(
                    f"  {requeued} events recorded during the rebuild will be replayed by `search sync`."
                )
        rate = count / elapsed if elapsed else 0.0
        click.echo(f"{name}: {count} documents indexed in {elapsed:.1f} s ({rate:,.0f} docs/s){merged}.")


@search_group.command("optimize")
@click.option("--entity", type=ENTITIES, default="all", show_default=True)
@transactional
def optimize(entity: str) -> None:
    """Merge the SQLite index into one segment (after a bulk load or import; nightly).

    Searches read every segment, so after seeding or a large import they are about twice
    as slow until the index is merged. Elasticsearch merges on its own: nothing to do.
    """
    backend = current_app.extensions["vieclam.search_backend"]
    if backend.name != "sqlite":
        click.echo("Elasticsearch merges its segments itself; nothing to do.")
        return
    session = db.get_session()
    for name in _entities(entity):
        started = time.perf_counter()
        backend.optimize(session.connection(), name)
        click.echo(f"{name}: index merged in {time.perf_counter() - started:.1f} s.")


@search_group.command("sync")
@click.option("--follow", is_flag=True, help="Keep running as a worker, polling the outbox.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between polls with --follow.")
@click.option("--batch", default=1000, show_default=True)
@click.option("--replay", is_flag=True, help="Deliver every recorded event again (safe: versions decide).")
def sync(follow: bool, interval: float, batch: int, replay: bool) -> None:
    """Deliver outbox events to Elasticsearch; committed batch by batch."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    backend = app.extensions["vieclam.search_backend"]
    if backend.name == "sqlite":
        click.echo("Embedded profile: the SQLite index is written in the same transaction; nothing to sync.")
        return
    if replay:
        with db.session_scope(app) as session:
            click.echo(f"{indexing.requeue_outbox(session)} events queued again.")
    try:
        backend.ensure_indices()
    except ElasticsearchConnectionError as err:
        with db.session_scope(app) as session:
            left = indexing.pending_outbox(session)
        raise click.ClickException(
            f"Elasticsearch is not reachable ({err}). {left} events are pending and will be "
            "retried; nothing is lost. Run this again when it is back."
        ) from err
    totals = {"delivered": 0, "retry": 0, "failed": 0}
    while True:
        with db.session_scope(app) as session:
            # By hand, everything pending goes now (retry delays are for the worker's polling);
            # a batch that Elasticsearch did not take ends the run instead of trying it again.
            stats = indexing.sync_outbox_batch(session, backend, batch=batch, due_only=follow)
        for k in totals:
            totals[k] += stats[k]
        if stats["events"] and (follow or not stats["retry"]):
            continue
        if not follow:
            break
        time.sleep(interval)
    with db.session_scope(app) as session:
        left = indexing.pending_outbox(session)
    click.echo(
        f"Delivered {totals['delivered']}, to retry {totals['retry']}, failed {totals['failed']}; {left} pending."
    )
    if totals["retry"] and not follow:
        raise click.ClickException("Elasticsearch did not accept every event; they will be retried.")


@search_group.command("status")
def status() -> None:
    """Backend, pending outbox events and document counts."""
    session = db.get_session()
    backend = current_app.extensions["vieclam.search_backend"]
    click.echo(f"backend: {backend.name}")
    click.echo(f"outbox pending: {indexing.pending_outbox(session)}")
    for name in indexing.ENTITY_TYPES:
        try:
            click.echo(f"{name}: {len(backend.versions(session.connection(), name))} documents")
        except Exception as exc:  # pragma: no cover - shows an unreachable cluster plainly
            click.echo(f"{name}: unavailable ({exc})")


commands = [search_group]
