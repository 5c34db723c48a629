"""Public pages: home."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("public", __name__)


@bp.route("/")
def home():  # type: ignore[no-untyped-def]
    return render_template("home.html")
