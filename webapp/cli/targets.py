"""vieclam targets set | list."""

from __future__ import annotations

import click

from .. import db
from ..services.targets import list_targets, set_target
from . import transactional


@click.group("targets")
def targets_group() -> None:
    """Yearly plans and term targets for the indicators."""


@targets_group.command("set")
@click.option("--year", type=int, help="A yearly plan, e.g. 2024.")
@click.option("--term", help="A term target, e.g. 2021-2025.")
@click.option("--indicator", default="jobs_created", show_default=True)
@click.option(
    "--scope", default="total", show_default=True, help="total, domestic, overseas or district:<code>"
)
@click.option("--value", type=int, required=True)
@transactional
def set_cmd(year: int | None, term: str | None, indicator: str, scope: str, value: int) -> None:
    """Create or replace a target."""
    t = set_target(
        db.get_session(), None, indicator=indicator, scope=scope, value=value, year=year, term=term
    )
    when = (
        str(t.start_year)
        if t.start_year == t.end_year and t.period.value == "year"
        else f"{t.start_year}-{t.end_year}"
    )
    click.echo(f"Target {t.indicator} {t.scope} {when}: {t.value:,}")


@targets_group.command("list")
@transactional
def list_cmd() -> None:
    """Show every target."""
    for t in list_targets(db.get_session()):
        click.echo(f"{t.period.value:5} {t.start_year}-{t.end_year} {t.indicator} {t.scope}: {t.value:,}")


commands = [targets_group]
