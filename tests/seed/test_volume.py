"""Bulk jobseekers (executemany on SQLite, COPY on PostgreSQL) read back as ordinary rows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.models import Jobseeker, JobseekerLanguage, OutboxEvent
from webapp.models.enums import Education, Sex
from webapp.seed.volume import seed_jobseekers

pytestmark = pytest.mark.both_databases


def test_bulk_jobseekers_round_trip(session: Session) -> None:
    before = session.scalar(select(func.count()).select_from(Jobseeker)) or 0
    result = seed_jobseekers(session, 300, seed=3, today=dt.date(2026, 11, 25), batch_size=120)
    assert result.rows == 300 and result.index_rows in (0, 300)
    assert session.scalar(select(func.count()).select_from(Jobseeker)) == before + 300
    people = session.scalars(select(Jobseeker).where(Jobseeker.external_id.like("vol:%"))).all()
    assert len(people) == 300
    p = people[0]
    assert isinstance(p.birth_date, dt.date) and isinstance(p.willing_overseas, bool)
    assert isinstance(p.preferred_countries, list) and isinstance(p.profile_updated_at, dt.datetime)
    assert any(js.skills for js in people)
    assert (session.scalar(select(func.count()).select_from(JobseekerLanguage)) or 0) > 0
    if session.get_bind().dialect.name == "postgresql":
        events = session.scalar(select(func.count()).where(OutboxEvent.entity_type == "jobseekers"))
        assert events == 300
    # The id sequence moved past the explicit ids: an ORM insert still works.
    extra = Jobseeker(
        full_name="Lê Thị Hoa",
        sex=Sex.FEMALE,
        birth_date=dt.date(2000, 1, 1),
        district_id=p.district_id,
        education=Education.UPPER_SECONDARY,
    )
    session.add(extra)
    session.flush()
    assert extra.id > max(js.id for js in people)
