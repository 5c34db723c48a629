"""vieclam users create | token | disable."""

from __future__ import annotations

import click

from .. import db
from ..services import accounts
from ..services.errors import NotFound
from . import transactional


@click.group("users")
def users_group() -> None:
    """User accounts."""


@users_group.command("create")
@click.option("--role", required=True, type=click.Choice(["jobseeker", "employer", "staff", "admin"]))
@click.option("--email", required=True)
@click.option("--password", required=True, help="At least 10 characters, not a common password.")
@click.option("--name", "display_name", default="")
@transactional
def create(role: str, email: str, password: str, display_name: str) -> None:
    """Create a user account."""
    user = accounts.create_user(
        db.get_session(), email=email, password=password, role=role, display_name=display_name
    )
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@users_group.command("token")
@click.option("--email", required=True)
@click.option("--days", default=365, show_default=True, type=click.IntRange(1, 3650))
@transactional
def token(email: str, days: int) -> None:
    """Print a new bearer token for the API (shown once)."""
    user = accounts.user_by_email(db.get_session(), email)
    if user is None:
        raise NotFound(f"No user with e-mail {email!r}. Create it with `vieclam users create`.")
    click.echo(accounts.issue_token(db.get_session(), user, days=days))


@users_group.command("disable")
@click.option("--email", required=True)
@transactional
def disable(email: str) -> None:
    """Disable an account and end all its sessions."""
    user = accounts.user_by_email(db.get_session(), email)
    if user is None:
        raise NotFound(f"No user with e-mail {email!r}.")
    accounts.set_active(db.get_session(), user, False)
    click.echo(f"Disabled {email}; all its sessions have ended.")


commands = [users_group]
