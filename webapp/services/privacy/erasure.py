"""Erasure: delete or de-identify a jobseeker's personal data everywhere it lives.

What goes: every row that belongs to the person in any table that points at
the jobseeker (applications, registrations, saved searches, documents, ... as
the schema grows, found through the foreign keys), the files behind document
rows, the search documents (both backends), pending outbox payloads, and the
personal columns of the jobseeker and user rows, which stay only as
de-identified shells so that foreign keys elsewhere keep working.

What stays: placements, as de-identified statistics (district, sex, age band,
kind, country, date, channel), so the yearly indicators do not change; audit
rows (who did what, never the data itself); the erasure request itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import JSON, Date, DateTime, LargeBinary, String, Table, Text, delete, select, update
from sqlalchemy.orm import Session

from ...models import (
    AuditLog,
    Base,
    ErasureRequest,
    ErasureStatus,
    Jobseeker,
    OutboxEvent,
    Placement,
    User,
    utcnow,
)
from .. import permissions
from ..errors import Conflict, NotFound
from ._search import expunge_erased, profile_changed
from .consent import require_own_or_staff

__all__ = ["ERASED_BIRTH_DATE", "erase_jobseeker", "request_erasure"]

log = logging.getLogger(__name__)

ERASED_BIRTH_DATE = dt.date(1900, 1, 1)
# Tables whose rows stay when a person is erased (their link is nulled or carries no personal data).
_KEEP_TABLES = {"placements", "erasure_requests", "audit_log"}
# Columns of the jobseeker row that carry no personal data on their own and keep the shell valid.
_KEEP_COLUMNS = {"id", "sex", "district_id", "education", "occupation_id", "status", "version", "created_at"}
# Columns of document-like tables that name a stored file.
_FILE_COLUMNS = ("storage_path", "file_path", "stored_path", "path", "storage_key")
_SENSITIVE_USER_COLUMNS = {"password_hash", "totp_secret"}


def request_erasure(session: Session, actor: Any, jobseeker: Jobseeker) -> ErasureRequest:
    """The person's own request (or staff on their behalf): acknowledged and carried out at once."""
    require_own_or_staff(actor, jobseeker)
    origin = "staff" if permissions.is_staff(actor) else "subject"
    return _erase(session, actor, jobseeker, origin)


def erase_jobseeker(session: Session, actor: Any, jobseeker_id: int) -> ErasureRequest:
    """Staff erase a jobseeker (for a request made in person, by letter or by phone)."""
    if not permissions.is_staff(actor):
        permissions.require_role(actor)  # raises PermissionDenied
    jobseeker = session.get(Jobseeker, jobseeker_id)
    if jobseeker is None:
        raise NotFound(_("No such jobseeker."))
    return _erase(session, actor, jobseeker, "staff")


def _erase(session: Session, actor: Any, jobseeker: Jobseeker, origin: str) -> ErasureRequest:
    if jobseeker.status == "erased":
        raise Conflict(_("This person's data has already been erased."))
    now = utcnow()
    actor_id = getattr(actor, "id", None)
    if actor_id is not None and actor_id == jobseeker.user_id:
        actor_id = None  # the account is about to be de-identified; keep no link to it
    request = ErasureRequest(
        jobseeker_id=jobseeker.id,
        subject_ref=f"js:{jobseeker.id}",
        origin=origin,
        requested_by_id=actor_id,
        requested_at=now,
        acknowledged_at=now,
    )
    session.add(request)
    session.flush()
    complete_erasure(session, request)
    return request


def complete_erasure(session: Session, request: ErasureRequest) -> None:
    jobseeker = session.get(Jobseeker, request.jobseeker_id) if request.jobseeker_id else None
    if jobseeker is not None and jobseeker.status != "erased":
        _erase_jobseeker_data(session, jobseeker)
    request.status = ErasureStatus.COMPLETED
    request.completed_at = utcnow()
    session.add(
        AuditLog(
            at=request.completed_at,
            actor_id=request.requested_by_id,
            action="personal_data.erase",
            object_type="jobseeker",
            object_id=str(request.jobseeker_id),
            detail={"request": request.id, "origin": request.origin},
        )
    )
    session.flush()


