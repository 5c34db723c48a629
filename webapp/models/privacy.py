"""Personal data protection: consent records, erasure requests, retention flags, recovery codes.

Consent rows are append-only: each change of a choice is a new row carrying the
version of the privacy notice the person saw and the time, which is the proof
of consent the personal data law asks for. The current choice for a purpose is
the latest row.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, enum_column, utcnow


class ConsentPurpose(enum.StrEnum):
    PROFILE_SEARCH = "profile_search"  # be found by employers in profile search
    ALERTS = "alerts"  # receive vacancy alerts
    OVERSEAS_SHARING = "overseas_sharing"  # share my profile with licensed overseas agencies
    KEEP_AFTER_REJECTION = "keep_after_rejection"  # keep my application after a rejection


class ErasureStatus(enum.StrEnum):
    ACKNOWLEDGED = "acknowledged"
    COMPLETED = "completed"


class Consent(Base):
    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_subject", "jobseeker_id", "purpose", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id", ondelete="CASCADE"))
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_column(ConsentPurpose, "consent_purpose"))
    granted: Mapped[bool] = mapped_column()
    notice_version: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Who recorded the choice: the jobseeker, or a staff member for a walk-in on paper.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ErasureRequest(Base):
    """A data-subject erasure request: acknowledged at once, completion recorded.

    The row keeps no personal data: ``subject_ref`` is the placement person key
    ("js:<id>"), which survives the de-identified jobseeker row.
    """

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobseekers.id", ondelete="SET NULL"), index=True
    )
    subject_ref: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(16))  # subject, staff
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[ErasureStatus] = mapped_column(
        enum_column(ErasureStatus, "erasure_status"), default=ErasureStatus.ACKNOWLEDGED
    )
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ProfileRenewal(Base):
    """An inactive profile asked to renew; archived if the grace period passes without an update."""

    __tablename__ = "profile_renewals"

    jobseeker_id: Mapped[int] = mapped_column(
        ForeignKey("jobseekers.id", ondelete="CASCADE"), primary_key=True
    )
    flagged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RecoveryCode(Base):
    """A one-time recovery code for two-factor login; only its SHA-256 digest is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


__all__ = ["Consent", "ConsentPurpose", "ErasureRequest", "ErasureStatus", "ProfileRenewal", "RecoveryCode"]
