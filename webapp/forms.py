"""Shared form helpers."""

from __future__ import annotations

from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    """All forms carry a CSRF token (Flask-WTF)."""