def _erase_jobseeker_data(session: Session, js: Jobseeker) -> None:
    user_id = js.user_id
    # ORM-managed children first, so the session and the database agree before the Core deletes.
    js.skills.clear()
    js.languages.clear()
    session.flush()
    # Placements stay as statistics: cut the link and the exact birth year (the age band is kept).
    session.execute(
        update(Placement).where(Placement.jobseeker_id == js.id).values(jobseeker_id=None, birth_year=None)
    )
    _delete_referencing(session, Base.metadata.tables["jobseekers"], [js.id], keep=_KEEP_TABLES)
    _scrub_outbox(session, "jobseeker", js.id)
    # Rows deleted with Core statements may still sit in the identity map.
    for obj in list(session.identity_map.values()):
        if obj is not js:
            session.expire(obj)

    table = Jobseeker.__table__
    for column in table.columns:
        if column.name in _KEEP_COLUMNS or column.primary_key:
            continue
        setattr(js, column.key, _blank(column))
    js.status = "erased"
    js.searchable = False
    js.birth_date = ERASED_BIRTH_DATE
    js.profile_updated_at = utcnow()
    session.flush()
    profile_changed(session, js)
    expunge_erased(session)

    if user_id is not None:
        user = session.get(User, user_id)
        if user is not None:
            _deidentify_user(session, user)


def _blank(column: Any) -> Any:
    if isinstance(column.type, JSON):
        return [] if not column.nullable else None
    if column.nullable:
        return None
    if isinstance(column.type, (String, Text)):
        return ""
    if isinstance(column.type, LargeBinary):
        return b""
    if isinstance(column.type, (Date, DateTime)):
        return (
            column.default.arg(None) if column.default is not None and callable(column.default.arg) else None
        )
    return column.default.arg if column.default is not None and not callable(column.default.arg) else None


def _deidentify_user(session: Session, user: User) -> None:
    users = Base.metadata.tables["users"]
    # Rows the account owns (its FK cascades) go; rows that record its acts elsewhere stay.
    for table in Base.metadata.sorted_tables:
        if table.name in _KEEP_TABLES or table.name == "jobseekers":
            continue
        for fk in table.foreign_keys:
            if fk.column.table is users and (fk.ondelete or "").upper() == "CASCADE":
                ids = [row[0] for row in session.execute(select(_pk(table)).where(fk.parent == user.id))]
                if ids:
                    _delete_rows(session, table, ids)
    user.email = f"erased-{user.id}@erased.invalid"
    user.display_name = ""
    user.password_hash = "!"  # matches no password
    user.totp_secret = None
    user.active = False
    user.session_version += 1
    session.flush()


def _pk(table: Table) -> Any:
    cols = list(table.primary_key.columns)
    return cols[0] if len(cols) == 1 else table.c[cols[0].name]


def _delete_referencing(session: Session, target: Table, ids: list[Any], keep: set[str]) -> None:
    """Delete every row, in any table, that points at ``target`` rows ``ids`` (dependents first)."""
    if not ids:
        return
    for table in Base.metadata.sorted_tables:
        if table.name in keep or table is target:
            continue
        for fk in table.foreign_keys:
            if fk.column.table is not target:
                continue
            if (fk.ondelete or "").upper() == "SET NULL" and target.name != "jobseekers":
                continue
            pk_cols = list(table.primary_key.columns)
            if len(pk_cols) == 1:
                child_ids = [r[0] for r in session.execute(select(pk_cols[0]).where(fk.parent.in_(ids)))]
                _delete_rows(session, table, child_ids)
            else:  # association tables: nothing points at them
                _remove_files(session, table, fk.parent.in_(ids))
                session.execute(delete(table).where(fk.parent.in_(ids)))


def _delete_rows(session: Session, table: Table, ids: list[Any]) -> None:
    if not ids:
        return
    pk = list(table.primary_key.columns)[0]
    _delete_referencing(session, table, ids, keep=_KEEP_TABLES)
    _scrub_outbox(session, table.name, ids)
    _remove_files(session, table, pk.in_(ids))
    session.execute(delete(table).where(pk.in_(ids)))


def _remove_files(session: Session, table: Table, where: Any) -> None:
    cols = [table.c[name] for name in _FILE_COLUMNS if name in table.c]
    if not cols or not has_app_context():
        return
    base = Path(current_app.config["INSTANCE_PATH"]).resolve()
    for row in session.execute(select(*cols).where(where)):
        for value in row:
            if not value:
                continue
            path = Path(str(value))
            path = (path if path.is_absolute() else base / path).resolve()
            # Only files inside the instance folder: a bad row never deletes anything else.
            if base in path.parents and path.is_file():
                path.unlink()


def _scrub_outbox(session: Session, entity_type: str, ids: int | list[Any]) -> None:
    """Pending outbox rows for erased entities lose any payload they carry."""
    id_list = ids if isinstance(ids, list) else [ids]
    if not id_list:
        return
    payload = getattr(OutboxEvent, "payload", None)
    if payload is None:
        return
    session.execute(
        update(OutboxEvent)
        .where(
            OutboxEvent.entity_type.in_({entity_type, entity_type.rstrip("s")}),
            OutboxEvent.entity_id.in_(id_list),
        )
        .values(payload=None if OutboxEvent.__table__.c.payload.nullable else {})
    )
