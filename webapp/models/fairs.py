"""Job fairs (phiên giao dịch việc làm): booths, registrations and interviews."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, enum_column, utcnow
from .employers import Employer
from .enums import FairKind, FairStatus, InterviewOutcome
from .people import Jobseeker
from .reference import District
from .vacancies import Vacancy


class JobFair(TimestampMixin, Base):
    __tablename__ = "job_fairs"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="hours_ordered"),
        CheckConstraint("slot_minutes > 0", name="slot_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[FairKind] = mapped_column(enum_column(FairKind, "fair_kind"))
    status: Mapped[FairStatus] = mapped_column(
        enum_column(FairStatus, "fair_status"), default=FairStatus.PLANNED
    )
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    venue: Mapped[str] = mapped_column(String(300))
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    max_interviews_per_person: Mapped[int] = mapped_column(Integer, default=3)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    district: Mapped[District] = relationship()
    booths: Mapped[list[FairEmployer]] = relationship(back_populates="fair", cascade="all, delete-orphan")


class FairEmployer(Base):
    """An employer's booth at a fair."""

    __tablename__ = "fair_employers"
    __table_args__ = (
        UniqueConstraint("fair_id", "employer_id"),
        UniqueConstraint("fair_id", "booth_no"),
        CheckConstraint("capacity_per_slot > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("job_fairs.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"))
    booth_no: Mapped[str] = mapped_column(String(10))
    capacity_per_slot: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[str] = mapped_column(String(16), default="invited")  # invited, confirmed, declined

    fair: Mapped[JobFair] = relationship(back_populates="booths")
    employer: Mapped[Employer] = relationship()
    vacancies: Mapped[list[FairVacancy]] = relationship(cascade="all, delete-orphan")


class FairVacancy(Base):
    __tablename__ = "fair_vacancies"
    __table_args__ = (UniqueConstraint("fair_employer_id", "vacancy_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_employer_id: Mapped[int] = mapped_column(ForeignKey("fair_employers.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))

    vacancy: Mapped[Vacancy] = relationship()


class FairRegistration(Base):
    __tablename__ = "fair_registrations"
    __table_args__ = (UniqueConstraint("fair_id", "jobseeker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("job_fairs.id", ondelete="CASCADE"), index=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    walk_in: Mapped[bool] = mapped_column(default=False)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    fair: Mapped[JobFair] = relationship()
    jobseeker: Mapped[Jobseeker] = relationship()


class Interview(Base):
    """One scheduled interview; a person is in one place per slot (unique constraint)."""

    __tablename__ = "interviews"
    __table_args__ = (
        UniqueConstraint("registration_id", "slot_no"),
        UniqueConstraint("registration_id", "fair_employer_id"),
        CheckConstraint("slot_no >= 0", name="slot_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("job_fairs.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("fair_registrations.id", ondelete="CASCADE"))
    fair_employer_id: Mapped[int] = mapped_column(ForeignKey("fair_employers.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id", ondelete="SET NULL"))
    slot_no: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float, default=0)
    outcome: Mapped[InterviewOutcome] = mapped_column(
        enum_column(InterviewOutcome, "interview_outcome"), default=InterviewOutcome.SCHEDULED
    )
    outcome_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    follow_up_until: Mapped[dt.date | None] = mapped_column(Date)
    # Follow-up of pre-selected candidates: reminders sent (0, 30 or 90 days after the fair).
    reminded_days: Mapped[int] = mapped_column(Integer, default=0)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    registration: Mapped[FairRegistration] = relationship()
    booth: Mapped[FairEmployer] = relationship()
    vacancy: Mapped[Vacancy | None] = relationship()
