"""The ``staff_fairs`` blueprint itself: the staff-only guard, labels and form helpers its pages share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from ... import db
from ...forms import BaseForm
from ...models import District
from ...services.errors import ServiceError
from ...services.permissions import is_staff

bp = Blueprint("staff_fairs", __name__, url_prefix="/staff/fairs")

KIND_LABELS = {"fixed": _l("Fixed (job exchange floor)"), "mobile": _l("Mobile"), "thematic": _l("Thematic")}
OUTCOME_LABELS = {
    "scheduled": _l("Scheduled"),
    "interviewed": _l("Interviewed"),
    "preselected": _l("Pre-selected"),
    "hired": _l("Hired on the spot"),
    "not_suitable": _l("Not suitable"),
    "no_show": _l("Did not come"),
}
GROUP_LABELS = {
    "demobilised_soldier": _l("Demobilised soldiers"),
    "disability": _l("People with disabilities"),
    "ethnic_minority": _l("Ethnic minorities"),
    "poor_household": _l("Poor households"),
    "student": _l("Students"),
    "land_loss": _l("People who lost farmland"),
    "returnee": _l("Returned overseas workers"),
    "none": _l("No priority group"),
}


@bp.before_request
@login_required
def _staff_only() -> None:
    # The outcome screen is also open to the booth's own employer; it checks for itself.
    if request.endpoint in ("staff_fairs.outcomes", "staff_fairs.record_outcome"):
        return
    if not is_staff(current_user):
        abort(403)


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"kind_labels": KIND_LABELS, "outcome_labels": OUTCOME_LABELS, "group_labels": GROUP_LABELS}


def district_choices() -> list[tuple[int, str]]:
    return [(d.id, d.name) for d in db.get_session().scalars(select(District).order_by(District.name))]


def apply_errors(form: BaseForm, err: ServiceError) -> None:
    """Field errors next to their fields; a message no field takes is flashed."""
    placed = False
    for name, message in err.field_errors.items():
        if hasattr(form, name):
            getattr(form, name).errors.append(message)
            placed = True
    if not placed:
        flash(err.message, "error")
