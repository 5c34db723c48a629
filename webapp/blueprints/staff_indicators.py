"""Staff pages: the indicators dashboard (charts with their tables and Excel exports) and targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from .. import db
from ..models import Role
from ..services import permissions
from ..services.errors import ServiceError
from ..services.indicators import compute_report, period_for
from ..services.indicators_export import report_xlsx, table_xlsx
from ..services.targets import list_targets, set_target

bp = Blueprint("staff_indicators", __name__, url_prefix="/staff")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
@login_required
def _staff_only() -> None:
    permissions.require_role(current_user, Role.STAFF, Role.ADMIN)


def _period_args() -> tuple[int, int | None]:
    year = request.args.get("year", type=int) or dt.date.today().year
    quarter = request.args.get("quarter", type=int)
    if not 2000 <= year <= 2100 or (quarter is not None and quarter not in (1, 2, 3, 4)):
        abort(404)
    return year, quarter


def chart_tables(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each chart's numbers, as shown in the table beside it and in its Excel export."""
    plan_total = (report["plan"] or {}).get("total")
    months = report["monthly"]
    running, rows = 0, []
    for i, m in enumerate(months, start=1):
        running += m["total"]
        plan_line = round(plan_total * i / len(months)) if plan_total else None
        rows.append([m["month"], m["total"], running, plan_line])
    return {
        "monthly": {
            "title": _("Jobs created by month, cumulative, against the plan"),
            "headers": [_("Month"), _("People"), _("Cumulative"), _("Plan (cumulative)")],
            "rows": rows,
        },
        "kinds": {
            "title": _("Domestic and overseas by month"),
            "headers": [_("Month"), _("Domestic"), _("Overseas")],
            "rows": [[m["month"], m["domestic"], m["overseas"]] for m in months],
        },
        "markets": {
            "title": _("Overseas workers by market"),
            "headers": [_("Market"), _("People"), _("Same period last year")],
            "rows": [
                [code if code != "others" else _("Others"), n, report["markets_last_year"].get(code, 0)]
                for code, n in report["markets"].items()
            ],
        },
        "districts": {
            "title": _("Jobs created by district"),
            "headers": [_("District"), _("Domestic"), _("Overseas"), _("Total")],
            "rows": [
                [d["name"], d["domestic"], d["overseas"], d["total"]] for d in report["by_district"].values()
            ],
        },
    }


@bp.route("/indicators")
def dashboard() -> Any:
    year, quarter = _period_args()
    report = compute_report(db.get_session(), period_for(year, quarter))
    tables = chart_tables(report)
    return render_template(
        "indicators/dashboard.html", report=report, tables=tables, year=year, quarter=quarter
    )


@bp.route("/indicators/export/<name>.xlsx")
def export(name: str) -> Response:
    year, quarter = _period_args()
    report = compute_report(db.get_session(), period_for(year, quarter))
    suffix = f"{year}" + (f"-q{quarter}" if quarter else "")
    if name == "report":
        data = report_xlsx(report)
    else:
        tables = chart_tables(report)
        if name not in tables:
            abort(404)
        t = tables[name]
        data = table_xlsx(f"{t['title']} ({suffix})", t["headers"], t["rows"])
    return Response(
        data,
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="indicators-{name}-{suffix}.xlsx"'},
    )


class TargetForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[("year", _l("Yearly plan")), ("term", _l("Term target"))])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(2000, 2100)])
    term = StringField(_l("Term (e.g. 2021-2025)"), validators=[Optional()])
    scope = StringField(
        _l("Scope (total, domestic, overseas or district:<code>)"),
        default="total",
        validators=[InputRequired()],
    )
    value = IntegerField(_l("Number of people"), validators=[InputRequired(), NumberRange(min=0)])


@bp.route("/targets", methods=["GET", "POST"])
def targets() -> Any:
    session = db.get_session()
    form = TargetForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                set_target(
                    session,
                    current_user,
                    indicator="jobs_created",
                    scope=(form.scope.data or "").strip(),
                    value=int(form.value.data or 0),
                    year=form.year.data if form.kind.data == "year" else None,
                    term=(form.term.data or "").strip() if form.kind.data == "term" else None,
                )
            except ServiceError as err:
                for field, message in err.field_errors.items():
                    target_field = getattr(form, field, None) or form.scope
                    target_field.errors = [*target_field.errors, message]
                if not err.field_errors:
                    form.scope.errors = [err.message]
                status = 422
            else:
                flash(_("Target saved."), "success")
                return redirect(url_for("staff_indicators.targets"))
        else:
            status = 422
    return render_template("indicators/targets.html", form=form, targets=list_targets(session)), status
