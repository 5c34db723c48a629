"""What the JSON API needs beyond the page services: PATCH semantics and cross-role lists.

The rules themselves (validation, visibility, the application pipeline, hires
becoming placements) live in profiles, vacancies and applications; these
functions only translate API input (partial updates, API field names) into
those services' values and back, so the API and the pages cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Application, ApplicationStatus, Jobseeker, Role, Vacancy, VacancyStatus
from . import applications, permissions, profiles, vacancies
from .errors import NotFound, PermissionDenied, ServiceError, ValidationError

REJECT_REASONS = applications.REJECT_REASONS

# API field name -> service field name, where they differ.
PROFILE_FIELDS = {"district": "district_code", "occupation": "occupation_code"}
VACANCY_FIELDS = {
    "district": "district_code",
    "country": "country_code",
    "programme": "programme_code",
    "occupation": "occupation_code",
}


def _renamed_errors(err: ServiceError, names: dict[str, str]) -> ServiceError:
    """The service's field errors under the API's field names."""
    back = {service: api for api, service in names.items()}
    back.update({"language_code": "language_requirement", "language_test": "language_requirement"})
    back["language_level"] = "language_requirement"
    err.field_errors = {back.get(k, k): v for k, v in err.field_errors.items()}
    return err


# ------------------------------------------------------------------ profiles


def require_own_profile(session: Session, actor: Any) -> Jobseeker:
    permissions.require_role(actor, Role.JOBSEEKER)
    profile = profiles.own_profile(session, actor)
    if profile is None:
        raise NotFound(_("You have no profile yet. Fill in your profile first (PATCH /api/v1/me/profile)."))
    return profile


def view_profile(session: Session, actor: Any, jobseeker_id: int) -> tuple[Jobseeker, bool]:
    """The profile and whether the actor may see its contact details (the view is audited)."""
    view = profiles.profile_view(session, actor, jobseeker_id)
    return profiles.get_profile(session, jobseeker_id), bool(view["contact_visible"])


def patch_own_profile(session: Session, actor: Any, changes: dict[str, Any]) -> Jobseeker:
    """Apply only the fields given; the first call creates the profile (the service says what is missing)."""
    permissions.require_role(actor, Role.JOBSEEKER)
    existing = profiles.own_profile(session, actor)
    base = profiles.ProfileValues.from_jobseeker(existing) if existing else profiles.ProfileValues()
    updates: dict[str, Any] = {}
    for key, value in changes.items():
        name = PROFILE_FIELDS.get(key, key)
        if key == "languages":
            value = [profiles.LanguageValue(v["code"], v.get("test", ""), v.get("level", "")) for v in value]
        elif key == "national_id" or key in (
            "phone",
            "email",
            "address",
            "commune",
            "vocational_training",
            "desired_title",
            "summary",
        ):
            value = value or ""
        updates[name] = value
    try:
        return profiles.save_profile(session, actor, dataclasses.replace(base, **updates))
    except ServiceError as err:
        raise _renamed_errors(err, PROFILE_FIELDS) from None


# ------------------------------------------------------------------ vacancies


def _vacancy_values(base: vacancies.VacancyValues, changes: dict[str, Any]) -> vacancies.VacancyValues:
    updates: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "language_requirement":
            value = value or {}
            updates.update(
                language_code=value.get("code"),
                language_test=value.get("test"),
                language_level=value.get("level"),
            )
            continue
        if key in ("description", "work_address", "required_certificate", "employer_abroad", "benefits"):
            value = value or ""
        updates[VACANCY_FIELDS.get(key, key)] = value
    return dataclasses.replace(base, **updates)


def create_vacancy(session: Session, actor: Any, values: dict[str, Any]) -> Vacancy:
    status = values.pop("status", VacancyStatus.OPEN.value)
    if status == VacancyStatus.CLOSED.value:
        raise ValidationError(
            _("A new vacancy is either a draft or open."), {"status": _("Choose draft or open.")}
        )
    try:
        return vacancies.create_vacancy(
            session,
            actor,
            _vacancy_values(vacancies.VacancyValues(), values),
            publish=status == VacancyStatus.OPEN.value,
        )
    except ServiceError as err:
        raise _renamed_errors(err, VACANCY_FIELDS) from None


def update_vacancy(session: Session, actor: Any, vacancy_id: int, values: dict[str, Any]) -> Vacancy:
    """Change fields, then move the status if asked: open publishes a draft, closed closes it."""
    vacancy = vacancies.get_vacancy_for_view(session, actor, vacancy_id)
    permissions.require_edit_vacancy(actor, vacancy)
    status = values.pop("status", None)
    try:
        if values:
            base = vacancies.VacancyValues.from_vacancy(vacancy)
            vacancy = vacancies.update_vacancy(session, actor, vacancy_id, _vacancy_values(base, values))
    except ServiceError as err:
        raise _renamed_errors(err, VACANCY_FIELDS) from None
    if status is None or status == vacancy.status.value:
        return vacancy
    if status == VacancyStatus.OPEN.value:
        return vacancies.publish_vacancy(session, actor, vacancy_id)
    if status == VacancyStatus.CLOSED.value:
        return vacancies.close_vacancy(session, actor, vacancy_id)
    raise ValidationError(
        _("A published vacancy cannot go back to draft; close it or copy it instead."),
        {"status": _("Not allowed from the current status.")},
    )


# ------------------------------------------------------------------ applications


def get_application(session: Session, actor: Any, application_id: int) -> Application:
    """NotFound for applications the actor may not see, so ids reveal nothing."""
    application = session.get(Application, application_id)
    if application is None or not permissions.can_view_application(actor, application):
        raise NotFound(_("There is no application with this number that you can see."))
    return application


def move_application(
    session: Session, actor: Any, application_id: int, status: str, reason: str | None = None, note: str = ""
) -> Application:
    get_application(session, actor, application_id)
    if status == ApplicationStatus.WITHDRAWN.value:
        return applications.withdraw(session, actor, application_id)
    return applications.change_status(session, actor, application_id, status, reason=reason, note=note)


def visible_applications(
    session: Session,
    actor: Any,
    *,
    vacancy_id: int | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> tuple[int, list[Application]]:
    """Jobseekers see their own applications, employers those to their vacancies, staff all."""
    query = select(Application).join(Vacancy, Application.vacancy_id == Vacancy.id)
    if actor.role == Role.JOBSEEKER:
        query = query.join(Jobseeker, Application.jobseeker_id == Jobseeker.id).where(
            Jobseeker.user_id == actor.id
        )
    elif actor.role == Role.EMPLOYER:
        query = query.where(Vacancy.employer_id == (actor.employer_id or -1))
    elif not permissions.is_staff(actor):
        raise PermissionDenied(_("You do not have permission to do this."))
    if vacancy_id is not None:
        query = query.where(Application.vacancy_id == vacancy_id)
    if status is not None:
        query = query.where(Application.status == ApplicationStatus(status))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Application.applied_at.desc(), Application.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return total, list(rows)
