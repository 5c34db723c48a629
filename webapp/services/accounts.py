"""Accounts: registration, passwords, sessions and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ApiToken, Role, User, utcnow
from .errors import Conflict, ValidationError

_hasher = PasswordHasher()  # Argon2id with the library's recommended parameters
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("webapp.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str, email: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            {"password": _("Too short.")},
        )
    lowered = password.lower()
    local = email.split("@")[0].lower()
    if lowered in common_passwords() or (local and local in lowered and len(local) > 3):
        raise ValidationError(
            _("This password is too common or too easy to guess. Choose another one."),
            {"password": _("Too common.")},
        )


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise ValidationError(_("Enter a valid e-mail address."), {"email": _("Invalid e-mail address.")})
    return email


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: Role | str,
    display_name: str = "",
    employer_id: int | None = None,
) -> User:
    email = normalise_email(email)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(
            _(
                "Unknown role %(role)s; use one of: %(roles)s.",
                role=role,
                roles=", ".join(r.value for r in Role),
            )
        ) from None
    check_password_strength(password, email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            _("An account with this e-mail address already exists."), {"email": _("Already registered.")}
        )
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        display_name=display_name.strip(),
        employer_id=employer_id,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user if the e-mail and password match an active account; None otherwise."""
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        _hasher.hash(password or "x")  # same cost whether or not the account exists
        return None
    if not user.active or not verify_password(user, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def end_all_sessions(user: User) -> None:
    """Every session cookie issued before now stops working."""
    user.session_version += 1


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not verify_password(user, current):
        raise ValidationError(_("The current password is wrong."), {"current_password": _("Wrong password.")})
    check_password_strength(new, user.email)
    user.password_hash = hash_password(new)
    end_all_sessions(user)
    session.flush()


def set_active(session: Session, user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_all_sessions(user)
    session.flush()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str = "cli", days: int = 365) -> str:
    """A new bearer token; only its digest is stored, so it is shown once."""
    token = "vl_" + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id, digest=_digest(token), name=name, expires_at=utcnow() + dt.timedelta(days=days)
        )
    )
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.digest == _digest(token)))
    if row is None or row.revoked or (row.expires_at and row.expires_at < utcnow()):
        return None
    user = row.user
    return user if user.active else None


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == (email or "").strip().lower()))
