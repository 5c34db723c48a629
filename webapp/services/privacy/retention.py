"""Retention rules, run by ``vieclam privacy purge`` (idempotent: a second run changes nothing).

- Rejected applications disappear from the employer's view after
  ``RETENTION_REJECTED_DAYS`` and are then deleted, unless the jobseeker agreed
  to keep their application after a rejection, as the personal data law requires.
- Profiles not updated for ``INACTIVE_PROFILE_DAYS`` are flagged for renewal;
  if still not renewed ``RENEWAL_GRACE_DAYS`` later they are archived (hidden
  from every search, kept for the person to renew).
- Erasure requests acknowledged but not completed are completed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from ...models import (
    Application,
    ApplicationStatus,
    Consent,
    ConsentPurpose,
    ErasureRequest,
    ErasureStatus,
    Jobseeker,
    ProfileRenewal,
    utcnow,
)
from ._search import profile_changed
from .consent import sync_searchable
from .erasure import complete_erasure

__all__ = [
    "PurgeReport",
    "is_visible_to_employer",
    "purge",
    "rejected_cutoff",
    "renew_profile",
    "visible_to_employer",
]

DEFAULT_INACTIVE_DAYS = 365
DEFAULT_GRACE_DAYS = 30


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def rejected_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or utcnow()) - dt.timedelta(days=_setting("RETENTION_REJECTED_DAYS", 180))


def _keeps_after_rejection(jobseeker_id: Any) -> ColumnElement[bool]:
    """SQL: the person's latest keep-after-rejection choice is yes."""
    latest = aliased(Consent)
    newest_id = (
        select(func.max(latest.id))
        .where(latest.jobseeker_id == jobseeker_id, latest.purpose == ConsentPurpose.KEEP_AFTER_REJECTION)
        .correlate_except(latest)
        .scalar_subquery()
    )
    return exists().where(Consent.id == newest_id, Consent.granted.is_(True))


def _expired_rejection(cutoff: dt.datetime) -> ColumnElement[bool]:
    decided = func.coalesce(Application.decided_at, Application.updated_at)
    return and_(Application.status == ApplicationStatus.REJECTED, decided < cutoff)


def visible_to_employer(now: dt.datetime | None = None) -> ColumnElement[bool]:
    """Filter for the employer's application lists: ``select(Application).where(visible_to_employer())``."""
    return or_(
        not_(_expired_rejection(rejected_cutoff(now))), _keeps_after_rejection(Application.jobseeker_id)
    )


def is_visible_to_employer(
    session: Session, application: Application, now: dt.datetime | None = None
) -> bool:
    return bool(
        session.scalar(select(func.count()).where(Application.id == application.id, visible_to_employer(now)))
    )


@dataclass
class PurgeReport:
    rejected_applications_deleted: int = 0
    profiles_flagged_for_renewal: int = 0
    profiles_renewed: int = 0
    profiles_archived: int = 0
    erasures_completed: int = 0
    details: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"rejected applications deleted: {self.rejected_applications_deleted}",
            f"profiles flagged for renewal: {self.profiles_flagged_for_renewal}",
            f"renewal flags cleared (profile updated): {self.profiles_renewed}",
            f"profiles archived: {self.profiles_archived}",
            f"erasure requests completed: {self.erasures_completed}",
        ]

    @property
    def changed(self) -> int:
        return (
            self.rejected_applications_deleted
            + self.profiles_flagged_for_renewal
            + self.profiles_renewed
            + self.profiles_archived
            + self.erasures_completed
        )


def purge(session: Session, now: dt.datetime | None = None) -> PurgeReport:
    now = now or utcnow()
    report = PurgeReport()

    # 1. Rejected applications past retention, unless the person chose to keep them.
    expired = session.scalars(
        select(Application).where(
            _expired_rejection(rejected_cutoff(now)), not_(_keeps_after_rejection(Application.jobseeker_id))
        )
    ).all()
    for app in expired:
        session.delete(app)
    report.rejected_applications_deleted = len(expired)
    session.flush()

    # 2. Renewal flags of profiles updated since they were flagged are cleared.
    renewed = session.scalars(
        select(ProfileRenewal)
        .join(Jobseeker, Jobseeker.id == ProfileRenewal.jobseeker_id)
        .where(ProfileRenewal.archived_at.is_(None), Jobseeker.profile_updated_at > ProfileRenewal.flagged_at)
    ).all()
    for flag in renewed:
        session.delete(flag)
    report.profiles_renewed = len(renewed)
    session.flush()

    # 3. Inactive profiles are flagged for renewal.
    inactive_before = now - dt.timedelta(days=_setting("INACTIVE_PROFILE_DAYS", DEFAULT_INACTIVE_DAYS))
    to_flag = session.scalars(
        select(Jobseeker.id).where(
            Jobseeker.status == "active",
            Jobseeker.profile_updated_at < inactive_before,
            ~exists().where(ProfileRenewal.jobseeker_id == Jobseeker.id),
        )
    ).all()
    session.add_all(ProfileRenewal(jobseeker_id=jid, flagged_at=now) for jid in to_flag)
    report.profiles_flagged_for_renewal = len(to_flag)
    session.flush()

    # 4. Flagged and still not renewed after the grace period: archived.
    grace_before = now - dt.timedelta(days=_setting("RENEWAL_GRACE_DAYS", DEFAULT_GRACE_DAYS))
    to_archive = session.execute(
        select(ProfileRenewal, Jobseeker)
        .join(Jobseeker, Jobseeker.id == ProfileRenewal.jobseeker_id)
        .where(
            ProfileRenewal.archived_at.is_(None),
            ProfileRenewal.flagged_at < grace_before,
            Jobseeker.status == "active",
            Jobseeker.profile_updated_at <= ProfileRenewal.flagged_at,
        )
    ).all()
    for flag, js in to_archive:
        flag.archived_at = now
        js.status = "archived"
        session.flush()
        sync_searchable(session, js)
        profile_changed(session, js)
    report.profiles_archived = len(to_archive)

    # 5. Erasure requests left half-done (e.g. a crash between acknowledgement and completion).
    pending = session.scalars(
        select(ErasureRequest).where(ErasureRequest.status == ErasureStatus.ACKNOWLEDGED)
    ).all()
    for request in pending:
        complete_erasure(session, request)
    report.erasures_completed = len(pending)
    session.flush()
    return report


def renew_profile(session: Session, jobseeker: Jobseeker) -> None:
    """The person confirmed their profile is current: clear the flag, un-archive, re-apply consent."""
    jobseeker.profile_updated_at = utcnow()
    flag = session.get(ProfileRenewal, jobseeker.id)
    if flag is not None:
        session.delete(flag)
    if jobseeker.status == "archived":
        jobseeker.status = "active"
    session.flush()
    sync_searchable(session, jobseeker)
