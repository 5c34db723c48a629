"""vieclam vacancies expire: close vacancies whose deadline has passed."""

from __future__ import annotations

import datetime as dt

import click

from .. import db
from ..services import vacancies
from . import transactional


@click.group("vacancies")
def vacancies_group() -> None:
    """Vacancies and overseas orders."""


@vacancies_group.command("expire")
@click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Defaults to today."
)
@transactional
def expire(day: dt.datetime | None) -> None:
    """Close every open vacancy whose application deadline has passed (run daily)."""
    n = vacancies.expire_vacancies(db.get_session(), day.date() if day else None)
    click.echo(f"Closed {n} vacancies past their deadline.")


commands = [vacancies_group]
