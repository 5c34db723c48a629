"""Object-level permission checks, in one place.

Views, the API and the CLI call these instead of writing their own checks, so
"an employer edits only its own vacancies" is decided once.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..models import Application, Employer, Jobseeker, Role, User, Vacancy
from .errors import PermissionDenied


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in (Role.STAFF, Role.ADMIN))


def require_role(user: Any, *roles: Role) -> None:
    if not getattr(user, "is_authenticated", False) or user.role not in roles:
        raise PermissionDenied(_("You do not have permission to do this."))


def can_edit_vacancy(user: Any, vacancy: Vacancy) -> bool:
    if is_staff(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == Role.EMPLOYER
        and user.employer_id is not None
        and user.employer_id == vacancy.employer_id
    )


def require_edit_vacancy(user: Any, vacancy: Vacancy) -> None:
    if not can_edit_vacancy(user, vacancy):
        raise PermissionDenied(_("Only the employer who posted this vacancy can change it."))


def can_edit_employer(user: Any, employer: Employer) -> bool:
    return is_staff(user) or bool(
        getattr(user, "is_authenticated", False) and user.employer_id == employer.id
    )


def can_view_application(user: Any, application: Application) -> bool:
    if is_staff(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.JOBSEEKER:
        return application.jobseeker.user_id == user.id
    if user.role == Role.EMPLOYER:
        return user.employer_id is not None and application.vacancy.employer_id == user.employer_id
    return False


def require_view_application(user: Any, application: Application) -> None:
    if not can_view_application(user, application):
        raise PermissionDenied(_("You cannot see this application."))


def can_manage_application(user: Any, application: Application) -> bool:
    """Moving an application through the pipeline: the vacancy's employer or staff."""
    return can_edit_vacancy(user, application.vacancy)


def owns_profile(user: Any, jobseeker: Jobseeker) -> bool:
    return bool(getattr(user, "is_authenticated", False) and jobseeker.user_id == user.id)


def employer_has_application_from(session: Session, employer_id: int, jobseeker_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Application.jobseeker_id == jobseeker_id,
                    Application.vacancy_id == Vacancy.id,
                    Vacancy.employer_id == employer_id,
                )
            )
        )
    )


def can_view_profile(session: Session, user: Any, jobseeker: Jobseeker) -> bool:
    """The profile without contact details: owner, staff, or an employer if consented or applied."""
    if owns_profile(user, jobseeker) or is_staff(user):
        return True
    if getattr(user, "is_authenticated", False) and user.role == Role.EMPLOYER and user.employer_id:
        return jobseeker.searchable or employer_has_application_from(session, user.employer_id, jobseeker.id)
    return False


def can_view_contact(session: Session, user: Any, jobseeker: Jobseeker) -> bool:
    """Phone, address, national ID: owner, staff, or an employer the person applied to."""
    if owns_profile(user, jobseeker) or is_staff(user):
        return True
    if getattr(user, "is_authenticated", False) and user.role == Role.EMPLOYER and user.employer_id:
        return employer_has_application_from(session, user.employer_id, jobseeker.id)
    return False


def require_view_profile(session: Session, user: Any, jobseeker: Jobseeker) -> None:
    if not can_view_profile(session, user, jobseeker):
        raise PermissionDenied(_("You cannot see this profile."))


def is_user(user: Any) -> bool:
    return isinstance(user, User)
