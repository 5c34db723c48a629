"""Reports on postings ("report this posting"): a safety valve against scams and illegal fees.

Anyone, logged in or not, may report; reports land in the staff queue. Staff
uphold a report (the vacancy is closed at once) or dismiss it, with a note.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditLog, Role, Vacancy, VacancyStatus, utcnow
from ..models.web import PostingReport, ReportReason, ReportStatus
from . import permissions
from .errors import NotFound, ValidationError

__all__ = ["REASON_LABELS", "open_reports", "report_posting", "resolve_report"]

REASON_LABELS: dict[str, Any] = {
    ReportReason.SCAM.value: _l("Suspected scam or human trafficking"),
    ReportReason.FEE_PERSONAL_ACCOUNT.value: _l("A fee or deposit was demanded into a personal account"),
    ReportReason.FEE_ABOVE_CAP.value: _l("The fees are higher than the law allows"),
    ReportReason.UNLICENSED.value: _l("The recruiter has no licence"),
    ReportReason.MISLEADING.value: _l("The job is not as described"),
    ReportReason.DISCRIMINATION.value: _l("Discriminatory requirements"),
    ReportReason.OTHER.value: _l("Something else"),
}


def report_posting(
    session: Session, actor: Any, vacancy_id: int, reason: str, details: str = ""
) -> PostingReport:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound(_("There is no vacancy with this number."))
    errors: dict[str, str] = {}
    try:
        reason_v = ReportReason(reason or "")
    except ValueError:
        errors["reason"] = _("Choose what is wrong with this posting.")
    details = (details or "").strip()
    if len(details) > 3000:
        errors["details"] = _("Please keep the details under 3000 characters.")
    elif not details and reason in (ReportReason.OTHER.value, ReportReason.MISLEADING.value):
        errors["details"] = _("Tell us what is wrong.")
    if errors:
        raise ValidationError(_("The report could not be sent."), errors)
    report = PostingReport(
        vacancy_id=vacancy.id,
        reporter_id=actor.id if getattr(actor, "is_authenticated", False) else None,
        reason=reason_v,
        details=details,
    )
    session.add(report)
    session.flush()
    return report


def open_reports(session: Session, actor: Any) -> list[PostingReport]:
    permissions.require_role(actor, Role.STAFF, Role.ADMIN)
    return list(
        session.scalars(
            select(PostingReport)
            .where(PostingReport.status == ReportStatus.OPEN)
            .order_by(PostingReport.created_at, PostingReport.id)
        )
    )


def count_open(session: Session) -> int:
    return session.scalar(select(func.count()).where(PostingReport.status == ReportStatus.OPEN)) or 0


def resolve_report(
    session: Session, actor: Any, report_id: int, decision: str, note: str = ""
) -> PostingReport:
    permissions.require_role(actor, Role.STAFF, Role.ADMIN)
    report = session.get(PostingReport, report_id)
    if report is None:
        raise NotFound(_("There is no report with this number."))
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("This report has already been dealt with."))
    note = (note or "").strip()
    if decision not in ("uphold", "dismiss"):
        raise ValidationError(_("Choose uphold or dismiss."), {"decision": _("Choose a decision.")})
    if not note:
        raise ValidationError(_("Write a short note on what you found."), {"note": _("Enter a note.")})
    report.status = ReportStatus.UPHELD if decision == "uphold" else ReportStatus.DISMISSED
    report.resolved_by_id = actor.id
    report.resolved_at = utcnow()
    report.resolution_note = note[:3000]
    if decision == "uphold" and report.vacancy.status == VacancyStatus.OPEN:
        report.vacancy.status = VacancyStatus.CLOSED
    session.add(
        AuditLog(
            actor_id=actor.id,
            action=f"report.{decision}",
            object_type="vacancy",
            object_id=str(report.vacancy_id),
            detail={"report": report.id, "reason": report.reason.value},
        )
    )
    session.flush()
    return report
