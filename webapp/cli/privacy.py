"""vieclam privacy purge | rotate-key | new-key | erase | reset-2fa."""

from __future__ import annotations

import click
from sqlalchemy import select

from .. import db
from ..models import Jobseeker
from ..services import accounts, crypto
from ..services.errors import NotFound
from ..services.privacy import erasure, retention, twofactor
from . import transactional


@click.group("privacy")
def privacy_group() -> None:
    """Personal data: retention purge, key rotation, erasure."""


@privacy_group.command("purge")
@transactional
def purge() -> None:
    """Apply the retention rules; safe to run any number of times (e.g. nightly from cron)."""
    report = retention.purge(db.get_session())
    for line in report.lines():
        click.echo(line)
    if not report.changed:
        click.echo("Nothing to do.")


@privacy_group.command("new-key")
def new_key() -> None:
    """Print a fresh data key for VIECLAM_DATA_KEY (nothing is changed)."""
    click.echo(crypto.generate_key())


@privacy_group.command("rotate-key")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100_000))
@transactional
def rotate_key(batch: int) -> None:
    """Re-encrypt every national ID under the first key of VIECLAM_DATA_KEY and recompute the hashes.

    Procedure: set VIECLAM_DATA_KEY="NEW,OLD", run this command, then set VIECLAM_DATA_KEY="NEW".
    """
    session = db.get_session()
    done = 0
    last_id = 0
    while True:
        rows = session.scalars(
            select(Jobseeker)
            .where(Jobseeker.national_id_enc.is_not(None), Jobseeker.id > last_id)
            .order_by(Jobseeker.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        # Clear the hashes of the batch first, so the unique index never sees a transient clash.
        pairs = []
        for js in rows:
            pairs.append((js, crypto.rotate_ciphertext(js.national_id_enc or b"")))
            js.national_id_hash = None
        session.flush()
        for js, (ciphertext, digest) in pairs:
            js.national_id_enc = ciphertext
            js.national_id_hash = digest
        session.flush()
        done += len(rows)
        last_id = rows[-1].id
    click.echo(f"national IDs re-encrypted under the current key: {done}")


@privacy_group.command("erase")
@click.option("--jobseeker", "jobseeker_id", required=True, type=int, help="Jobseeker id.")
@click.option("--staff-email", required=True, help="The staff member carrying out the request.")
@transactional
def erase(jobseeker_id: int, staff_email: str) -> None:
    """Erase a jobseeker's personal data (a request made in person, by letter or by phone)."""
    session = db.get_session()
    actor = accounts.user_by_email(session, staff_email)
    if actor is None:
        raise NotFound("No staff account with that e-mail.")
    request = erasure.erase_jobseeker(session, actor, jobseeker_id)
    click.echo(f"erasure request {request.id}: completed at {request.completed_at:%Y-%m-%d %H:%M} UTC")


@privacy_group.command("reset-2fa")
@click.option("--email", required=True)
@transactional
def reset_2fa(email: str) -> None:
    """Forget a staff member's authenticator (lost phone); they enrol again at next log-in."""
    user = accounts.user_by_email(db.get_session(), email)
    if user is None:
        raise NotFound("No account with that e-mail.")
    twofactor.reset_second_factor(db.get_session(), user)
    click.echo(f"two-step verification reset for user {user.id}; all their sessions ended")


commands = [privacy_group]
