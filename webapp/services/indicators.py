"""Employment indicators: the report's table for any period, from the rollup or the placements.

Counting rule (see services.rollup for the details): "people who got jobs"
counts distinct persons; a person placed several times in a calendar year
counts once, in the groups of their first placement of that year, and in the
month of that placement, so months and quarters add up to the year and a
term is the sum of its years.

Periods made of whole months read the rollup (a few hundred rows whatever the
number of placements); other ranges count the flagged placements directly.
Both give the same figures; tests/indicators prove it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Integer, and_, cast, func, select, text
from sqlalchemy.orm import Session

from ..models import District, Placement, PlacementRollup, Target, TargetScope
from .errors import ValidationError
from .rollup import DIMENSIONS, rebuild_rollup

__all__ = [
    "COUNTING_RULE",
    "KINDS",
    "Period",
    "compute_report",
    "period_for",
    "pct",
    "rebuild_rollup",
]

KINDS = ("total", "domestic", "overseas")
TOP_MARKETS = 6  # the report names six markets and groups the rest as "others"
COUNTING_RULE = (
    "Distinct persons; a person placed more than once in a calendar year counts once, "
    "in the group and month of their first placement of that year."
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def whole_months(self) -> bool:
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        return self.start.day == 1 and self.end.day == last

    def months(self) -> list[tuple[int, int]]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def last_year(self) -> Period:
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def period_for(
    year: int | None = None,
    quarter: int | None = None,
    month: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Period:
    if start is not None or end is not None:
        if start is None or end is None:
            raise ValidationError(_("Give both ends of the period."))
        if start > end:
            raise ValidationError(_("The period ends before it starts."))
        return Period(start, end)
    if year is None:
        raise ValidationError(_("Give a year or a date range."))
    if quarter is not None and month is not None:
        raise ValidationError(_("Give a quarter or a month, not both."))
    if quarter is not None:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError(_("A quarter is 1 to 4."))
        first = 3 * quarter - 2
        return Period(
            dt.date(year, first, 1), dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        )
    if month is not None:
        if not 1 <= month <= 12:
            raise ValidationError(_("A month is 1 to 12."))
        return Period(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def pct(part: int | None, whole: int | None, places: int) -> float | None:
    """A percentage rounded half-up as the report does (102.7, 100.56); None without a base."""
    if part is None or not whole:
        return None
    q = Decimal(1).scaleb(-places)
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(q, rounding=ROUND_HALF_UP))


@dataclass
class Counts:
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    countries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dims: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    district_kinds: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    monthly: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, year: int, month: int, kind: str, country: str, dim: str, key: str, n: int) -> None:
        if not n:
            return
        if dim == "total":
            self.kinds[kind] += n
            self.kinds["total"] += n
            if country:
                self.countries[country] += n
            label = f"{year:04d}-{month:02d}"
            self.monthly[label][kind] += n
            self.monthly[label]["total"] += n
        else:
            self.dims[dim][key or "none"] += n
            if dim == "district":
                self.district_kinds[key][kind] += n
                self.district_kinds[key]["total"] += n

    def totals(self) -> dict[str, int]:
        return {k: int(self.kinds.get(k, 0)) for k in KINDS}


def _kind(v: Any) -> str:
    return str(getattr(v, "value", v))


def count_rollup(session: Session, period: Period) -> Counts:
    """Sum rollup rows of the period's months (the period must be whole months)."""
    ym = cast(PlacementRollup.year, Integer) * 100 + cast(PlacementRollup.month, Integer)
    lo = period.start.year * 100 + period.start.month
    hi = period.end.year * 100 + period.end.month
    r = PlacementRollup
    rows = session.execute(
        select(r.year, r.month, r.kind, r.country_code, r.dim, r.key, func.sum(r.people))
        .where(ym >= lo, ym <= hi)
        .group_by(r.year, r.month, r.kind, r.country_code, r.dim, r.key)
    ).all()
    counts = Counts()
    for year, month, kind, country, dim, key, n in rows:
        counts.add(year, month, kind, country, dim, key, int(n or 0))
    return counts


