"""Bulk jobseekers (executemany on SQLite, COPY on PostgreSQL) read back as ordinary rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from search.backends.sqlite import SQLiteBackend
from search.backends.sqlite_driver import dbapi
from tests.conftest import migrate
from tests.factories import make_jobseeker
from webapp import create_app
from webapp.db import make_engine
from webapp.models import Jobseeker, JobseekerLanguage, OutboxEvent, jobseeker_skills
from webapp.models.enums import Education, Sex
from webapp.seed.bulk import copy_text
from webapp.seed.volume import seed_jobseekers
from webapp.services.indexing import index_entities
from webapp.services.search_documents import build_jobseeker_docs


@pytest.mark.both_databases
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
    # The foreign keys the load set aside (PostgreSQL) hold again: a skill of nobody is refused.
    skill_id = session.execute(select(jobseeker_skills.c.skill_id).limit(1)).scalar_one()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(insert(jobseeker_skills).values(jobseeker_id=10**9, skill_id=skill_id))
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


def _index_rows(session: Session, ids: list[int]) -> tuple[list[Any], list[Any], dict[str, int]]:
    conn = session.connection()
    lo, hi = min(ids), max(ids)
    # The FTS5 table keeps no text: what it indexed is read back token by token.
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_jobseekers_tokens USING fts5vocab(main, fts_jobseekers, instance)"
    )
    fts = conn.exec_driver_sql(
        "SELECT doc, col, offset, term FROM temp.fts_jobseekers_tokens WHERE doc BETWEEN ? AND ? "
        "ORDER BY doc, col, offset",
        (lo, hi),
    ).all()
    docs = conn.exec_driver_sql(
        "SELECT * FROM fts_jobseekers_docs WHERE id BETWEEN ? AND ? ORDER BY id", (lo, hi)
    ).all()
    terms = dict(conn.exec_driver_sql("SELECT term, docs FROM fts_terms WHERE entity = 'jobseekers'").all())
    return [tuple(r) for r in fts], [tuple(r) for r in docs], terms


@pytest.mark.parametrize(
    "parallel, commit_every",
    [(False, None), (True, None), (True, 200)],
    ids=["one process", "producer processes", "committed in chunks"],
)
def test_seeded_index_rows_are_what_reindex_writes(
    session: Session, parallel: bool, commit_every: int | None
) -> None:
    """The seeder builds documents from the generated values, not from the database; the
    FTS rows, docs rows and vocabulary must still be exactly those a reindex writes."""
    result = seed_jobseekers(
        session,
        500,
        seed=5,
        today=dt.date(2026, 11, 25),
        batch_size=180,
        parallel=parallel,
        commit_every=commit_every,
    )
    assert result.index == "fts" and result.index_rows == 500 and result.parallel is parallel
    ids = list(session.scalars(select(Jobseeker.id).where(Jobseeker.external_id.like("vol:%"))))
    assert len(ids) == 500
    seeded = _index_rows(session, ids)
    assert len({row[0] for row in seeded[0]}) == len(seeded[1]) == 500
    SQLiteBackend().delete(session.connection(), "jobseekers", ids)
    index_entities(session, "jobseekers", ids)
    assert _index_rows(session, ids) == seeded


def test_producer_processes_make_the_same_people(session: Session) -> None:
    def people() -> list[tuple[str, str, str | None]]:
        rows = session.execute(
            select(Jobseeker.full_name, Jobseeker.birth_date, Jobseeker.desired_title)
            .where(Jobseeker.external_id.like("vol:%"))
            .order_by(Jobseeker.id)
        )
        return [(r[0], str(r[1]), r[2]) for r in rows]

    made: list[list[tuple[str, str, str | None]]] = []
    for parallel in (False, True):
        with session.begin_nested() as attempt:
            seed_jobseekers(session, 300, seed=9, batch_size=70, parallel=parallel)
            made.append(people())
            attempt.rollback()
    inline, parallel_made = made
    assert len(inline) == 300 and len(set(inline)) > 250
    assert parallel_made == inline


def test_a_failed_chunk_keeps_the_chunks_committed_before_it(session: Session) -> None:
    # A profile already holds the external id the seed's 251st profile would get.
    blocker = make_jobseeker(session)
    session.flush()
    blocker.external_id = f"vol:{blocker.id + 251}"
    session.flush()
    with pytest.raises(dbapi().IntegrityError, match="external_id"):
        seed_jobseekers(session, 600, seed=2, batch_size=100, parallel=False, commit_every=200)
    session.rollback()  # the failed chunk's rows go; the chunks committed before it stay
    ids = list(session.scalars(select(Jobseeker.id).where(Jobseeker.id > blocker.id).order_by(Jobseeker.id)))
    assert ids == list(range(blocker.id + 1, blocker.id + 201))
    indexed = session.connection().exec_driver_sql(
        "SELECT count(*) FROM fts_jobseekers_docs WHERE id > ?", (blocker.id,)
    )
    assert indexed.scalar() == 200
    # The indexes dropped for the load are back, and committed with the chunks kept.
    names = {i["name"] for i in inspect(session.connection()).get_indexes("jobseekers")}
    assert "ix_jobseekers_occupation_updated" in names


def test_copy_text_escapes_what_copy_would_misread() -> None:
    rows = [(1, "a\tb", None, "c\\d\ne", 2.5, True, dt.date(2026, 1, 2))]
    assert copy_text(rows) == b"1\ta\\tb\t\\N\tc\\\\d\\ne\t2.5\tt\t2026-01-02\n"


@pytest.mark.both_databases
def test_profile_documents_read_back_on_either_database(session: Session) -> None:
    """PostgreSQL's driver hands JSON back decoded, SQLite as text: the documents are the same."""
    seed_jobseekers(session, 60, seed=4, today=dt.date(2026, 11, 25), index=False)
    ids = list(session.scalars(select(Jobseeker.id).where(Jobseeker.external_id.like("vol:%"))))
    docs = build_jobseeker_docs(session, ids)
    assert len(docs) == 60
    for doc in docs:
        person = session.get(Jobseeker, doc["id"])
        assert person is not None and doc["countries"] == list(person.preferred_countries or [])


def test_cli_seeds_a_newly_migrated_database_in_chunks(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    migrate(url)  # tables only: no districts, occupations or skills yet
    engine = make_engine(url)
    app = create_app({"ENV": "testing", "TESTING": True, "SECRET_KEY": "t", "ENGINE": engine, "DATABASE_URL": url})
    from webapp.cli.seed import seed_group

    with app.app_context():
        result = CliRunner().invoke(seed_group, ["jobseekers", "--count", "2500", "--commit-every", "1000"])
    assert result.exit_code == 0, result.output
    assert "Added 2,500 jobseekers" in result.output
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM jobseekers").scalar() == 2500
        assert conn.exec_driver_sql("SELECT count(*) FROM fts_jobseekers_docs").scalar() == 2500
    engine.dispose()
