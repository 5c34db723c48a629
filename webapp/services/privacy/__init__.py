"""Personal data protection: consent, access and portability, erasure, retention, access audit.

``init_app`` runs in create_app(): it installs the log redaction and, in
production, refuses to start without an explicit data key.
"""

from __future__ import annotations

import logging

from flask import Flask

from ..crypto import data_keys
from . import logredact


def init_app(app: Flask) -> None:
    logredact.install()
    # SQL parameters are personal data: statement logging only when someone asks for it explicitly.
    sql_logger = logging.getLogger("sqlalchemy")
    if sql_logger.level == logging.NOTSET:
        sql_logger.setLevel(logging.WARNING)
    if app.config.get("ENV") == "production":
        data_keys(app.config)  # raises DataKeyError with what to set
