"""Maintaining the indicator rollup and the first-in-year flag.

The counting rule ("people who got jobs", giải quyết việc làm):

* a period counts distinct persons (``Placement.person_key``);
* a person placed more than once in a calendar year counts once, in the groups
  (domestic/overseas, country, district, channel, ...) of their FIRST placement
  of that year (earliest ``placed_on``, ties broken by the lowest id);
* a month or quarter counts the first-in-year placements whose date falls in
  it, so months and quarters add up exactly to the year, and a multi-year term
  is the sum of its years.

``Placement.first_in_year`` marks those rows. It is computed when a placement
is inserted and moved when an earlier placement of the same person and year
arrives later, and the rollup (models.indicators.PlacementRollup) follows in
the same transaction. ``rebuild_rollup`` recomputes both from the placements.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, cast, delete, func, literal_column, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import District, Placement, PlacementRollup

DIMENSIONS = ("district", "sex", "age_band", "priority_group", "channel")
# Constants inlined in SQL, so PostgreSQL sees the same expression in SELECT and GROUP BY.
_EMPTY: Any = literal_column("''")
AGE_BANDS = ("15-24", "25-34", "35-44", "45-54", "55+", "unknown")


def age_band(birth_year: int | None, birth_date: dt.date | None, on: dt.date) -> str:
    """The age band on the day of placement (the report's bands)."""
    if birth_date is not None:
        age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    elif birth_year is not None:
        age = on.year - birth_year
    else:
        return "unknown"
    if age < 25:
        return "15-24"
    if age < 35:
        return "25-34"
    if age < 45:
        return "35-44"
    if age < 55:
        return "45-54"
    return "55+"


def _value(v: Any) -> str:
    return "" if v is None else str(getattr(v, "value", v))


def _cells(session: Session, p: Placement) -> list[dict[str, Any]]:
    district_code = session.scalar(select(District.code).where(District.id == p.district_id)) or ""
    base = {"year": p.placed_on.year, "month": p.placed_on.month, "kind": _value(p.kind)}
    cells = [{**base, "country_code": _value(p.country_code), "dim": "total", "key": ""}]
    keys = {
        "district": district_code,
        "sex": _value(p.sex),
        "age_band": p.age_band or "unknown",
        "priority_group": _value(p.priority_group),
        "channel": _value(p.channel),
    }
    cells += [{**base, "country_code": "", "dim": d, "key": keys[d]} for d in DIMENSIONS]
    return cells


def _insert(session: Session) -> Any:
    """The dialect's INSERT with ON CONFLICT (both databases support it)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


def _bump(session: Session, p: Placement, delta: int) -> None:
    insert = _insert(session)
    table: Any = PlacementRollup.__table__
    for cell in _cells(session, p):
        stmt = insert(table).values(**cell, people=delta)
        stmt = stmt.on_conflict_do_update(
            index_elements=["year", "month", "kind", "country_code", "dim", "key"],
            set_={"people": table.c.people + delta},
        )
        session.execute(stmt)


def apply_placement(session: Session, placement: Placement) -> None:
    """Set ``first_in_year`` for a freshly flushed placement and update the rollup.

    Concurrent inserts for the same person and year in two transactions could
    both claim "first"; ``rebuild_rollup`` repairs that, and in practice one
    person's placements are recorded by one staff member at a time.
    """
    year = placement.placed_on.year
    current = session.scalars(
        select(Placement)
        .where(
            Placement.person_key == placement.person_key,
            Placement.placed_on >= dt.date(year, 1, 1),
            Placement.placed_on <= dt.date(year, 12, 31),
            Placement.first_in_year.is_(True),
            Placement.id != placement.id,
        )
        .with_for_update()
    ).first()
    if current is not None and (current.placed_on, current.id) <= (placement.placed_on, placement.id):
        placement.first_in_year = False
        session.flush()
        return
    if current is not None:
        current.first_in_year = False
        _bump(session, current, -1)
    placement.first_in_year = True
    session.flush()
    _bump(session, placement, +1)


def rebuild_rollup(session: Session, years: list[int] | None = None) -> int:
    """Recompute ``first_in_year`` and the rollup from the placements (all years or some).

    Runs as set-based SQL, so the seed and imports can bulk-insert placements
    with Core and call this once. Returns the number of people counted.
    """
    year_expr = _year(session, Placement.placed_on)
    where = [year_expr.in_(years)] if years else []

    ranked = (
        select(
            Placement.id.label("id"),
            func.row_number()
            .over(
                partition_by=(Placement.person_key, year_expr),
                order_by=(Placement.placed_on, Placement.id),
            )
            .label("rn"),
        )
        .where(*where)
        .subquery()
    )
    # One UPDATE ... FROM that writes only the rows whose flag changes.
    is_first = ranked.c.rn == 1
    session.execute(
        update(Placement)
        .where(Placement.id == ranked.c.id, Placement.first_in_year != is_first)
        .values(first_in_year=is_first)
    )

    return refill_rollup(session, years)


def refill_rollup(session: Session, years: list[int] | None = None) -> int:
    """Recompute the rollup from the ``first_in_year`` flags as they stand (all years or some).

    For bulk loads that set the flags themselves (benchmarks/indicators.py);
    everything else calls ``rebuild_rollup``, which recomputes the flags first.
    """
    year_expr = _year(session, Placement.placed_on)
    where = [year_expr.in_(years)] if years else []
    if years:
        session.execute(delete(PlacementRollup).where(PlacementRollup.year.in_(years)))
    else:
        session.execute(delete(PlacementRollup))

    month_expr = _month(session, Placement.placed_on)
    p = Placement
    selects = []
    dim_columns: dict[str, Any] = {
        "district": District.code,
        "sex": p.sex,
        "age_band": p.age_band,
        "priority_group": func.coalesce(p.priority_group, _EMPTY),
        "channel": p.channel,
    }
    selects.append(
        select(
            year_expr.label("year"),
            month_expr.label("month"),
            p.kind.label("kind"),
            func.coalesce(p.country_code, _EMPTY).label("country_code"),
            literal_column("'total'").label("dim"),
            _EMPTY.label("key"),
            func.count().label("people"),
        )
        .where(p.first_in_year.is_(True), *where)
        .group_by(year_expr, month_expr, p.kind, func.coalesce(p.country_code, _EMPTY))
    )
    for dim, col in dim_columns.items():
        q = select(
            year_expr.label("year"),
            month_expr.label("month"),
            p.kind.label("kind"),
            _EMPTY.label("country_code"),
            literal_column(f"'{dim}'").label("dim"),
            col.label("key"),
            func.count().label("people"),
        )
        if dim == "district":
            q = q.join(District, and_(District.id == p.district_id))
        selects.append(
            q.where(p.first_in_year.is_(True), *where).group_by(year_expr, month_expr, p.kind, col)
        )
    cols = ["year", "month", "kind", "country_code", "dim", "key", "people"]
    table: Any = PlacementRollup.__table__
    session.execute(table.insert().from_select(cols, union_all(*selects)))
    session.flush()
    total = session.scalar(
        select(func.coalesce(func.sum(PlacementRollup.people), 0)).where(
            PlacementRollup.dim == "total", *([PlacementRollup.year.in_(years)] if years else [])
        )
    )
    return int(total or 0)


def _year(session: Session, col: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("year", col), PlacementRollup.year.type)
    return cast(func.strftime("%Y", col), PlacementRollup.year.type)


def _month(session: Session, col: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("month", col), PlacementRollup.month.type)
    return cast(func.strftime("%m", col), PlacementRollup.month.type)
