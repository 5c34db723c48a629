"""vieclam seed demo | jobseekers."""

from __future__ import annotations

import datetime as dt
import time

import click

from .. import db
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


commands: list[click.Command] = [seed_group]
