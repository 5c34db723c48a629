"""The indicator rollup: people placed, pre-aggregated by month and one dimension.

A yearly report reads a few hundred rollup rows instead of millions of
placements. Each first-in-year placement adds 1 to six rows: the ``total``
row of its (month, kind, country) and one row per breakdown dimension
(district, sex, age band, priority group, channel) of its (month, kind).
Country is kept only on the ``total`` rows, which keeps the table small.
The rows are maintained in the placement's own transaction
(services.indicators.apply_placement) and can be rebuilt from the placements
at any time (services.indicators.rebuild_rollup).
"""

from __future__ import annotations

from sqlalchemy import Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class PlacementRollup(Base):
    __tablename__ = "placement_rollup"

    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    # ISO alpha-2 on ``total`` rows of overseas placements, "" elsewhere.
    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    # total, district, sex, age_band, priority_group, channel
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    # The dimension's value (district code, "female", "25-34", ...); "" for total or unknown.
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    people: Mapped[int] = mapped_column(Integer, default=0)