_PG_GROUPING_SETS = text(
    """
    SELECT CAST(EXTRACT(year FROM p.placed_on) AS INTEGER) AS y, CAST(EXTRACT(month FROM p.placed_on) AS INTEGER) AS m,
           p.kind, p.country_code, d.code AS district, p.sex, p.age_band, p.priority_group, p.channel,
           GROUPING(p.country_code) AS g_country, GROUPING(d.code) AS g_district, GROUPING(p.sex) AS g_sex,
           GROUPING(p.age_band) AS g_age, GROUPING(p.priority_group) AS g_group, count(*) AS n
    FROM placements p JOIN districts d ON d.id = p.district_id
    WHERE p.first_in_year AND p.placed_on BETWEEN :start AND :end
    GROUP BY GROUPING SETS (
        (1, 2, p.kind, p.country_code), (p.kind, d.code), (p.kind, p.sex), (p.kind, p.age_band),
        (p.kind, p.priority_group), (p.kind, p.channel))
    """
)


def _count_placements_pg(session: Session, period: Period) -> Counts:
    """One scan with GROUPING SETS instead of six (PostgreSQL)."""
    counts = Counts()
    for r in session.execute(_PG_GROUPING_SETS, {"start": period.start, "end": period.end}).mappings():
        n = int(r["n"])
        if not r["g_country"]:
            counts.add(r["y"], r["m"], r["kind"], r["country_code"] or "", "total", "", n)
        elif not r["g_district"]:
            counts.add(0, 0, r["kind"], "", "district", r["district"], n)
        elif not r["g_sex"]:
            counts.add(0, 0, r["kind"], "", "sex", r["sex"], n)
        elif not r["g_age"]:
            counts.add(0, 0, r["kind"], "", "age_band", r["age_band"], n)
        elif not r["g_group"]:
            counts.add(0, 0, r["kind"], "", "priority_group", r["priority_group"] or "", n)
        else:
            counts.add(0, 0, r["kind"], "", "channel", r["channel"], n)
    return counts


def count_placements(session: Session, period: Period) -> Counts:
    """Count first-in-year placements in the period directly (any date range)."""
    if session.get_bind().dialect.name == "postgresql":
        return _count_placements_pg(session, period)
    p = Placement
    where = and_(p.first_in_year.is_(True), p.placed_on >= period.start, p.placed_on <= period.end)
    counts = Counts()
    rows = session.execute(
        select(p.placed_on, p.kind, p.country_code, func.count())
        .where(where)
        .group_by(p.placed_on, p.kind, p.country_code)
    ).all()
    for day, kind, country, n in rows:
        counts.add(day.year, day.month, _kind(kind), country or "", "total", "", int(n))
    columns: dict[str, Any] = {
        "district": District.code,
        "sex": p.sex,
        "age_band": p.age_band,
        "priority_group": p.priority_group,
        "channel": p.channel,
    }
    for dim in DIMENSIONS:
        col = columns[dim]
        q = select(p.kind, col, func.count()).where(where).group_by(p.kind, col)
        if dim == "district":
            q = q.join(District, District.id == p.district_id)
        for kind, key, n in session.execute(q).all():
            counts.add(0, 0, _kind(kind), "", dim, _kind(key) if key is not None else "", int(n))
    return counts


def count(session: Session, period: Period, use_rollup: bool | None = None) -> Counts:
    if use_rollup is None:
        use_rollup = period.whole_months
    if use_rollup and not period.whole_months:
        raise ValidationError(_("The rollup covers whole months only."))
    return count_rollup(session, period) if use_rollup else count_placements(session, period)


def _year_totals(session: Session, first: int, last: int, upto: dt.date) -> int:
    """People placed from 1 January of ``first`` to ``upto`` (capped at the end of ``last``)."""
    end = min(upto, dt.date(last, 12, 31))
    if end < dt.date(first, 1, 1):
        return 0
    period = Period(dt.date(first, 1, 1), end)
    return count(session, period).totals()["total"]


