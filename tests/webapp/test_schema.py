"""The schema: migrations agree with the models, and the database enforces the rules."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from tests.factories import district, make_employer, make_jobseeker, make_vacancy
from webapp.models import Base, Placement, Target, TargetScope

pytestmark = pytest.mark.both_databases

# Virtual FTS tables live in a hand-written, SQLite-only migration; the models do not describe them.
_IGNORED_PREFIXES = ("fts_", "alembic_version")


def _relevant(diff: object) -> bool:
    text_ = repr(diff)
    return not any(p in text_ for p in _IGNORED_PREFIXES)


def test_migrations_match_models(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(ctx, Base.metadata) if _relevant(d)]
    assert diffs == [], f"models and migrations disagree: {diffs}"


def _placement(session, **kw):
    values = dict(
        person_key="js:1",
        kind="domestic",
        employer_name="Công ty Formosa",
        employer_key="cong ty formosa",
        district_id=district(session).id,
        sex="male",
        age_band="25-34",
        placed_on=dt.date(2023, 5, 1),
        channel="online",
        source="manual",
    )
    values.update(kw)
    p = Placement(**values)
    session.add(p)
    return p


def test_placement_cannot_be_recorded_twice(session):
    _placement(session)
    session.flush()
    _placement(session)
    with pytest.raises(IntegrityError):
        session.flush()


def test_placement_same_person_other_date_is_fine(session):
    _placement(session)
    _placement(session, placed_on=dt.date(2023, 9, 1))
    session.flush()


def test_overseas_placement_needs_a_country(session):
    _placement(session, kind="overseas", country_code=None)
    with pytest.raises(IntegrityError):
        session.flush()


def test_enumerations_are_checked_by_the_database(session):
    _placement(session)
    session.flush()
    with pytest.raises((IntegrityError, StatementError)):
        session.execute(text("UPDATE placements SET channel = 'carrier-pigeon'"))


def test_required_fields_are_not_null(session):
    js = make_jobseeker(session)
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE jobseekers SET full_name = NULL WHERE id = :id"), {"id": js.id})


def test_agency_needs_a_licence(session):
    agency = make_employer(session, agency=True)
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE employers SET licence_no = NULL WHERE id = :id"), {"id": agency.id})


def test_vacancy_salary_range_and_quantity_checked(session):
    v = make_vacancy(session)
    with pytest.raises(IntegrityError):
        session.execute(
            text("UPDATE vacancies SET salary_min = 20, salary_max = 10 WHERE id = :id"), {"id": v.id}
        )


def test_vacancy_quantity_positive(session):
    v = make_vacancy(session)
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE vacancies SET quantity = 0 WHERE id = :id"), {"id": v.id})


def _target(session, **kw):
    values = dict(
        period=TargetScope.YEAR,
        start_year=2030,
        end_year=2030,
        indicator="jobs_created",
        scope="total",
        value=5,
    )
    values.update(kw)
    t = Target(**values)
    session.add(t)
    return t


def test_yearly_target_spans_one_year(session):
    _target(session, start_year=2024, end_year=2025)
    with pytest.raises(IntegrityError):
        session.flush()


def test_target_unique_per_period_indicator_scope(session):
    _target(session)
    _target(session)
    with pytest.raises(IntegrityError):
        session.flush()
