"""vieclam seed demo | jobseekers."""

from __future__ import annotations

import datetime as dt
import time

import click

from .. import db
from ..seed.volume import BATCH_SIZE, COMMIT_EVERY_SQLITE
from . import transactional


@click.group("seed")
def seed_group() -> None:
    """Demo data and bulk data for benchmarks."""


@seed_group.command("demo")
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.01, 100.0),
    help="Multiplies the number of jobseekers (2,000 at 1) and vacancies; placements are fixed.",
)
@click.option(
    "--seed", "seed", default=2023, show_default=True, type=int, help="Random seed: same seed, same data."
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date the demo is built around (deadlines, licence expiry). Default: today.",
)
@click.option("--if-empty", is_flag=True, help="Do nothing (exit 0) when demo data is already there.")
@transactional
def demo(scale: float, seed: int, today: dt.datetime | None, if_empty: bool) -> None:
    """Create a believable Hà Tĩnh that reproduces the 2023 annual report's figures."""
    from ..seed.demo import is_seeded, seed_demo

    session = db.get_session()
    if is_seeded(session):
        if if_empty:
            click.echo("Demo data is already in this database; nothing to do.")
            return
        raise click.ClickException(
            "This database already holds demo data (the demo accounts or seeded placements exist); "
            "nothing was changed. Seed an empty database (e.g. delete instance/vieclam.db and run "
            "`vieclam db upgrade`), or pass --if-empty to skip quietly."
        )
    started = time.perf_counter()
    report = seed_demo(session, seed=seed, scale=scale, today=today.date() if today else None)
    for line in report.lines():
        click.echo(line)
    click.echo(f"Demo data created in {time.perf_counter() - started:.1f} s.")


@seed_group.command("jobseekers")
@click.option(
    "--count", required=True, type=click.IntRange(1, 50_000_000), help="How many jobseekers to add."
)
@click.option("--seed", "seed", default=1, show_default=True, type=int)
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(100, 1_000_000))
@click.option("--no-index", is_flag=True, help="Skip the search index rows (FTS5 or outbox).")
@click.option(
    "--commit-every",
    type=click.IntRange(1000, None),
    help="Commit every this many jobseekers; an interrupted run keeps what was committed "
    f"[default: {COMMIT_EVERY_SQLITE:,} on SQLite, one transaction on PostgreSQL].",
)
@transactional
def jobseekers(count: int, seed: int, batch_size: int, no_index: bool, commit_every: int | None) -> None:
    """Bulk-generate jobseekers for volume tests (executemany on SQLite, COPY on PostgreSQL)."""
    from ..seed.demo import NotMigrated
    from ..seed.volume import commit_every_for, seed_jobseekers
    from ..services.reference import load_reference

    session = db.get_session()
    from sqlalchemy import inspect

    if not inspect(session.connection()).has_table("jobseekers"):
        raise NotMigrated("The database has no tables yet. Run `vieclam db upgrade` first.")
    # Profiles point at districts, occupations and skills: a newly migrated database has none.
    load_reference(session)
    result = seed_jobseekers(
        session,
        count,
        seed=seed,
        batch_size=batch_size,
        index=not no_index,
        commit_every=commit_every or commit_every_for(session),
    )
    rate = result.rows / result.total_seconds if result.total_seconds else 0.0
    click.echo(
        f"Added {result.rows:,} jobseekers ({result.skills:,} skills, {result.languages:,} languages, "
        f"{result.index_rows:,} index rows) in {result.total_seconds:.1f} s ({rate:,.0f} rows/s)."
    )


commands: list[click.Command] = [seed_group]
