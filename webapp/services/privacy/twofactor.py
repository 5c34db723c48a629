"""Two-factor login for staff and administrators: TOTP (RFC 6238) with one-time recovery codes."""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...models import RecoveryCode, User, utcnow

__all__ = [
    "ISSUER",
    "RECOVERY_CODE_COUNT",
    "enrol",
    "new_secret",
    "provisioning_qr_svg",
    "requires_second_factor",
    "verify_second_factor",
]

ISSUER = "ViecLam"
RECOVERY_CODE_COUNT = 10
_STEP = 30


def requires_second_factor(user: User) -> bool:
    return user.is_staff


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_qr_svg(user: User, secret: str) -> str:
    """A data: URI with the QR code an authenticator app scans (allowed by the CSP's img-src)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return str(segno.make(uri, error="m").svg_data_uri(scale=5))


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().replace("-", "").lower().encode()).hexdigest()


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)  # 40 bits each, one use, rate-limited
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, digest=_digest(raw)))
    session.flush()
    return codes


def check_totp(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The accepted time step, or None. One step of clock drift either way; never a step already used."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int((now or time.time()) // _STEP)
    for step in (current, current - 1, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if secrets.compare_digest(totp.at(step * _STEP), code):
            return step
    return None


def enrol(session: Session, user: User, secret: str, code: str) -> list[str] | None:
    """Store the secret once the person proves their app has it; returns the recovery codes (shown once)."""
    step = check_totp(secret, code, None)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    session.flush()
    return _new_recovery_codes(session, user)


def verify_second_factor(session: Session, user: User, code: str) -> str | None:
    """'totp' or 'recovery' when the code is good (a recovery code is then spent), else None."""
    if not user.totp_secret:
        return None
    step = check_totp(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        session.flush()
        return "totp"
    cleaned = (code or "").strip()
    if len(cleaned.replace("-", "")) == 10:
        row = session.scalar(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.digest == _digest(cleaned),
                RecoveryCode.used_at.is_(None),
            )
        )
        if row is not None:
            row.used_at = utcnow()
            session.flush()
            return "recovery"
    return None


def remaining_recovery_codes(session: Session, user: User) -> int:
    return len(
        session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
    )


def reset_second_factor(session: Session, user: User) -> None:
    """An administrator resets a lost authenticator: the person enrols again at next login."""
    user.totp_secret = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.session_version += 1
    session.flush()
