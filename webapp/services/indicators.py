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
from sqlalchemy import Integer, and_, cast, func, select
from sqlalchemy.orm import Session

from ..models import District, Placement, PlacementRollup, Target, TargetScope
from .errors import ValidationError
from .rollup import rebuild_rollup

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


def _first_in(start: dt.date, end: dt.date) -> Any:
    """The counted rows of a date range: what ix_placements_first_in_year holds."""
    p = Placement
    return and_(p.first_in_year, p.placed_on >= start, p.placed_on <= end)


Daily = list[tuple[dt.date, str, str, int]]


def _daily_totals(session: Session, start: dt.date, end: dt.date) -> Daily:
    """People counted per day, kind and country: one scan, at most days x countries rows."""
    p = Placement
    rows = session.execute(
        select(p.placed_on, p.kind, p.country_code, func.count())
        .where(_first_in(start, end))
        .group_by(p.placed_on, p.kind, p.country_code)
    )
    return [(day, _kind(kind), country or "", int(n)) for day, kind, country, n in rows]


def _totals(daily: Daily, period: Period) -> Counts:
    counts = Counts()
    for day, kind, country, n in daily:
        if period.start <= day <= period.end:
            counts.add(day.year, day.month, kind, country, "total", "", n)
    return counts


def _add_breakdowns(session: Session, period: Period, counts: Counts) -> None:
    """District, sex, age band, group and channel from ONE grouped scan, summed per dimension.

    The joint grouping has at most kinds x districts x sexes x bands x groups x
    channels rows (a few thousand) whatever the number of placements, and it is
    an ordinary GROUP BY, so PostgreSQL can split it over parallel workers (it
    cannot with GROUPING SETS) and SQLite reads its covering index once instead
    of five times.
    """
    p = Placement
    codes = {i: c for i, c in session.execute(select(District.id, District.code))}
    cols = (p.kind, p.district_id, p.sex, p.age_band, p.priority_group, p.channel)
    rows = session.execute(
        select(*cols, func.count()).where(_first_in(period.start, period.end)).group_by(*cols)
    )
    for kind, district_id, sex, band, group, channel, n in rows:
        k, people = _kind(kind), int(n)
        counts.add(0, 0, k, "", "district", codes.get(district_id, ""), people)
        counts.add(0, 0, k, "", "sex", _kind(sex), people)
        counts.add(0, 0, k, "", "age_band", band or "", people)
        counts.add(0, 0, k, "", "priority_group", group or "", people)
        counts.add(0, 0, k, "", "channel", _kind(channel), people)


def count_placements(session: Session, period: Period) -> Counts:
    """Count first-in-year placements in the period directly (any date range)."""
    counts = _totals(_daily_totals(session, period.start, period.end), period)
    _add_breakdowns(session, period, counts)
    return counts


def _merged(periods: list[Period]) -> list[Period]:
    """Overlapping or adjacent periods joined, so that each day is scanned once."""
    out: list[Period] = []
    for p in sorted(periods, key=lambda p: p.start):
        if out and p.start <= out[-1].end + dt.timedelta(days=1):
            out[-1] = Period(out[-1].start, max(out[-1].end, p.end))
        else:
            out.append(p)
    return out


def _count_direct(session: Session, now: Period, others: list[Period]) -> list[Counts]:
    """Counts of ``now`` (with breakdowns) and totals of ``others``, straight from the placements.

    Day-level totals of all the periods come from one scan per stretch of
    consecutive days (a yearly report with a term: one scan of the term so far),
    the breakdowns from one more scan of ``now``.
    """
    daily: Daily = []
    for span in _merged([now, *others]):
        daily += _daily_totals(session, span.start, span.end)
    first = _totals(daily, now)
    _add_breakdowns(session, now, first)
    return [first, *(_totals(daily, p) for p in others)]


def _targets(session: Session, year: int) -> dict[str, int]:
    rows = session.scalars(
        select(Target).where(
            Target.period == TargetScope.YEAR,
            Target.start_year == year,
            Target.indicator == "jobs_created",
        )
    )
    return {t.scope: t.value for t in rows}


def _term_target(session: Session, year: int) -> Target | None:
    return session.scalars(
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


def _term_period(target: Target, period: Period) -> Period:
    """From 1 January of the term's first year to the period's end (capped at the term's end)."""
    return Period(dt.date(target.start_year, 1, 1), min(period.end, dt.date(target.end_year, 12, 31)))


def _term(target: Target | None, period: Period, cumulative: int) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "from": dt.date(target.start_year, 1, 1).isoformat(),
        "to": _term_period(target, period).end.isoformat(),
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
    if use_rollup is None:
        use_rollup = period.whole_months
    if use_rollup and not period.whole_months:
        raise ValidationError(_("The rollup covers whole months only."))
    term_target = _term_target(session, period.end.year)
    term_period = _term_period(term_target, period) if term_target else None
    if use_rollup:
        now = count_rollup(session, period)
        before = count_rollup(session, period.last_year())
        term_counts = count_rollup(session, term_period) if term_period else None
    else:
        now, before, *rest = _count_direct(
            session, period, [period.last_year(), *([term_period] if term_period else [])]
        )
        term_counts = rest[0] if rest else None
    cumulative = term_counts.totals()["total"] if term_counts else 0
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
        "source": "rollup" if use_rollup else "placements",
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
        "term": _term(term_target, period, cumulative),
    }
