"""Indicators API: the report's table for a period, in the JSON shape of `vieclam indicators --format json`."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Date, Integer
from apiflask.validators import Range
from flask_babel import gettext as _

from .. import db
from ..api_setup import BEARER, protect_api_blueprint, require_login
from ..services.errors import PermissionDenied
from ..services.indicators import COUNTING_RULE, compute_report, period_for
from ..services.permissions import is_staff

bp = protect_api_blueprint(APIBlueprint("api_indicators", __name__, url_prefix="/api/v1", tag="Indicators"))


class IndicatorQuery(Schema):
    year = Integer(validate=Range(2000, 2100), metadata={"description": "Calendar year"})
    quarter = Integer(validate=Range(1, 4))
    month = Integer(validate=Range(1, 12))
    from_ = Date(data_key="from", metadata={"description": "Start of a custom range (ISO date)"})
    to = Date(metadata={"description": "End of a custom range (ISO date)"})


@bp.get("/indicators")
@bp.input(IndicatorQuery, location="query", arg_name="params")
@bp.doc(
    summary="Employment indicators for a period (staff only)",
    description=(
        "Same JSON as `vieclam indicators --format json`: jobs_created {total, domestic, overseas}, "
        "overseas_by_country (ISO alpha-2), markets (top six and others), by_district, by_sex, "
        "by_age_band, by_priority_group, by_channel, monthly, plan, percent_of_plan (1 decimal), "
        "same_period_last_year, percent_of_last_year (2 decimals), term. " + COUNTING_RULE
    ),
    responses={401: "Not logged in and no valid token.", 403: "Not staff.", 422: "Bad period."},
    security=BEARER,
)
def indicators(params: dict[str, Any]) -> Any:
    actor = require_login()
    if not is_staff(actor):
        raise PermissionDenied(_("Only job-centre staff can read the indicators."))
    period = period_for(
        params.get("year"), params.get("quarter"), params.get("month"), params.get("from_"), params.get("to")
    )
    return compute_report(db.get_session(), period)
