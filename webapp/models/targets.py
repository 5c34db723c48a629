"""Plans (kế hoạch) and term targets (chỉ tiêu nhiệm kỳ)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, enum_column
from .enums import TargetScope


class Target(TimestampMixin, Base):
    """A yearly plan (start_year = end_year) or a multi-year term target.

    ``scope`` is ``total``, ``domestic``, ``overseas`` or ``district:<code>``.
    """

    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint("period", "start_year", "end_year", "indicator", "scope"),
        CheckConstraint("start_year <= end_year", name="years_ordered"),
        CheckConstraint("value >= 0", name="value_not_negative"),
        CheckConstraint("period <> 'year' OR start_year = end_year", name="year_is_one_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[TargetScope] = mapped_column(enum_column(TargetScope, "target_period"))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
