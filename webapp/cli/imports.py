"""vieclam import jobseekers|vacancies|placements FILE [--skip-invalid] [--as EMAIL]."""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from .. import db
from ..services import accounts
from ..services.errors import PermissionDenied
from ..services.imports import import_jobseekers, import_placements, import_vacancies
from ..services.permissions import is_staff
from . import transactional

IMPORTERS = {"jobseekers": import_jobseekers, "vacancies": import_vacancies, "placements": import_placements}


@click.command("import")
@click.argument("what", type=click.Choice(sorted(IMPORTERS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Import the good rows and report the bad ones.")
@click.option("--as", "as_email", help="The staff member running the import (recorded in the audit log).")
@transactional
def import_cmd(what: str, file: Path, skip_invalid: bool, as_email: str | None) -> None:
    """Import a CSV or XLSX file; nothing is imported from a file with bad rows unless --skip-invalid."""
    session = db.get_session()
    actor = None
    if as_email:
        actor = accounts.user_by_email(session, as_email)
        if actor is None or not is_staff(actor):
            raise PermissionDenied(
                _("Imports are run by job-centre staff; %(email)s is not staff.", email=as_email)
            )
    report = IMPORTERS[what](session, actor, file, skip_invalid=skip_invalid)
    for err in report.errors:
        click.echo(f"skipped {err}", err=True)
    for name in report.employers_created:
        click.echo(f"employer created and verified: {name}")
    click.echo(report.summary())


commands = [import_cmd]
