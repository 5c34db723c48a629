"""vieclam alerts send: e-mail saved-search alerts through the configured SMTP server."""

from __future__ import annotations

import click
from flask import current_app

from .. import db
from ..models import utcnow
from ..services import alerts
from . import transactional


@click.group("alerts")
def alerts_group() -> None:
    """Saved-search alerts."""


@alerts_group.command("send")
@transactional
def send() -> None:
    """Find new vacancies for saved searches and e-mail them (run every few minutes)."""
    cfg = current_app.config
    n = alerts.send_due_alerts(db.get_session(), utcnow())
    if not cfg.get("MAIL_ENABLED"):
        click.echo("Alerts recorded in the app; e-mail is off (set MAIL_ENABLED=1 to send).")
    else:
        click.echo(f"Sent {n} alert e-mails via {cfg['MAIL_SERVER']}:{cfg['MAIL_PORT']}.")


commands = [alerts_group]
