"""Consent per purpose: specific, never pre-ticked, recorded with the notice version and time.

Withdrawal takes effect at once: the profile-search choice drives
``Jobseeker.searchable``, which both search backends filter on, and the
profile is re-indexed in the same transaction (outbox on the scale profile).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Consent, ConsentPurpose, Jobseeker, utcnow
from .. import permissions
from ..errors import PermissionDenied
from ._search import profile_changed

__all__ = [
    "NOTICE_VERSION",
    "PURPOSE_LABELS",
    "current_consents",
    "has_consent",
    "record_consents",
    "require_own_or_staff",
]

# Bump when the privacy notice text changes; every consent row records the version shown.
NOTICE_VERSION = "2026-01"

PURPOSE_LABELS: dict[ConsentPurpose, Any] = {
    ConsentPurpose.PROFILE_SEARCH: _l("Let employers find my profile in their candidate search"),
    ConsentPurpose.ALERTS: _l("Send me alerts about new vacancies that match my profile"),
    ConsentPurpose.OVERSEAS_SHARING: _l("Share my profile with licensed overseas recruitment agencies"),
    ConsentPurpose.KEEP_AFTER_REJECTION: _l(
        "Keep my application after an employer rejects it, so it can be considered again"
    ),
}


def require_own_or_staff(actor: Any, jobseeker: Jobseeker) -> None:
    """Only the person themselves, or staff acting for them, manage their personal data."""
    if permissions.is_staff(actor):
        return
    if getattr(actor, "is_authenticated", False) and jobseeker.user_id == actor.id:
        return
    raise PermissionDenied(_("You can only manage your own personal data."))


def current_consents(session: Session, jobseeker_id: int) -> dict[ConsentPurpose, Consent | None]:
    """The latest record per purpose (None when the person never chose: that means no)."""
    latest = (
        select(func.max(Consent.id))
        .where(Consent.jobseeker_id == jobseeker_id)
        .group_by(Consent.purpose)
        .scalar_subquery()
    )
    rows = session.scalars(select(Consent).where(Consent.id.in_(latest))).all()
    found = {row.purpose: row for row in rows}
    return {purpose: found.get(purpose) for purpose in ConsentPurpose}


def has_consent(session: Session, jobseeker_id: int, purpose: ConsentPurpose) -> bool:
    row = session.scalar(
        select(Consent)
        .where(Consent.jobseeker_id == jobseeker_id, Consent.purpose == purpose)
        .order_by(Consent.id.desc())
        .limit(1)
    )
    return bool(row and row.granted)


def record_consents(
    session: Session,
    actor: Any,
    jobseeker: Jobseeker,
    choices: Mapping[ConsentPurpose | str, bool],
    notice_version: str = NOTICE_VERSION,
) -> list[Consent]:
    """Record the choices that changed (a new row each) and apply them at once."""
    require_own_or_staff(actor, jobseeker)
    current = current_consents(session, jobseeker.id)
    now = utcnow()
    written: list[Consent] = []
    for key, granted in choices.items():
        purpose = ConsentPurpose(key)
        before = current.get(purpose)
        # Unchanged choices add nothing; a first explicit "no" is still recorded as proof.
        if before is not None and before.granted == bool(granted):
            continue
        row = Consent(
            jobseeker_id=jobseeker.id,
            purpose=purpose,
            granted=bool(granted),
            notice_version=notice_version,
            at=now,
            recorded_by_id=getattr(actor, "id", None),
        )
        session.add(row)
        written.append(row)
    session.flush()
    sync_searchable(session, jobseeker)
    return written


def sync_searchable(session: Session, jobseeker: Jobseeker) -> None:
    """Keep ``Jobseeker.searchable`` equal to the profile-search consent of an active profile."""
    wanted = jobseeker.status == "active" and has_consent(
        session, jobseeker.id, ConsentPurpose.PROFILE_SEARCH
    )
    if jobseeker.searchable != wanted:
        jobseeker.searchable = wanted
        session.flush()
        profile_changed(session, jobseeker)
