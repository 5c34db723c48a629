"""Public labour-market information page: aggregates only, small cells suppressed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from .. import db
from ..navigation import current_locale
from ..services import lmi

bp = Blueprint("lmi", __name__)


@bp.route("/labour-market")
def labour_market() -> Any:
    data = lmi.labour_market(db.get_session(), locale=current_locale())
    return render_template("lmi/labour_market.html", lmi=data)
