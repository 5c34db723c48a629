"""What people keep on the site: saved vacancies, saved searches and their alerts, posting reports."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import Base, enum_column, utcnow
from .vacancies import Vacancy


class ReportReason(enum.StrEnum):
    SCAM = "scam"  # suspected scam or trafficking
    FEE_PERSONAL_ACCOUNT = "fee_personal_account"  # fee demanded into a personal account
    FEE_ABOVE_CAP = "fee_above_cap"
    UNLICENSED = "unlicensed"
    MISLEADING = "misleading"
    DISCRIMINATION = "discrimination"
    OTHER = "other"


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    UPHELD = "upheld"  # the vacancy was closed
    DISMISSED = "dismissed"


class SavedVacancy(Base):
    __tablename__ = "saved_vacancies"
    __table_args__ = (UniqueConstraint("user_id", "vacancy_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    vacancy: Mapped[Vacancy] = relationship()


class SavedSearch(Base):
    """A search a person wants to hear about: new public vacancies that match raise an alert."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    query: Mapped[str] = mapped_column(String(200), default="")
    # {"district": "436", "kind": "overseas", "country": "KR"}
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    email_alerts: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Vacancies published after this moment are checked by the next alert run.
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()
    notifications: Mapped[list[AlertNotification]] = relationship(
        back_populates="saved_search", cascade="all, delete-orphan", order_by="AlertNotification.id.desc()"
    )


class AlertNotification(Base):
    """One matching vacancy for one saved search: shown in the app, e-mailed once."""

    __tablename__ = "alert_notifications"
    __table_args__ = (UniqueConstraint("saved_search_id", "vacancy_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    emailed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    saved_search: Mapped[SavedSearch] = relationship(back_populates="notifications")
    vacancy: Mapped[Vacancy] = relationship()


class PostingReport(Base):
    """Someone reports a vacancy (suspected scam, fee into a personal account...): a staff queue item."""

    __tablename__ = "posting_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason, "report_reason"))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReportStatus] = mapped_column(
        enum_column(ReportStatus, "report_status"), default=ReportStatus.OPEN, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution_note: Mapped[str] = mapped_column(Text, default="")

    vacancy: Mapped[Vacancy] = relationship()
