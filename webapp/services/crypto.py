"""National ID at rest: Fernet ciphertext plus a keyed HMAC for look-up and duplicate detection.

The key comes from configuration ``DATA_KEY``: one or more Fernet keys separated
by commas, the first being the current key and the others older keys still
accepted for decryption. Rotation: put the new key first, keep the old one after
it, run ``vieclam privacy rotate-key`` (re-encrypts every row and recomputes the
hashes with the new key), then drop the old key from ``DATA_KEY``.

Outside production ``DATA_KEY`` may be unset: a key is then derived from
``SECRET_KEY`` so development and tests need no extra setting. Production
refuses to run without an explicit key (see ``webapp.config.validate``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from flask_babel import gettext as _

from .errors import ValidationError

__all__ = [
    "DataKeyError",
    "decrypt_national_id",
    "encrypt_national_id",
    "generate_key",
    "national_id_hash",
    "national_id_hash_candidates",
    "normalise_national_id",
]

_NATIONAL_ID = re.compile(r"^(\d{9}|\d{12})$")


class DataKeyError(RuntimeError):
    """The data key is missing or malformed: the message says what to set."""


def generate_key() -> str:
    """A fresh Fernet key (urlsafe base64 of 32 random bytes), for ``VIECLAM_DATA_KEY``."""
    return Fernet.generate_key().decode("ascii")


def _config(config: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return config if config is not None else current_app.config


def data_keys(config: Mapping[str, Any] | None = None) -> list[bytes]:
    """The configured Fernet keys, current first."""
    cfg = _config(config)
    raw = cfg.get("DATA_KEY")
    if not raw:
        if cfg.get("ENV") == "production":
            raise DataKeyError(
                "VIECLAM_DATA_KEY must be set in production (generate one with `vieclam privacy new-key`)."
            )
        digest = hashlib.sha256(b"vieclam-data-key:" + str(cfg["SECRET_KEY"]).encode()).digest()
        return [base64.urlsafe_b64encode(digest)]
    keys = [k.strip().encode("ascii") for k in str(raw).split(",") if k.strip()]
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError) as err:
            raise DataKeyError(
                "VIECLAM_DATA_KEY must be Fernet keys (urlsafe base64 of 32 bytes) separated by commas."
            ) from err
    return keys


def _fernet(config: Mapping[str, Any] | None) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in data_keys(config)])


def _hash_key(key: bytes) -> bytes:
    # A separate key for the HMAC, so the hash never reveals anything about the encryption key.
    return hmac.new(base64.urlsafe_b64decode(key), b"vieclam national id hash v1", hashlib.sha256).digest()


def normalise_national_id(value: str) -> str:
    """Digits only; a citizen ID card has 12 digits, the old identity card 9."""
    cleaned = re.sub(r"[\s.\-]", "", value or "")
    if not _NATIONAL_ID.match(cleaned):
        raise ValidationError(
            _("The national ID must have 12 digits (citizen ID card) or 9 digits (old identity card)."),
            {"national_id": _("Enter 12 or 9 digits.")},
        )
    return cleaned


def national_id_hash(value: str, config: Mapping[str, Any] | None = None) -> str:
    """Keyed hash (HMAC-SHA256, hex) under the current key: the look-up and uniqueness column."""
    number = normalise_national_id(value)
    return hmac.new(_hash_key(data_keys(config)[0]), number.encode(), hashlib.sha256).hexdigest()


def national_id_hash_candidates(value: str, config: Mapping[str, Any] | None = None) -> list[str]:
    """Hashes under every configured key: for look-ups while a key rotation is under way."""
    number = normalise_national_id(value)
    return [hmac.new(_hash_key(k), number.encode(), hashlib.sha256).hexdigest() for k in data_keys(config)]


def encrypt_national_id(value: str, config: Mapping[str, Any] | None = None) -> tuple[bytes, str]:
    """``(ciphertext, hash)`` for ``Jobseeker.national_id_enc`` and ``Jobseeker.national_id_hash``."""
    number = normalise_national_id(value)
    return _fernet(config).encrypt(number.encode()), national_id_hash(number, config)


def decrypt_national_id(ciphertext: bytes | None, config: Mapping[str, Any] | None = None) -> str | None:
    """The clear national ID, or None when none is stored. Raises DataKeyError if no key fits."""
    if not ciphertext:
        return None
    try:
        return _fernet(config).decrypt(bytes(ciphertext)).decode()
    except InvalidToken as err:
        raise DataKeyError(
            "No configured data key decrypts this national ID; is an old key missing?"
        ) from err


def rotate_ciphertext(ciphertext: bytes, config: Mapping[str, Any] | None = None) -> tuple[bytes, str]:
    """Re-encrypt under the current key and recompute the hash: one row of a key rotation."""
    number = decrypt_national_id(ciphertext, config)
    if number is None:
        raise DataKeyError("Nothing to rotate: the ciphertext is empty.")
    return encrypt_national_id(number, config)
