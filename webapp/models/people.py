"""Jobseekers and their profiles.

Personal data (national ID, phone, address, exact birth date) lives only here
and is never copied into a search document or shown to an employer who is not
entitled to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, enum_column, utcnow
from .enums import Education, Sex
from .reference import District, Occupation, Skill

jobseeker_skills = Table(
    "jobseeker_skills",
    Base.metadata,
    Column("jobseeker_id", ForeignKey("jobseekers.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)


class Jobseeker(TimestampMixin, Base):
    """A person looking for work; may exist without a user account (walk-ins, imports)."""

    __tablename__ = "jobseekers"
    # Matching reads the freshest profiles of a trade first and checks the hard rules on the
    # index alone, without visiting the wide rows (webapp/services/matching_pool.py).
    __table_args__ = (
        Index(
            "ix_jobseekers_occupation_updated",
            "occupation_id",
            "profile_updated_at",
            "status",
            "searchable",
            "birth_date",
            "sex",
            "education",
            "willing_overseas",
            "id",  # implicit in SQLite indexes; PostgreSQL needs it for an index-only scan
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    # National ID: ciphertext plus a keyed hash for look-up; never stored in clear.
    national_id_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    national_id_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    commune: Mapped[str] = mapped_column(String(120), default="")
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    education: Mapped[Education] = mapped_column(enum_column(Education, "education"))
    vocational_training: Mapped[str] = mapped_column(String(300), default="")
    occupation_id: Mapped[int | None] = mapped_column(ForeignKey("occupations.id"))
    desired_title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    experience_years: Mapped[float] = mapped_column(Float, default=0)
    desired_salary_vnd: Mapped[int | None] = mapped_column(Integer)
    willing_overseas: Mapped[bool] = mapped_column(default=False)
    preferred_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    priority_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Shown in employer profile search only with the jobseeker's consent.
    searchable: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active, archived, erased
    profile_updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    district: Mapped[District] = relationship()
    occupation: Mapped[Occupation | None] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=jobseeker_skills)
    languages: Mapped[list[JobseekerLanguage]] = relationship(
        back_populates="jobseeker", cascade="all, delete-orphan"
    )

    def age_on(self, day: dt.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class JobseekerLanguage(Base):
    """A language with an optional certificate: ko EPS-TOPIK 150, ja JLPT N4, en IELTS 5.5."""

    __tablename__ = "jobseeker_languages"
    __table_args__ = (UniqueConstraint("jobseeker_id", "code", "test"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(3))  # ISO 639-1
    test: Mapped[str] = mapped_column(String(30), default="")  # EPS-TOPIK, JLPT, TOPIK, IELTS
    level: Mapped[str] = mapped_column(String(20), default="")  # N4, 150, B1
    certificate: Mapped[str] = mapped_column(Text, default="")

    jobseeker: Mapped[Jobseeker] = relationship(back_populates="languages")