def _targets(session: Session, year: int) -> dict[str, int]:
    rows = session.scalars(
        select(Target).where(
            Target.period == TargetScope.YEAR,
            Target.start_year == year,
            Target.indicator == "jobs_created",
        )
    )
    return {t.scope: t.value for t in rows}


def _term(session: Session, period: Period) -> dict[str, Any] | None:
    year = period.end.year
    target = session.scalars(
        select(Target)
        .where(
            Target.period == TargetScope.TERM,
            Target.indicator == "jobs_created",
            Target.scope == "total",
            Target.start_year <= year,
            Target.end_year >= year,
        )
        .order_by(Target.start_year.desc())
    ).first()
    if target is None:
        return None
    cumulative = _year_totals(session, target.start_year, target.end_year, period.end)
    return {
        "from": dt.date(target.start_year, 1, 1).isoformat(),
        "to": min(period.end, dt.date(target.end_year, 12, 31)).isoformat(),
        "term": f"{target.start_year}-{target.end_year}",
        "target": target.value,
        "cumulative": cumulative,
        "percent": pct(cumulative, target.value, 1),
    }


def _markets(countries: dict[str, int]) -> dict[str, int]:
    ranked = sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))
    out = dict(ranked[:TOP_MARKETS])
    out["others"] = sum(n for _, n in ranked[TOP_MARKETS:])
    return out


def compute_report(session: Session, period: Period, use_rollup: bool | None = None) -> dict[str, Any]:
    """The report's table for a period, in the JSON shape of DESIGN.md."""
    now = count(session, period, use_rollup)
    before = count(session, period.last_year(), use_rollup)
    jobs = now.totals()
    last = before.totals()
    targets = _targets(session, period.end.year)
    plan: dict[str, int | None] | None = None
    percent_of_plan: dict[str, float | None] | None = None
    if any(k in targets for k in KINDS):
        plan = {k: targets.get(k) for k in KINDS}
        percent_of_plan = {k: pct(jobs[k], plan[k], 1) for k in KINDS}
    district_names = dict(session.execute(select(District.code, District.name)).all())
    district_plans = {
        scope.split(":", 1)[1]: value for scope, value in targets.items() if scope.startswith("district:")
    }
    countries = dict(sorted(now.countries.items(), key=lambda kv: (-kv[1], kv[0])))
    last_countries = dict(before.countries)
    markets = _markets(countries)
    last_markets = {
        code: (
            last_countries.get(code, 0)
            if code != "others"
            else sum(n for c, n in last_countries.items() if c not in markets)
        )
        for code in markets
    }
    months = [f"{y:04d}-{m:02d}" for y, m in period.months()]
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "counting_rule": COUNTING_RULE,
        "source": "rollup"
        if (use_rollup if use_rollup is not None else period.whole_months)
        else "placements",
        "jobs_created": jobs,
        "overseas_by_country": countries,
        "overseas_countries": len(countries),
        "markets": markets,
        "markets_last_year": last_markets,
        "by_district": {
            code: {
                "name": district_names.get(code, code),
                "total": int(kinds.get("total", 0)),
                "domestic": int(kinds.get("domestic", 0)),
                "overseas": int(kinds.get("overseas", 0)),
                "plan": district_plans.get(code),
            }
            for code, kinds in sorted(now.district_kinds.items())
        },
        "by_sex": dict(sorted(now.dims["sex"].items())),
        "by_age_band": dict(sorted(now.dims["age_band"].items())),
        "by_priority_group": dict(sorted(now.dims["priority_group"].items())),
        "by_channel": dict(sorted(now.dims["channel"].items())),
        "monthly": [
            {"month": label, **{k: int(now.monthly.get(label, {}).get(k, 0)) for k in KINDS}}
            for label in months
        ],
        "plan": plan,
        "percent_of_plan": percent_of_plan,
        "same_period_last_year": last,
        "percent_of_last_year": {k: pct(jobs[k], last[k], 2) for k in KINDS},
        "term": _term(session, period),
    }
