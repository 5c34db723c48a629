"""Factories for placements and targets (tests/indicators)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from tests.factories import district
from webapp.models import Placement, Target, TargetScope
from webapp.services.placements import record_placement
from webapp.services.rollup import age_band, rebuild_rollup

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


REPORT_2023_MARKETS = {"TW": 5349, "JP": 4519, "KR": 1408, "HU": 199, "PL": 149, "RO": 137}
OTHER_MARKETS = [
    "DE",
    "CZ",
    "SK",
    "BG",
    "RS",
    "HR",
    "LT",
    "LV",
    "PT",
    "MT",
    "NL",
    "SA",
    "AE",
    "QA",
    "KW",
    "MY",
    "SG",
    "CN",
    "MO",
    "HK",
    "LA",
    "AU",
    "NZ",
    "GB",
    "RU",
]  # 25 more: 31 markets


def bulk_year(
    session: Session,
    year: int,
    domestic: int,
    markets: dict[str, int],
    *,
    repeats: int = 0,
    prefix: str = "bulk",
) -> None:
    """Insert a year's placements with Core (as the seed does), then rebuild the rollup.

    ``repeats`` adds second placements later in the year for the first people,
    which the counting rule must ignore.
    """
    from sqlalchemy import insert

    districts = [district(session, c).id for c in ("436", "437", "445", "446", "449")]
    rows = []
    n = 0

    def row(kind: str, country: str | None, i: int, person: str, day: dt.date) -> dict[str, Any]:
        return {
            "person_key": person,
            "kind": kind,
            "country_code": country,
            "employer_name": f"E{i % 50}",
            "employer_key": f"e{i % 50} {day}",
            "district_id": districts[i % len(districts)],
            "sex": "female" if i % 3 else "male",
            "birth_year": 1990 + i % 20,
            "age_band": "25-34",
            "priority_group": None,
            "placed_on": day,
            "channel": "agency" if kind == "overseas" else "fair",
            "source": "seed",
            "first_in_year": False,
        }

    for kind, country, count in [("domestic", None, domestic)] + [
        ("overseas", c, k) for c, k in markets.items()
    ]:
        for _ in range(count):
            day = dt.date(year, 1 + n % 12, 1 + n % 28)
            rows.append(row(kind, country, n, f"ext:{prefix}{year}-{n}", day))
            n += 1
    for i in range(repeats):
        rows.append(row("overseas", "JP", i, f"ext:{prefix}{year}-{i}", dt.date(year, 12, 30)))
    session.execute(insert(Placement), rows)
    rebuild_rollup(session, [year])


def split_others(total: int, codes: list[str] = OTHER_MARKETS) -> dict[str, int]:
    base, extra = divmod(total, len(codes))
    return {c: base + (1 if i < extra else 0) for i, c in enumerate(codes)}


def report_2023_fixture(session: Session) -> None:
    """Placements and targets that give the report's 2023 table (DOMAIN.md)."""
    bulk_year(session, 2023, 10_920, {**REPORT_2023_MARKETS, **split_others(444)}, repeats=300)
    bulk_year(session, 2022, 11_000, {"TW": 6_000, "JP": 5_996})  # 22,996
    bulk_year(session, 2021, 12_000, {"KR": 13_755})  # 25,755
    make_target(session, 2023, 22_517)
    make_target(session, 2024, 23_000)
    make_target(session, 2024, 12_000, "domestic")
    make_target(session, 2024, 11_000, "overseas")
    make_target(session, 2021, 100_000, term_end=2025)
