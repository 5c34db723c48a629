"""Access and portability: everything held about a jobseeker, in one JSON-ready dictionary.

The tables are found through their foreign keys to the jobseeker and to the
person's account, so data added by later features is included without
changing this module. Secrets (password hash, token digests, TOTP) and the
encrypted national ID ciphertext are left out; the national ID is given in clear.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ...models import Base, Jobseeker, User, utcnow
from ..crypto import decrypt_national_id
from .audit import access_log
from .consent import NOTICE_VERSION, current_consents, require_own_or_staff

__all__ = ["export_data"]

_SECRET_COLUMNS = {
    "password_hash",
    "totp_secret",
    "totp_last_step",
    "digest",
    "national_id_enc",
    "national_id_hash",
}
_SKIP_TABLES = {"audit_log", "recovery_codes", "api_tokens", "outbox_events"}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _row(table: Table, row: Any) -> dict[str, Any]:
    return {c.name: _plain(row._mapping[c]) for c in table.columns if c.name not in _SECRET_COLUMNS}


def _rows(session: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    return [_row(table, r) for r in session.execute(select(table).where(where))]


def export_data(session: Session, actor: Any, jobseeker: Jobseeker) -> dict[str, Any]:
    require_own_or_staff(actor, jobseeker)
    tables = Base.metadata.tables
    js_table = tables["jobseekers"]
    profile = _rows(session, js_table, js_table.c.id == jobseeker.id)[0]
    profile["national_id"] = decrypt_national_id(jobseeker.national_id_enc)
    profile["district"] = jobseeker.district.name if jobseeker.district is not None else None
    profile["occupation"] = jobseeker.occupation.name_vi if jobseeker.occupation is not None else None
    data: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "notice_version": NOTICE_VERSION,
        "profile": profile,
        "consents": {
            purpose.value: (
                {"granted": row.granted, "notice_version": row.notice_version, "at": row.at.isoformat()}
                if row
                else None
            )
            for purpose, row in current_consents(session, jobseeker.id).items()
        },
        "contact_views": [
            {"at": v.at.isoformat(), "what": v.what, "viewer": v.viewer}
            for v in access_log(session, actor, jobseeker, kinds=("contact", "national_id", "documents"))
        ],
    }
    related: dict[str, list[dict[str, Any]]] = {}
    subjects: list[tuple[Table, Any]] = [(js_table, jobseeker.id)]
    if jobseeker.user_id is not None:
        user = session.get(User, jobseeker.user_id)
        if user is not None:
            user_table = tables["users"]
            data["account"] = _rows(session, user_table, user_table.c.id == user.id)[0]
            subjects.append((user_table, user.id))
    for table in Base.metadata.sorted_tables:
        if table.name in _SKIP_TABLES:
            continue
        for fk in table.foreign_keys:
            for target, ident in subjects:
                if fk.column.table is target and table is not target:
                    rows = _rows(session, table, fk.parent == ident)
                    if rows:
                        related.setdefault(table.name, []).extend(rows)
    data["records"] = related
    return data
