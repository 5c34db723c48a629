"""Access audit: who looked at a jobseeker's contact details, national ID or documents, and when.

The row names the viewer, the record and what kind of data was shown, never
the data itself. Pages that show such data call ``record_access`` once per view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import AuditLog, Employer, Jobseeker, Role, User, utcnow
from .consent import require_own_or_staff

__all__ = ["ACCESS_ACTION", "ACCESS_KINDS", "AccessView", "access_log", "record_access"]

ACCESS_ACTION = "personal_data.view"
ACCESS_KINDS = ("contact", "national_id", "documents", "profile")


def record_access(session: Session, actor: Any, jobseeker: Jobseeker | int, what: str) -> AuditLog | None:
    """Write one audit row when someone other than the person sees their personal data.

    ``what`` is one of ``ACCESS_KINDS``. Views by the person themselves are not recorded.
    """
    if what not in ACCESS_KINDS:
        raise ValueError(f"unknown access kind {what!r}; use one of {ACCESS_KINDS}")
    js = jobseeker if isinstance(jobseeker, Jobseeker) else session.get(Jobseeker, jobseeker)
    if js is None:
        return None
    actor_id = getattr(actor, "id", None)
    if actor_id is not None and js.user_id == actor_id:
        return None
    detail: dict[str, Any] = {"what": what}
    role = getattr(actor, "role", None)
    if role is not None:
        detail["role"] = str(getattr(role, "value", role))
    if getattr(actor, "employer_id", None):
        detail["employer_id"] = actor.employer_id
    row = AuditLog(
        at=utcnow(),
        actor_id=actor_id,
        action=ACCESS_ACTION,
        object_type="jobseeker",
        object_id=str(js.id),
        detail=detail,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class AccessView:
    at: dt.datetime
    what: str
    viewer: str  # an organisation name or "Job centre staff"; never another person's private data


def access_log(
    session: Session, actor: Any, jobseeker: Jobseeker, kinds: tuple[str, ...] = ("contact",)
) -> list[AccessView]:
    """Who viewed this person's data (for the person's own page), newest first."""
    require_own_or_staff(actor, jobseeker)
    rows = session.execute(
        select(AuditLog, User, Employer)
        .outerjoin(User, User.id == AuditLog.actor_id)
        .outerjoin(Employer, Employer.id == User.employer_id)
        .where(
            AuditLog.action == ACCESS_ACTION,
            AuditLog.object_type == "jobseeker",
            AuditLog.object_id == str(jobseeker.id),
        )
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    ).all()
    out: list[AccessView] = []
    for log, user, employer in rows:
        what = str((log.detail or {}).get("what", ""))
        if what not in kinds:
            continue
        if employer is not None:
            viewer = employer.name
        elif user is not None and user.role in (Role.STAFF, Role.ADMIN):
            viewer = "staff"
        else:
            viewer = "unknown"
        out.append(AccessView(at=log.at, what=what, viewer=viewer))
    return out
