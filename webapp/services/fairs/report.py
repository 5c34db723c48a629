"""The fair report: per fair or per period, with breakdowns by district, sex and target group."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...models import (
    FairEmployer,
    FairRegistration,
    FairVacancy,
    Interview,
    InterviewOutcome,
    JobFair,
    Jobseeker,
    Role,
)
from ..permissions import require_role

__all__ = ["FairReport", "fair_report", "report_xlsx"]

HELD = {
    InterviewOutcome.INTERVIEWED,
    InterviewOutcome.PRESELECTED,
    InterviewOutcome.HIRED,
    InterviewOutcome.NOT_SUITABLE,
}
MEASURES = ("registered", "checked_in", "interviewed", "preselected", "hired")


@dataclass
class FairReport:
    title: str
    date_from: dt.date | None
    date_to: dt.date | None
    fairs: list[JobFair]
    employers: int = 0
    vacancies: int = 0
    positions: int = 0
    registered: int = 0
    walk_ins: int = 0
    checked_in: int = 0
    interviews_scheduled: int = 0
    interviews_held: int = 0
    interviewed: int = 0  # people
    preselected: int = 0
    hired: int = 0
    by_district: dict[str, Counter[str]] = field(default_factory=dict)
    by_sex: dict[str, Counter[str]] = field(default_factory=dict)
    by_group: dict[str, Counter[str]] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        return {
            "fairs": len(self.fairs),
            "employers": self.employers,
            "vacancies": self.vacancies,
            "positions": self.positions,
            "registered": self.registered,
            "walk_ins": self.walk_ins,
            "checked_in": self.checked_in,
            "interviews_scheduled": self.interviews_scheduled,
            "interviews_held": self.interviews_held,
            "interviewed": self.interviewed,
            "preselected": self.preselected,
            "hired": self.hired,
        }


def fair_report(
    session: Session,
    actor: Any,
    *,
    fair: JobFair | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> FairReport:
    require_role(actor, Role.STAFF, Role.ADMIN)
    if fair is not None:
        fairs = [fair]
        title = fair.name
    else:
        q = select(JobFair).order_by(JobFair.held_on, JobFair.id)
        if date_from:
            q = q.where(JobFair.held_on >= date_from)
        if date_to:
            q = q.where(JobFair.held_on <= date_to)
        fairs = list(session.scalars(q))
        title = _("Job fairs %(start)s – %(end)s", start=date_from or "…", end=date_to or "…")
    report = FairReport(title, date_from, date_to, fairs)
    ids = [f.id for f in fairs]
    if not ids:
        return report

    booths = session.scalars(
        select(FairEmployer)
        .where(FairEmployer.fair_id.in_(ids), FairEmployer.status == "confirmed")
        .options(selectinload(FairEmployer.vacancies).selectinload(FairVacancy.vacancy))
    ).all()
    report.employers = len({b.employer_id for b in booths})
    vacancies = {fv.vacancy.id: fv.vacancy for b in booths for fv in b.vacancies}
    report.vacancies = len(vacancies)
    report.positions = sum(v.quantity for v in vacancies.values())

    regs = session.scalars(
        select(FairRegistration)
        .where(FairRegistration.fair_id.in_(ids))
        .options(selectinload(FairRegistration.jobseeker).selectinload(Jobseeker.district))
    ).all()
    interviews = session.scalars(select(Interview).where(Interview.fair_id.in_(ids))).all()
    outcomes: dict[int, set[InterviewOutcome]] = {}
    for iv in interviews:
        outcomes.setdefault(iv.registration_id, set()).add(iv.outcome)
    report.interviews_scheduled = len(interviews)
    report.interviews_held = sum(1 for iv in interviews if iv.outcome in HELD)

    for reg in regs:
        js = reg.jobseeker
        got = outcomes.get(reg.id, set())
        flags = {
            "registered": True,
            "checked_in": reg.checked_in_at is not None,
            "interviewed": bool(got & HELD),
            "preselected": InterviewOutcome.PRESELECTED in got,
            "hired": InterviewOutcome.HIRED in got,
        }
        report.registered += 1
        report.walk_ins += int(reg.walk_in)
        report.checked_in += int(flags["checked_in"])
        report.interviewed += int(flags["interviewed"])
        report.preselected += int(flags["preselected"])
        report.hired += int(flags["hired"])
        groups = js.priority_groups or ["none"]
        keys = [
            (report.by_district, js.district.name),
            (report.by_sex, js.sex.value),
        ] + [(report.by_group, g) for g in groups]
        for table, key in keys:
            counter = table.setdefault(key, Counter())
            for m in MEASURES:
                counter[m] += int(flags[m])
    report.by_district = dict(sorted(report.by_district.items()))
    return report


def report_xlsx(report: FairReport, labels: dict[str, str]) -> bytes:
    """The report as an Excel workbook: a summary sheet and one sheet per breakdown."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for key, value in report.summary().items():
        ws.append([labels.get(key, key), value])
    ws.append([])
    ws.append([labels.get("fair", "Fair"), labels.get("date", "Date"), labels.get("venue", "Venue")])
    for f in report.fairs:
        ws.append([f.name, f.held_on.isoformat(), f.venue])
    ws.column_dimensions["A"].width = 40
    for name, table in (
        ("District", report.by_district),
        ("Sex", report.by_sex),
        ("Target group", report.by_group),
    ):
        sheet = wb.create_sheet(name)
        sheet.append([labels.get(name, name)] + [labels.get(m, m) for m in MEASURES])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for key, counter in table.items():
            sheet.append([labels.get(key, key)] + [counter[m] for m in MEASURES])
        sheet.column_dimensions["A"].width = 28
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
