"""Keeping the search index true to the database.

Nobody has to remember to index: SQLAlchemy session events notice every
change to a vacancy or jobseeker (and to what their documents are built from:
skills, languages, the employer's name, verification and licence) and

- on the embedded profile (SQLite, no Elasticsearch) write the FTS5 rows on
  the same connection before commit, so a rollback undoes both;
- on the scale profile write ``OutboxEvent`` rows in the same transaction;
  ``vieclam search sync`` (``sync_outbox``) delivers them to Elasticsearch
  after commit, with external versions so a replay never overwrites newer data.

Bulk inserts done with Core (seed, imports) bypass ORM events: call
``index_entities(session, "vacancies", ids)`` after them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session

from ..models import (
    Employer,
    Jobseeker,
    JobseekerLanguage,
    OutboxEvent,
    OutboxStatus,
    Vacancy,
    utcnow,
)
from .outbox import pending_outbox, requeue_outbox, sync_outbox_batch
from .search_documents import (
    BUILDERS,
    ENTITY_TYPES,
    MODELS,
    all_ids,
    build_jobseeker_docs,
    build_vacancy_docs,
    chunks,
    iter_docs,
)

# Employer fields that appear in vacancy documents: changing one re-indexes the vacancies.
_EMPLOYER_FIELDS = {"name", "verification", "licence_expires", "kind"}

__all__ = [
    "ENTITY_TYPES",
    "all_ids",
    "iter_docs",
    "pending_outbox",
    "requeue_outbox",
    "sync_outbox_batch",
    "backend_name_for",
    "build_jobseeker_docs",
    "build_vacancy_docs",
    "bulk_indexing",
    "fts_ready",
    "index_entities",
    "register_index_events",
]

log = logging.getLogger(__name__)


# ------------------------------------------------------------------ which backend


def backend_name_for(session: Session) -> str:
    """``session.info["search_backend"]`` when the app set it, else by dialect (DESIGN.md)."""
    name = session.info.get("search_backend")
    if name:
        return str(name)
    bind = session.get_bind()
    return "sqlite" if bind.dialect.name == "sqlite" else "elasticsearch"


_fts_ready: dict[str, bool] = {}


def _fts_available(session: Session) -> bool:
    conn = session.connection()
    key = str(conn.engine.url)
    if key not in _fts_ready:
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('fts_vacancies', 'fts_jobseekers')"
        ).scalar()
        _fts_ready[key] = found == 2
        if not _fts_ready[key]:
            log.warning("SQLite search tables missing (run `vieclam db upgrade`); search is not indexed")
    return _fts_ready[key]


def fts_ready(session: Session) -> bool:
    """Whether this SQLite database has its search tables (``vieclam db upgrade`` creates them)."""
    return _fts_available(session)


def index_entities(session: Session, entity_type: str, ids: Iterable[int]) -> None:
    """Bring the index up to date for these ids (after Core bulk writes that skip ORM events).

    Embedded profile: FTS rows now, in this transaction. Scale profile: outbox events
    carrying each row's current version, delivered by ``vieclam search sync``.
    """
    if entity_type not in BUILDERS:
        raise ValueError(f"unknown entity type {entity_type!r}")
    id_list = sorted({int(i) for i in ids})
    if not id_list:
        return
    if backend_name_for(session) == "sqlite":
        if not _fts_available(session):
            return
        from search.backends.sqlite import SQLiteBackend

        backend = SQLiteBackend()
        conn = session.connection()
        if len(id_list) < 10_000:
            for chunk in chunks(id_list, 2000):
                docs = BUILDERS[entity_type](session, chunk)
                present = {d["id"] for d in docs}
                backend.upsert(conn, entity_type, docs)
                backend.delete(conn, entity_type, [i for i in chunk if i not in present])
            return
        # Bulk (seeding, imports): FTS5 merges less eagerly meanwhile (see bulk_load).
        with backend.bulk_load(conn, entity_type):
            for chunk in chunks(id_list, 10_000):
                docs = BUILDERS[entity_type](session, chunk)
                present = {d["id"] for d in docs}
                backend.upsert(conn, entity_type, docs)
                backend.delete(conn, entity_type, [i for i in chunk if i not in present])
        return
    model = MODELS[entity_type]
    now = utcnow()
    for chunk in chunks(id_list, 2000):
        versions: dict[int, int] = dict(
            session.execute(select(model.id, model.version).where(model.id.in_(chunk))).all()
        )
        rows = [
            {
                "entity_type": entity_type,
                "entity_id": i,
                "version": versions.get(i, 0) + (0 if i in versions else 1),
                "op": "upsert" if i in versions else "delete",
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "created_at": now,
                "last_error": "",
            }
            for i in chunk
        ]
        session.execute(insert(OutboxEvent), rows)


@contextmanager
def bulk_indexing(session: Session, entity_type: str) -> Iterator[None]:
    """Around many ``index_entities`` calls in one transaction (seeding, imports).

    Embedded profile: the FTS docs table's secondary indexes are rebuilt once at the
    end instead of row by row, and FTS5 merges less eagerly meanwhile. Elsewhere (or
    without search tables) nothing changes.
    """
    if backend_name_for(session) != "sqlite" or not _fts_available(session):
        yield
        return
    from search.backends.sqlite import SQLiteBackend

    with SQLiteBackend().bulk_load(session.connection(), entity_type, drop_indexes=True):
        yield


# ------------------------------------------------------------------ session events

_STATE_KEY = "vieclam.search_changes"


def _state(session: Session) -> dict[str, Any]:
    return session.info.setdefault(_STATE_KEY, {"objects": set(), "deleted": {}})


def _touch(obj: Any) -> None:
    """Force an UPDATE so the row's version (a version_id_col) moves on."""
    obj.updated_at = utcnow()


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    state = _state(session)
    objects: set[Any] = state["objects"]
    deleted: dict[tuple[str, int], int] = state["deleted"]
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty) + list(session.deleted):
            is_deleted = obj in session.deleted
            if isinstance(obj, Vacancy | Jobseeker):
                entity = "vacancies" if isinstance(obj, Vacancy) else "jobseekers"
                if is_deleted:
                    if obj.id is not None:
                        deleted[(entity, obj.id)] = (obj.version or 0) + 1
                    objects.discard(obj)
                    continue
                if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                    if not session.is_modified(obj):
                        continue
                    _touch(obj)  # only skills changed: the document did
                objects.add(obj)
            elif isinstance(obj, JobseekerLanguage):
                parent = obj.jobseeker
                if parent is None and obj.jobseeker_id is not None:
                    parent = session.get(Jobseeker, obj.jobseeker_id)
                if parent is not None and parent not in session.deleted:
                    if parent not in session.new:
                        _touch(parent)
                    objects.add(parent)
            elif (
                isinstance(obj, Employer)
                and obj in session.dirty
                and not is_deleted
                and _changed_attrs(obj) & _EMPLOYER_FIELDS
            ):
                for vac in session.scalars(select(Vacancy).where(Vacancy.employer_id == obj.id)):
                    if vac not in session.deleted:
                        _touch(vac)
                        objects.add(vac)


