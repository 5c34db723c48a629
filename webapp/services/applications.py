"""Applications: apply once per vacancy, withdraw, and the employer's pipeline.

applied → shortlisted → interviewed → offered → hired, or rejected (with a reason
from a fixed list) at any open step. Every change is an ApplicationEvent; "hired"
records the placement that feeds the indicators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    Jobseeker,
    PlacementKind,
    PlacementSource,
    Role,
    Vacancy,
    utcnow,
)
from . import permissions
from .errors import Conflict, NotFound, PermissionDenied, ValidationError
from .placements import record_placement
from .privacy.retention import visible_to_employer
from .privacy.rules import MIN_AGE_OVERSEAS
from .profiles import own_profile
from .visibility import hidden_reason

__all__ = [
    "REJECT_REASONS",
    "apply",
    "applications_for_vacancy",
    "applications_of_jobseeker",
    "change_status",
    "withdraw",
]

S = ApplicationStatus
PIPELINE = [S.APPLIED, S.SHORTLISTED, S.INTERVIEWED, S.OFFERED, S.HIRED]
OPEN_STATUSES = {S.APPLIED, S.SHORTLISTED, S.INTERVIEWED, S.OFFERED}
REJECT_REASONS: dict[str, Any] = {
    "qualifications": _l("Qualifications or training do not match"),
    "experience": _l("Not enough experience"),
    "language": _l("Language level too low"),
    "age": _l("Outside the age range of the order"),
    "health": _l("Did not pass the health check"),
    "no_show": _l("Did not come to the interview"),
    "position_filled": _l("The positions have been filled"),
    "declined_offer": _l("The candidate declined the offer"),
    "other": _l("Other (see the note)"),
}


def get_application(session: Session, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None:
        raise NotFound(_("There is no application with this number."))
    return application


def eligibility_problem(js: Jobseeker, vacancy: Vacancy, day: dt.date) -> str | None:
    """Hard limits an application may not cross; None when the person may apply."""
    age = js.age_on(day)
    if vacancy.is_overseas and age < MIN_AGE_OVERSEAS:
        return _("Overseas orders are open only to people aged 18 or over.")
    if vacancy.min_age is not None and age < vacancy.min_age:
        return _("This vacancy is for people aged %(n)d or over.", n=vacancy.min_age)
    if vacancy.max_age is not None and age > vacancy.max_age:
        return _("This vacancy is for people aged up to %(n)d.", n=vacancy.max_age)
    if vacancy.sex_required is not None and js.sex != vacancy.sex_required:
        return _("This order is open to one sex only, as the programme requires.")
    return None


def apply(
    session: Session, actor: Any, vacancy_id: int, cover_note: str = "", *, day: dt.date | None = None
) -> Application:
    day = day or dt.date.today()
    permissions.require_role(actor, Role.JOBSEEKER)
    js = own_profile(session, actor)
    if js is None:
        raise ValidationError(_("Fill in your profile before applying."), {"profile": _("No profile yet.")})
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound(_("There is no vacancy with this number."))
    reason = hidden_reason(vacancy, day)
    if reason is not None:
        raise ValidationError(reason)
    problem = eligibility_problem(js, vacancy, day)
    if problem:
        raise ValidationError(problem)
    note = (cover_note or "").strip()
    if len(note) > 2000:
        raise ValidationError(
            _("The note is too long (at most 2000 characters)."), {"cover_note": _("Too long.")}
        )
    existing = session.scalar(
        select(Application).where(Application.jobseeker_id == js.id, Application.vacancy_id == vacancy.id)
    )
    if existing is not None:
        raise Conflict(_("You have already applied for this vacancy."))
    application = Application(jobseeker_id=js.id, vacancy_id=vacancy.id, cover_note=note)
    application.events.append(ApplicationEvent(from_status=None, to_status=S.APPLIED, actor_id=actor.id))
    session.add(application)
    session.flush()
    return application


def withdraw(session: Session, actor: Any, application_id: int) -> Application:
    application = get_application(session, application_id)
    if not permissions.owns_profile(actor, application.jobseeker):
        raise PermissionDenied(_("Only the person who applied can withdraw the application."))
    if application.status not in OPEN_STATUSES:
        raise ValidationError(_("This application is already decided and cannot be withdrawn."))
    _move(application, S.WITHDRAWN, actor, None, "")
    session.flush()
    return application


def _move(application: Application, to: ApplicationStatus, actor: Any, reason: str | None, note: str) -> None:
    application.events.append(
        ApplicationEvent(
            from_status=application.status, to_status=to, actor_id=actor.id, reason=reason, note=note
        )
    )
    application.status = to
    if to in (S.HIRED, S.REJECTED, S.WITHDRAWN):
        application.decided_at = utcnow()
    application.reject_reason = reason if to == S.REJECTED else None


def allowed_next(status: ApplicationStatus) -> list[ApplicationStatus]:
    """Forward along the pipeline (steps may be skipped), or rejected while still open."""
    if status not in OPEN_STATUSES:
        return []
    return PIPELINE[PIPELINE.index(status) + 1 :] + [S.REJECTED]


def change_status(
    session: Session,
    actor: Any,
    application_id: int,
    to: str,
    *,
    reason: str | None = None,
    note: str = "",
    placed_on: dt.date | None = None,
) -> Application:
    application = get_application(session, application_id)
    if not permissions.can_manage_application(actor, application):
        raise PermissionDenied(_("Only the employer who posted this vacancy can move its applicants."))
    try:
        target = ApplicationStatus(to)
    except ValueError:
        raise ValidationError(_("Choose a status from the list."), {"status": _("Unknown status.")}) from None
    if target not in allowed_next(application.status):
        raise ValidationError(
            _(
                "An application that is %(current)s cannot be moved to %(target)s.",
                current=application.status.value,
                target=target.value,
            ),
            {"status": _("Not allowed from the current status.")},
        )
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError(_("The note is too long (at most 2000 characters)."), {"note": _("Too long.")})
    if target == S.REJECTED:
        if reason not in REJECT_REASONS:
            raise ValidationError(
                _("Choose the reason for the rejection from the list."), {"reason": _("Choose a reason.")}
            )
        if reason == "other" and not note:
            raise ValidationError(_("Explain the reason in the note."), {"note": _("Enter a note.")})
    else:
        reason = None
    _move(application, target, actor, reason, note)
    session.flush()
    if target == S.HIRED:
        _record_hire(session, actor, application, placed_on or dt.date.today())
    return application


def _record_hire(session: Session, actor: Any, application: Application, placed_on: dt.date) -> None:
    vacancy = application.vacancy
    overseas = vacancy.is_overseas
    record_placement(
        session,
        actor,
        jobseeker=application.jobseeker,
        kind=PlacementKind.OVERSEAS if overseas else PlacementKind.DOMESTIC,
        country_code=vacancy.country_code if overseas else None,
        employer=vacancy.employer,
        occupation_code=vacancy.occupation.isco_code if vacancy.occupation else None,
        # Overseas placements count from the departure date (the indicators' rule), when known.
        placed_on=vacancy.departure_date if overseas and vacancy.departure_date else placed_on,
        channel=Channel.AGENCY if overseas else Channel.ONLINE,
        source=PlacementSource.APPLICATION,
        source_ref=f"application:{application.id}",
        vacancy_id=vacancy.id,
    )


def applications_of_jobseeker(session: Session, actor: Any) -> list[Application]:
    permissions.require_role(actor, Role.JOBSEEKER)
    js = own_profile(session, actor)
    if js is None:
        return []
    return list(
        session.scalars(
            select(Application)
            .where(Application.jobseeker_id == js.id)
            .order_by(Application.applied_at.desc())
        )
    )


def applications_for_vacancy(
    session: Session, actor: Any, vacancy_id: int
) -> tuple[Vacancy, list[Application]]:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound(_("There is no vacancy with this number."))
    permissions.require_edit_vacancy(actor, vacancy)
    query = select(Application).where(Application.vacancy_id == vacancy.id).order_by(Application.applied_at)
    if not permissions.is_staff(actor):
        # Rejected applicants fade from the employer's view after the retention period.
        query = query.where(visible_to_employer())
    return vacancy, list(session.scalars(query))


def application_for_view(session: Session, actor: Any, application_id: int) -> Application:
    application = get_application(session, application_id)
    permissions.require_view_application(actor, application)
    return application
