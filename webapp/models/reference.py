"""Reference data: places, occupations, skills, countries and overseas programmes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class District(Base):
    """A district-level unit (huyện / thị xã / thành phố) with its centroid for distances."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # city, town, district
    province: Mapped[str] = mapped_column(String(80), default="Hà Tĩnh")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)


class Occupation(Base):
    """An ISCO-08 unit group (4 digits) with Vietnamese and English names."""

    __tablename__ = "occupations"
    __table_args__ = (CheckConstraint("length(isco_code) = 4", name="isco_code_4_digits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    isco_code: Mapped[str] = mapped_column(String(4), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    # Other names people type for this occupation ("thợ hàn", "welder"), separated by ';'.
    aliases: Mapped[str] = mapped_column(Text, default="")

    @property
    def major_group(self) -> str:
        return self.isco_code[0]


class Skill(Base):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_folded: Mapped[str] = mapped_column(String(120), index=True)


class Country(Base):
    __tablename__ = "countries"
    __table_args__ = (CheckConstraint("length(code) = 2", name="code_alpha2"),)

    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166-1 alpha-2
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3))
    # VND per one unit of the local currency; used to compare salaries.
    vnd_rate: Mapped[float] = mapped_column(Float, default=1.0)


class OverseasProgramme(Base):
    """An overseas labour programme (Korea EPS, Japan TITP, ...) with its rules kept as data.

    ``rules`` is a JSON object that staff may edit, e.g.
    ``{"min_age": 18, "max_age": 39, "language": {"code": "ko", "test": "EPS-TOPIK",
    "min_score": 80}, "sex": null, "min_education": "lower_secondary",
    "max_fee_vnd": 0, "sectors": ["manufacturing", ...]}``.
    """

    __tablename__ = "overseas_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    # None for programmes that span several markets (EU through licensed agencies).
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    contract_months: Mapped[int | None] = mapped_column(Integer)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=True)

    country: Mapped[Country | None] = relationship()