def _changed_attrs(obj: Any) -> set[str]:
    from sqlalchemy import inspect

    return {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}


def _after_flush(session: Session, _ctx: Any) -> None:
    state = session.info.get(_STATE_KEY)
    if not state or (not state["objects"] and not state["deleted"]):
        return
    objects: set[Any] = state["objects"]
    deleted: dict[tuple[str, int], int] = state["deleted"]
    upserts: dict[str, dict[int, int]] = {"vacancies": {}, "jobseekers": {}}
    for obj in objects:
        if obj.id is None:
            continue
        entity = "vacancies" if isinstance(obj, Vacancy) else "jobseekers"
        upserts[entity][obj.id] = obj.version
    state["objects"] = set()
    state["deleted"] = {}
    if backend_name_for(session) == "sqlite":
        if not _fts_available(session):
            return
        from search.backends.sqlite import SQLiteBackend

        backend = SQLiteBackend()
        conn = session.connection()
        for entity in ENTITY_TYPES:
            ids = sorted(upserts[entity])
            gone = [i for (e, i) in deleted if e == entity]
            if gone:
                backend.delete(conn, entity, gone)
            if ids:
                docs = BUILDERS[entity](session, ids)
                present = {d["id"] for d in docs}
                backend.upsert(conn, entity, docs)
                backend.delete(conn, entity, [i for i in ids if i not in present])
        return
    now = utcnow()
    rows = []
    for entity in ENTITY_TYPES:
        for i, version in sorted(upserts[entity].items()):
            rows.append((entity, i, version, "upsert"))
    for (entity, i), version in sorted(deleted.items()):
        rows.append((entity, i, version, "delete"))
    if rows:
        session.connection().execute(
            insert(OutboxEvent),
            [
                {
                    "entity_type": e,
                    "entity_id": i,
                    "version": v,
                    "op": op,
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                    "created_at": now,
                    "last_error": "",
                }
                for e, i, v, op in rows
            ],
        )


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_STATE_KEY, None)


_registered = False


def register_index_events() -> None:
    """Install the session listeners once per process (idempotent)."""
    global _registered
    if _registered:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_soft_rollback", _forget)
    _registered = True


register_index_events()
