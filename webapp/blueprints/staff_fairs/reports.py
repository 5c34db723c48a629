"""Reports on one fair or on all fairs of a period, as a page and as an Excel workbook."""

from __future__ import annotations

import datetime as dt

from flask import Response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import db
from ...services.fairs import report, sessions
from ._common import GROUP_LABELS, bp

REPORT_LABELS = {
    "fairs": _l("Fairs"),
    "employers": _l("Employers"),
    "vacancies": _l("Vacancies"),
    "positions": _l("Positions offered"),
    "registered": _l("Registered"),
    "walk_ins": _l("Of whom walk-ins"),
    "checked_in": _l("Checked in"),
    "interviews_scheduled": _l("Interviews scheduled"),
    "interviews_held": _l("Interviews held"),
    "interviewed": _l("People interviewed"),
    "preselected": _l("Pre-selected"),
    "hired": _l("Hired"),
    "male": _l("Male"),
    "female": _l("Female"),
    **GROUP_LABELS,
}


def _period() -> tuple[dt.date | None, dt.date | None]:
    def parse(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    return parse("from"), parse("to")


def _report(fair_id: int | None) -> report.FairReport:
    session = db.get_session()
    if fair_id is not None:
        return report.fair_report(session, current_user, fair=sessions.get_fair(session, fair_id))
    start, end = _period()
    return report.fair_report(session, current_user, date_from=start, date_to=end)


def _xlsx(rep: report.FairReport, filename: str) -> Response:
    labels = {k: str(v) for k, v in REPORT_LABELS.items()}
    body = report.report_xlsx(rep, labels)
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:fair_id>/report")
def fair_report(fair_id: int):  # type: ignore[no-untyped-def]
    rep = _report(fair_id)
    xlsx = url_for("staff_fairs.fair_report_xlsx", fair_id=fair_id)
    return render_template("fairs/report.html", report=rep, labels=REPORT_LABELS, xlsx_url=xlsx)


@bp.get("/<int:fair_id>/report.xlsx")
def fair_report_xlsx(fair_id: int):  # type: ignore[no-untyped-def]
    return _xlsx(_report(fair_id), f"fair-{fair_id}-report.xlsx")


@bp.get("/report")
def period_report():  # type: ignore[no-untyped-def]
    rep = _report(None)
    xlsx = url_for(
        "staff_fairs.period_report_xlsx", **{k: v for k, v in request.args.items() if k in ("from", "to")}
    )
    return render_template("fairs/report.html", report=rep, labels=REPORT_LABELS, xlsx_url=xlsx, period=True)


@bp.get("/report.xlsx")
def period_report_xlsx():  # type: ignore[no-untyped-def]
    return _xlsx(_report(None), "fairs-report.xlsx")
