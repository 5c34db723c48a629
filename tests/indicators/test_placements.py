"""record_placement: validation, duplicates, the first-in-year rule and the rollup."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.factories import make_employer, make_jobseeker, make_user
from tests.factories_indicators import make_placement, raw_placement
from webapp.models import Placement, PlacementRollup, Role
from webapp.services.errors import Conflict, PermissionDenied, ValidationError
from webapp.services.indicators import compute_report, period_for
from webapp.services.placements import record_placement
from webapp.services.rollup import rebuild_rollup

pytestmark = pytest.mark.both_databases


def rollup_total(session, year, kind=None):
    q = select(func.coalesce(func.sum(PlacementRollup.people), 0)).where(
        PlacementRollup.year == year, PlacementRollup.dim == "total"
    )
    if kind:
        q = q.where(PlacementRollup.kind == kind)
    return session.scalar(q)


def rollup_snapshot(session):
    return sorted(
        (r.year, r.month, r.kind, r.country_code, r.dim, r.key, r.people)
        for r in session.scalars(select(PlacementRollup))
        if r.people
    )


def test_copies_statistical_attributes_from_jobseeker(session):
    staff = make_user(session, Role.STAFF)
    js = make_jobseeker(
        session,
        sex="female",
        birth_date=dt.date(2000, 6, 1),
        district_code="446",
        priority_groups=["ethnic_minority", "poor_household"],
    )
    emp = make_employer(session)
    p = record_placement(
        session,
        staff,
        jobseeker=js,
        kind="domestic",
        employer=emp,
        placed_on=dt.date(2023, 3, 2),
        channel="fair",
        source="manual",
    )
    assert p.person_key == f"js:{js.id}"
    assert (p.sex.value, p.age_band, p.priority_group) == ("female", "15-24", "ethnic_minority")
    assert p.district_id == js.district_id and p.first_in_year
    assert p.employer_key == "cong ty tnhh thep vung ang " + emp.name.rsplit(" ", 1)[1]
    assert p.recorded_by_id == staff.id


def test_duplicate_is_a_conflict(session):
    make_placement(session, person="ext:a", employer="Cty Formosa", on=dt.date(2023, 1, 5))
    with pytest.raises(Conflict):
        make_placement(session, person="ext:a", employer="CTY  formosa", on=dt.date(2023, 1, 5))


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"kind": "overseas"}, "country"),
        ({"kind": "overseas", "country": "XX"}, "country"),
        ({"kind": "domestic", "country": "JP"}, "country"),
        ({"kind": "abroad"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"birth_date": dt.date(2015, 1, 1)}, "birth_date"),
        ({"occupation_code": "72"}, "occupation_code"),
    ],
)
def test_validation(session, kw, field):
    with pytest.raises(ValidationError) as err:
        make_placement(session, **kw)
    assert field in err.value.field_errors


def test_jobseeker_cannot_record(session):
    user = make_user(session, Role.JOBSEEKER)
    with pytest.raises(PermissionDenied):
        record_placement(
            session,
            user,
            person_key="ext:z",
            sex="male",
            district_id=1,
            kind="domestic",
            employer_name="X",
            placed_on=dt.date(2023, 1, 1),
            channel="online",
            source="manual",
        )


def test_person_counts_once_in_group_of_first_placement(session):
    # Domestic in March, abroad in August: one person, counted domestic, in March.
    make_placement(session, person="ext:p1", on=dt.date(2023, 3, 1))
    later = make_placement(session, person="ext:p1", kind="overseas", country="JP", on=dt.date(2023, 8, 1))
    assert not later.first_in_year
    assert rollup_total(session, 2023) == 1
    assert rollup_total(session, 2023, "domestic") == 1
    # An earlier placement arriving later takes over the "first" role.
    earlier = make_placement(session, person="ext:p1", kind="overseas", country="TW", on=dt.date(2023, 1, 20))
    assert earlier.first_in_year
    assert rollup_total(session, 2023) == 1
    assert rollup_total(session, 2023, "overseas") == 1
    assert rollup_total(session, 2023, "domestic") == 0
    # The next year counts again.
    make_placement(session, person="ext:p1", on=dt.date(2024, 2, 1))
    assert rollup_total(session, 2024) == 1


def test_rollup_equals_direct_count_and_rebuild(session):
    import random

    rng = random.Random(7)
    countries = ["TW", "JP", "KR", "HU", "DE"]
    for i in range(120):
        person = f"ext:r{rng.randrange(60)}"
        kind = rng.choice(["domestic", "overseas"])
        with contextlib.suppress(Conflict):
            make_placement(
                session,
                person=person,
                kind=kind,
                country=rng.choice(countries) if kind == "overseas" else None,
                on=dt.date(rng.choice([2022, 2023]), rng.randint(1, 12), rng.randint(1, 28)),
                district_code=rng.choice(["436", "437", "449"]),
                sex=rng.choice(["male", "female"]),
                channel=rng.choice(["fair", "online", "agency"]),
                employer=f"E{i % 7}",
            )
    incremental = rollup_snapshot(session)
    # Direct count by the rule: distinct persons per year, in the group of their first placement.
    for year in (2022, 2023):
        rows = session.execute(
            select(Placement.person_key, Placement.placed_on, Placement.id, Placement.kind)
            .where(Placement.placed_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .order_by(Placement.placed_on, Placement.id)
        ).all()
        first: dict[str, str] = {}
        for key, _on, _id, kind in rows:
            first.setdefault(key, kind.value)
        assert rollup_total(session, year) == len(first)
        assert rollup_total(session, year, "overseas") == sum(1 for k in first.values() if k == "overseas")
        for dim in ("district", "sex", "age_band", "priority_group", "channel"):
            total = session.scalar(
                select(func.sum(PlacementRollup.people)).where(
                    PlacementRollup.year == year, PlacementRollup.dim == dim
                )
            )
            assert total == len(first)
    rebuild_rollup(session)
    assert rollup_snapshot(session) == incremental


def test_rebuild_after_bulk_insert(session):
    raw_placement(session, person="ext:b1", on=dt.date(2023, 6, 1), kind="overseas", country="KR")
    raw_placement(session, person="ext:b1", on=dt.date(2023, 2, 1))
    raw_placement(session, person="ext:b2", on=dt.date(2023, 2, 1))
    assert rebuild_rollup(session, [2023]) == 2
    assert rollup_total(session, 2023, "domestic") == 2
    flags = dict(
        session.execute(
            select(Placement.placed_on, Placement.first_in_year).where(Placement.person_key == "ext:b1")
        ).all()
    )
    assert flags == {dt.date(2023, 6, 1): False, dt.date(2023, 2, 1): True}


def test_first_placement_group_rule_in_report(session):
    make_placement(session, person="ext:x", on=dt.date(2025, 2, 1))
    make_placement(session, person="ext:x", kind="overseas", country="KR", on=dt.date(2025, 6, 1))
    r = compute_report(session, period_for(2025))
    assert r["jobs_created"] == {"total": 1, "domestic": 1, "overseas": 0}
    assert r["overseas_by_country"] == {}
    assert r["plan"] is None and r["term"] is None
    direct = compute_report(session, period_for(2025), use_rollup=False)
    assert {k: v for k, v in direct.items() if k != "source"} == {k: v for k, v in r.items() if k != "source"}
