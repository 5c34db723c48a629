"""Outbox delivery: changes recorded in the same transaction as the data reach Elasticsearch after commit.

External versions make a replay or a duplicate harmless: it never overwrites newer data.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import (
    OutboxEvent,
    OutboxStatus,
    utcnow,
)
from .search_documents import BUILDERS, MODELS

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ outbox delivery


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(2 ** max(attempts, 1), 300))


def sync_outbox_batch(
    session: Session,
    backend: Any,
    batch: int = 1000,
    max_attempts: int = 12,
    now: dt.datetime | None = None,
    due_only: bool = True,
) -> dict[str, int]:
    """Deliver one batch of due outbox events to Elasticsearch; flushes, never commits.

    ``due_only=False`` also takes events still waiting out their retry delay: a person
    who runs a sync by hand after Elasticsearch is back wants everything delivered now.

    Events of one entity are delivered as the entity's current state with its current
    version (so order per entity holds and intermediate states are skipped safely);
    Elasticsearch's external versioning rejects anything older than what it holds,
    and such a rejection counts as delivered. When Elasticsearch is unreachable the
    events stay pending with a growing delay; nothing is lost.
    """
    now = now or utcnow()
    stmt = select(OutboxEvent).where(OutboxEvent.status == OutboxStatus.PENDING)
    if due_only:
        stmt = stmt.where((OutboxEvent.next_attempt_at.is_(None)) | (OutboxEvent.next_attempt_at <= now))
    stmt = stmt.order_by(OutboxEvent.id).limit(batch)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    events = list(session.scalars(stmt))
    stats = {"delivered": 0, "failed": 0, "retry": 0, "events": len(events)}
    if not events:
        return stats
    by_entity: dict[str, dict[int, list[OutboxEvent]]] = {}
    for ev in events:
        by_entity.setdefault(ev.entity_type, {}).setdefault(ev.entity_id, []).append(ev)
    for entity, per_id in by_entity.items():
        if entity not in BUILDERS:
            for evs in per_id.values():
                for ev in evs:
                    ev.status, ev.last_error = OutboxStatus.FAILED, f"unknown entity type {entity}"
            continue
        ids = sorted(per_id)
        docs = {d["id"]: d for d in BUILDERS[entity](session, ids)}
        model = MODELS[entity]
        current: dict[int, int] = dict(
            session.execute(select(model.id, model.version).where(model.id.in_(ids))).all()
        )
        items: list[tuple[dict[str, Any], str]] = []
        for i in ids:
            if i in docs:
                items.append((docs[i], "upsert"))
            else:
                newest = max(ev.version for ev in per_id[i])
                items.append(({"id": i, "version": max(newest, current.get(i, 0))}, "delete"))
        try:
            outcome = backend.write(entity, items)
            done, failed = set(outcome.done), outcome.failed
        except Exception as exc:  # connection refused, timeout, cluster down: retry later
            done, failed = set(), {i: f"{type(exc).__name__}: {exc}"[:500] for i in ids}
        for i, evs in per_id.items():
            for ev in evs:
                if i in done:
                    ev.status, ev.processed_at, ev.last_error = OutboxStatus.DONE, now, ""
                    stats["delivered"] += 1
                else:
                    ev.attempts += 1
                    ev.last_error = failed.get(i, "not acknowledged")
                    if ev.attempts >= max_attempts:
                        ev.status = OutboxStatus.FAILED
                        stats["failed"] += 1
                    else:
                        ev.next_attempt_at = now + _backoff(ev.attempts)
                        stats["retry"] += 1
    session.flush()
    return stats


def pending_outbox(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(OutboxEvent.status == OutboxStatus.PENDING)) or 0)


def requeue_outbox(session: Session, since_id: int = 0, include_failed: bool = True) -> int:
    """Mark delivered (and failed) events pending again: a replay, harmless thanks to versions."""
    statuses = [OutboxStatus.DONE, OutboxStatus.FAILED] if include_failed else [OutboxStatus.DONE]
    result = session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id > since_id, OutboxEvent.status.in_(statuses))
        .values(status=OutboxStatus.PENDING, next_attempt_at=None, attempts=0)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
