"""Personal data protection: consent, access and portability, erasure, retention, access audit.

``init_app`` runs in create_app(): it installs the log redaction and, in
production, refuses to start without an explicit data key.
"""

from __future__ import annotations

from flask import Flask

from ..crypto import data_keys
from . import logredact


def init_app(app: Flask) -> None:
    logredact.install()
    if app.config.get("ENV") == "production":
        data_keys(app.config)  # raises DataKeyError with what to set
