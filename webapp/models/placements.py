"""Placements: the unit of the employment indicators."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_column, utcnow
from .enums import Channel, PlacementKind, PlacementSource, Sex
from .reference import District


class Placement(Base):
    """One person starting a job (or departing abroad) on a date.

    ``person_key`` identifies the person across sources ("js:<id>" for people on
    file, "ext:<hash>" for imported ones) so the same person is never counted
    twice; it stays after erasure because it carries no personal data.
    Statistical attributes (district, sex, age band, group) are copied at the
    time of placement, so the indicators survive the erasure of the person.
    """

    __tablename__ = "placements"
    __table_args__ = (
        UniqueConstraint("person_key", "employer_key", "placed_on"),
        # The first-in-year look-up on every insert walks this index.
        Index("ix_placements_person_day", "person_key", "placed_on"),
        # The report counted without the rollup reads only this index (an index-only
        # scan of the people counted). The grouped columns are key columns rather than
        # PostgreSQL's INCLUDE so that the same index also covers the query on SQLite.
        Index(
            "ix_placements_first_in_year",
            "placed_on",
            "kind",
            "country_code",
            "district_id",
            "sex",
            "age_band",
            "priority_group",
            "channel",
            postgresql_where=text("first_in_year"),
            sqlite_where=text("first_in_year = 1"),
        ),
        CheckConstraint("kind <> 'overseas' OR country_code IS NOT NULL", name="overseas_has_country"),
        CheckConstraint(
            "kind <> 'domestic' OR country_code IS NULL OR country_code = 'VN'", name="domestic_vn"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_key: Mapped[str] = mapped_column(String(80))
    jobseeker_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobseekers.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[PlacementKind] = mapped_column(enum_column(PlacementKind, "placement_kind"))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employers.id"))
    employer_name: Mapped[str] = mapped_column(String(255))
    # Folded employer name: the uniqueness key, so "Cty Formosa" twice is one employer.
    employer_key: Mapped[str] = mapped_column(String(255))
    occupation_code: Mapped[str | None] = mapped_column(String(4))
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str] = mapped_column(String(8))  # 15-24, 25-34, 35-44, 45-54, 55+, unknown
    priority_group: Mapped[str | None] = mapped_column(String(32))
    placed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "channel"))
    source: Mapped[PlacementSource] = mapped_column(enum_column(PlacementSource, "placement_source"))
    source_ref: Mapped[str | None] = mapped_column(String(120))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id", ondelete="SET NULL"))
    # True for the person's earliest placement of the calendar year (ties: lowest
    # id). Only these rows count in "people who got jobs"; see services/indicators.py.
    first_in_year: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    district: Mapped[District] = relationship()
