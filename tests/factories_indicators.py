"""Factories for placements and targets (tests/indicators)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from tests.factories import district
from webapp.models import Placement, Target, TargetScope
from webapp.services.placements import record_placement
from webapp.services.rollup import age_band

_seq = itertools.count(1)


def make_placement(
    session: Session,
    *,
    person: str | None = None,
    kind: str = "domestic",
    country: str | None = None,
    on: dt.date = dt.date(2023, 5, 10),
    employer: str | None = None,
    district_code: str = "436",
    sex: str = "male",
    channel: str = "online",
    **kw: Any,
) -> Placement:
    """One placement through the real service (first-in-year flag and rollup included)."""
    n = next(_seq)
    return record_placement(
        session,
        None,
        person_key=person or f"ext:test{n}",
        sex=sex,
        birth_date=kw.pop("birth_date", dt.date(1995, 3, 1)),
        district_id=district(session, district_code).id,
        kind=kind,
        country_code=country,
        employer_name=employer or f"Công ty Thử {n}",
        placed_on=on,
        channel=channel,
        source=kw.pop("source", "manual"),
        **kw,
    )


def raw_placement(
    session: Session, *, person: str, on: dt.date, kind: str = "domestic", country: str | None = None
) -> Placement:
    """A placement row written directly, as a bulk load would (no rollup maintenance)."""
    n = next(_seq)
    p = Placement(
        person_key=person,
        kind=kind,
        country_code=country,
        employer_name=f"Bulk {n}",
        employer_key=f"bulk {n}",
        district_id=district(session, "445").id,
        sex="female",
        birth_year=1990,
        age_band=age_band(1990, None, on),
        placed_on=on,
        channel="agency",
        source="seed",
    )
    session.add(p)
    session.flush()
    return p


def make_target(
    session: Session, year: int, value: int, scope: str = "total", *, term_end: int | None = None
) -> Target:
    t = Target(
        period=TargetScope.TERM if term_end else TargetScope.YEAR,
        start_year=year,
        end_year=term_end or year,
        indicator="jobs_created",
        scope=scope,
        value=value,
    )
    session.add(t)
    session.flush()
    return t
