"""Configuration from environment variables, with safe defaults for the embedded profile."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEFAULT_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - refused in production
ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The configuration cannot run: the message says what to set."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    env = os.environ
    instance = Path(env.get("VIECLAM_INSTANCE", ROOT / "instance"))
    cfg: dict[str, Any] = {
        "ENV": env.get("VIECLAM_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY", DEFAULT_SECRET),
        "DATABASE_URL": env.get("DATABASE_URL", f"sqlite:///{instance / 'vieclam.db'}"),
        "ELASTICSEARCH_URL": env.get("ELASTICSEARCH_URL") or None,
        "ELASTICSEARCH_INDEX_PREFIX": env.get("ELASTICSEARCH_INDEX_PREFIX", "vieclam"),
        "INSTANCE_PATH": str(instance),
        # Key for encrypting national IDs (Fernet, urlsafe base64 32 bytes); derived from
        # SECRET_KEY when unset, which is acceptable only outside production.
        "DATA_KEY": env.get("VIECLAM_DATA_KEY") or None,
        "RANKER_PATH": env.get("VIECLAM_RANKER_PATH", str(instance / "ranker.joblib")),
        "RANKER_MIN_OUTCOMES": int(env.get("VIECLAM_RANKER_MIN_OUTCOMES", "200")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_RATE_LIMIT_ACCOUNT": env.get("VIECLAM_LOGIN_LIMIT_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_RATE_LIMIT_ADDRESS": env.get("VIECLAM_LOGIN_LIMIT_ADDRESS", "30 per 15 minutes"),
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_SENDER": env.get("MAIL_SENDER", "vieclam@localhost"),
        "MAIL_ENABLED": _bool(env.get("MAIL_ENABLED"), False),
        "RETENTION_REJECTED_DAYS": int(env.get("VIECLAM_RETENTION_REJECTED_DAYS", "180")),
        "INACTIVE_PROFILE_DAYS": int(env.get("VIECLAM_INACTIVE_PROFILE_DAYS", "365")),
        "RENEWAL_GRACE_DAYS": int(env.get("VIECLAM_RENEWAL_GRACE_DAYS", "30")),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    }
    if overrides:
        cfg.update(overrides)
    production = cfg["ENV"] == "production"
    cfg.setdefault("SESSION_COOKIE_SECURE", production)
    cfg.setdefault("REMEMBER_COOKIE_SECURE", production)
    validate(cfg)
    return cfg


def validate(cfg: dict[str, Any]) -> None:
    if cfg["ENV"] == "production" and cfg["SECRET_KEY"] == DEFAULT_SECRET:
        raise ConfigError(
            "Refusing to start in production with the default SECRET_KEY. "
            "Set SECRET_KEY to a long random value (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'`)."
        )
    url = str(cfg["DATABASE_URL"])
    if url.startswith("postgres") and not cfg["ELASTICSEARCH_URL"]:
        raise ConfigError(
            "DATABASE_URL points at PostgreSQL but ELASTICSEARCH_URL is not set. The scale profile "
            "needs Elasticsearch for search; set ELASTICSEARCH_URL, or unset DATABASE_URL to run "
            "the embedded SQLite profile."
        )
    if url.startswith("postgres://"):
        cfg["DATABASE_URL"] = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        cfg["DATABASE_URL"] = "postgresql+psycopg://" + url[len("postgresql://") :]


def search_backend_name(cfg: dict[str, Any]) -> str:
    return "elasticsearch" if cfg.get("ELASTICSEARCH_URL") else "sqlite"
