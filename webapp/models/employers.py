"""Employers: enterprises and licensed overseas recruitment agencies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, enum_column
from .enums import EmployerKind, VerificationStatus
from .reference import District


class Employer(TimestampMixin, Base):
    __tablename__ = "employers"
    __table_args__ = (
        # Only licensed agencies may send workers abroad, so an agency row without
        # a licence number and expiry date is meaningless.
        CheckConstraint(
            "kind <> 'agency' OR (licence_no IS NOT NULL AND licence_expires IS NOT NULL)",
            name="agency_has_licence",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[EmployerKind] = mapped_column(enum_column(EmployerKind, "employer_kind"))
    tax_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    industry: Mapped[str] = mapped_column(String(200), default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    economic_zone: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    licence_no: Mapped[str | None] = mapped_column(String(60))
    licence_expires: Mapped[dt.date | None] = mapped_column(Date)
    verification: Mapped[VerificationStatus] = mapped_column(
        enum_column(VerificationStatus, "verification_status"), default=VerificationStatus.PENDING
    )
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Plain id, not a foreign key: users already reference employers, and the audit
    # log keeps the authoritative record of who verified.
    verified_by_id: Mapped[int | None] = mapped_column(Integer)
    verification_note: Mapped[str] = mapped_column(Text, default="")

    district: Mapped[District | None] = relationship()

    @property
    def is_agency(self) -> bool:
        return self.kind == EmployerKind.AGENCY

    @property
    def is_verified(self) -> bool:
        return self.verification == VerificationStatus.VERIFIED

    def licence_valid_on(self, day: dt.date) -> bool:
        """An agency may publish overseas orders only while verified and licensed."""
        return bool(
            self.is_agency and self.is_verified and self.licence_expires and self.licence_expires >= day
        )
