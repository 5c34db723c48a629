"""Vacancies: domestic job postings and overseas contract orders (đơn hàng)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin, enum_column, utcnow
from .employers import Employer
from .enums import Education, Sex, VacancyKind, VacancyStatus
from .reference import Country, District, Occupation, OverseasProgramme, Skill

vacancy_skills = Table(
    "vacancy_skills",
    Base.metadata,
    Column("vacancy_id", ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True),
)


class Vacancy(TimestampMixin, Base):
    __tablename__ = "vacancies"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max", name="salary_range"
        ),
        CheckConstraint("kind <> 'overseas' OR country_code IS NOT NULL", name="overseas_has_country"),
        CheckConstraint("min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_range"),
        CheckConstraint("fee_vnd IS NULL OR fee_vnd >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[VacancyKind] = mapped_column(enum_column(VacancyKind, "vacancy_kind"))
    status: Mapped[VacancyStatus] = mapped_column(
        enum_column(VacancyStatus, "vacancy_status"), default=VacancyStatus.OPEN, index=True
    )
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    work_address: Mapped[str] = mapped_column(String(300), default="")
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("overseas_programmes.id"))
    occupation_id: Mapped[int | None] = mapped_column(ForeignKey("occupations.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    # Requirements (hard filters for matching).
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    sex_required: Mapped[Sex | None] = mapped_column(enum_column(Sex, "sex_required"))
    min_education: Mapped[Education | None] = mapped_column(enum_column(Education, "min_education"))
    min_experience_years: Mapped[float] = mapped_column(Float, default=0)
    # e.g. {"code": "ko", "test": "EPS-TOPIK", "level": "80"}
    language_requirement: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    required_certificate: Mapped[str] = mapped_column(String(200), default="")
    # Overseas order terms.
    employer_abroad: Mapped[str] = mapped_column(String(255), default="")
    contract_months: Mapped[int | None] = mapped_column(Integer)
    fee_vnd: Mapped[int | None] = mapped_column(Integer)
    deposit_vnd: Mapped[int | None] = mapped_column(Integer)
    departure_date: Mapped[dt.date | None] = mapped_column(Date)
    benefits: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    employer: Mapped[Employer] = relationship()
    district: Mapped[District | None] = relationship()
    country: Mapped[Country | None] = relationship()
    programme: Mapped[OverseasProgramme | None] = relationship()
    occupation: Mapped[Occupation | None] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=vacancy_skills)

    @property
    def is_overseas(self) -> bool:
        return self.kind == VacancyKind.OVERSEAS

    def is_open_on(self, day: dt.date) -> bool:
        return self.status == VacancyStatus.OPEN and self.deadline >= day
