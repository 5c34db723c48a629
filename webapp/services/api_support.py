"""Operations the JSON API needs on profiles, vacancies and applications.

Plain functions ``(session, actor, values)`` that validate, write and flush;
permission checks go through ``permissions``. They exist here because the API
was built before the page services; where a page service covers the same
operation, the API calls that instead (see webapp/blueprints/api_core.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from search.text import fold

from ..models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Country,
    District,
    Education,
    Employer,
    Jobseeker,
    JobseekerLanguage,
    Occupation,
    OverseasProgramme,
    Placement,
    PlacementKind,
    PlacementSource,
    Role,
    Sex,
    Skill,
    Vacancy,
    VacancyKind,
    VacancyStatus,
    utcnow,
)
from ..models.enums import Channel
from . import permissions
from .errors import Conflict, NotFound, PermissionDenied, ValidationError

REJECT_REASONS: dict[str, Any] = {
    "not_qualified": _l("Does not meet the requirements"),
    "position_filled": _l("The position has been filled"),
    "no_show": _l("Did not come to the interview"),
    "failed_test": _l("Did not pass the test or interview"),
    "withdrew_offer": _l("Declined the offer"),
    "other": _l("Other reason"),
}

# Who may move an application where. Employers move it forward or reject it;
# the jobseeker may only withdraw; a decided application stays decided.
EMPLOYER_MOVES: dict[ApplicationStatus, set[ApplicationStatus]] = {
    ApplicationStatus.APPLIED: {
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.INTERVIEWED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.HIRED,
        ApplicationStatus.REJECTED,
    },
    ApplicationStatus.SHORTLISTED: {
        ApplicationStatus.INTERVIEWED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.HIRED,
        ApplicationStatus.REJECTED,
    },
    ApplicationStatus.INTERVIEWED: {
        ApplicationStatus.OFFERED,
        ApplicationStatus.HIRED,
        ApplicationStatus.REJECTED,
    },
    ApplicationStatus.OFFERED: {ApplicationStatus.HIRED, ApplicationStatus.REJECTED},
}
OPEN_STATES = set(EMPLOYER_MOVES)


def today() -> dt.date:
    return dt.date.today()


# ------------------------------------------------------------------ profiles


def own_profile(session: Session, actor: Any) -> Jobseeker | None:
    permissions.require_role(actor, Role.JOBSEEKER)
    return session.scalar(select(Jobseeker).where(Jobseeker.user_id == actor.id))


def require_own_profile(session: Session, actor: Any) -> Jobseeker:
    profile = own_profile(session, actor)
    if profile is None:
        raise NotFound(_("You have no profile yet. Fill in your profile first (PATCH /api/v1/me/profile)."))
    return profile


def get_profile(session: Session, actor: Any, jobseeker_id: int) -> Jobseeker:
    js = session.get(Jobseeker, jobseeker_id)
    if js is None or js.status == "erased" or not permissions.can_view_profile(session, actor, js):
        # The same answer whether the profile is missing or hidden: ids reveal nothing.
        raise NotFound(_("There is no profile with this number that you can see."))
    return js


def _by_code(session: Session, model: Any, column: Any, code: str | None, field: str, what: str) -> Any:
    if code is None:
        return None
    row = session.scalar(select(model).where(column == code))
    if row is None:
        raise ValidationError(
            _("Unknown %(what)s code %(code)s.", what=what, code=code), {field: _("Unknown code.")}
        )
    return row


REQUIRED_FOR_NEW = ("full_name", "sex", "birth_date", "district", "education")


def update_own_profile(session: Session, actor: Any, values: dict[str, Any]) -> Jobseeker:
    """Create the actor's profile on the first call (all of REQUIRED_FOR_NEW needed), update it later."""
    from .privacy.rules import check_min_age

    profile = own_profile(session, actor)
    if profile is None:
        missing = [f for f in REQUIRED_FOR_NEW if values.get(f) in (None, "")]
        if missing:
            raise ValidationError(
                _("To create your profile, also give: %(fields)s.", fields=", ".join(missing)),
                {f: _("Required.") for f in missing},
            )
    if "birth_date" in values:
        bd = values["birth_date"]
        if bd is None or bd >= today() or bd.year < 1900:
            raise ValidationError(_("Enter a real birth date."), {"birth_date": _("Not a valid birth date.")})
        try:
            check_min_age(bd)
        except ValidationError as err:
            raise ValidationError(err.message, {"birth_date": err.message}) from None
    for key in ("full_name", "sex", "district", "education"):
        if key in values and values[key] in (None, ""):
            raise ValidationError(_("This field cannot be empty."), {key: _("Required.")})
    district = _by_code(session, District, District.code, values.get("district"), "district", _("district"))
    occupation = _by_code(
        session, Occupation, Occupation.isco_code, values.get("occupation"), "occupation", _("occupation")
    )
    countries = values.get("preferred_countries")
    if countries:
        countries = [c.upper() for c in countries]
        known = set(session.scalars(select(Country.code).where(Country.code.in_(countries))))
        unknown = [c for c in countries if c not in known]
        if unknown:
            raise ValidationError(
                _("Unknown country code %(code)s.", code=", ".join(unknown)),
                {"preferred_countries": _("Unknown code.")},
            )
        values["preferred_countries"] = list(dict.fromkeys(countries))
    email = values.get("email")
    if email:
        from .accounts import normalise_email

        values["email"] = normalise_email(email)

    if profile is None:
        profile = Jobseeker(
            user_id=actor.id,
            full_name=values["full_name"].strip(),
            sex=Sex(values["sex"]),
            birth_date=values["birth_date"],
            district_id=district.id,
            education=Education(values["education"]),
            email=actor.email,
        )
        session.add(profile)
    simple = (
        "phone",
        "email",
        "address",
        "commune",
        "vocational_training",
        "desired_title",
        "summary",
        "experience_years",
        "desired_salary_vnd",
        "willing_overseas",
        "preferred_countries",
        "priority_groups",
        "searchable",
        "birth_date",
    )
    for key in simple:
        if key in values:
            value = values[key]
            setattr(profile, key, value.strip() if isinstance(value, str) else value)
    if "full_name" in values:
        profile.full_name = values["full_name"].strip()
    if "sex" in values:
        profile.sex = Sex(values["sex"])
    if "education" in values:
        profile.education = Education(values["education"])
    if district is not None:
        profile.district_id = district.id
    if "occupation" in values:
        profile.occupation_id = occupation.id if occupation else None
    if values.get("national_id"):
        from .crypto import encrypt_national_id, national_id_hash, normalise_national_id

        number = normalise_national_id(values["national_id"])
        digest = national_id_hash(number)
        other = session.scalar(
            select(Jobseeker.id).where(Jobseeker.national_id_hash == digest, Jobseeker.id != profile.id)
        )
        if other is not None:
            raise Conflict(
                _("This national ID is already on another profile. Ask the job centre to merge them."),
                {"national_id": _("Already registered.")},
            )
        profile.national_id_enc, profile.national_id_hash = encrypt_national_id(number)
    if "skills" in values:
        profile.skills = _skills(session, values["skills"])
    if "languages" in values:
        seen: set[tuple[str, str]] = set()
        profile.languages.clear()
        session.flush()
        for item in values["languages"]:
            lang = (str(item["code"]).lower(), str(item.get("test", "")).strip())
            if lang in seen:
                raise ValidationError(
                    _("Each language and test may appear once."), {"languages": _("Repeated entry.")}
                )
            seen.add(lang)
            profile.languages.append(
                JobseekerLanguage(code=lang[0], test=lang[1], level=str(item.get("level", "")).strip())
            )
    profile.profile_updated_at = utcnow()
    session.flush()
    return profile


def _skills(session: Session, names: list[str]) -> list[Skill]:
    result: dict[str, Skill] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        folded = fold(name)
        skill = session.scalar(select(Skill).where(Skill.name_folded == folded)) or session.scalar(
            select(Skill).where(Skill.name == name)
        )
        if skill is None:
            skill = Skill(name=name, name_folded=folded)
            session.add(skill)
            session.flush()
        result[skill.name] = skill
    return list(result.values())


# ------------------------------------------------------------------ vacancies


def is_public(vacancy: Vacancy, day: dt.date | None = None) -> bool:
    """Listed for everyone: open, before its deadline, from a verified employer, and for
    overseas orders from an agency whose licence is valid."""
    day = day or today()
    employer = vacancy.employer
    if not (vacancy.is_open_on(day) and employer.is_verified):
        return False
    return not vacancy.is_overseas or employer.licence_valid_on(day)


def get_vacancy(session: Session, actor: Any, vacancy_id: int) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or not (is_public(vacancy) or permissions.can_edit_vacancy(actor, vacancy)):
        raise NotFound(_("There is no open vacancy with this number. It may have closed."))
    return vacancy


def _actor_employer(session: Session, actor: Any) -> Employer:
    permissions.require_role(actor, Role.EMPLOYER)
    employer = session.get(Employer, actor.employer_id) if actor.employer_id else None
    if employer is None:
        raise PermissionDenied(_("Register your company first; then you can post vacancies."))
    return employer


def create_vacancy(session: Session, actor: Any, values: dict[str, Any]) -> Vacancy:
    employer = _actor_employer(session, actor)
    vacancy = Vacancy(employer_id=employer.id, employer=employer, kind=VacancyKind(values.pop("kind")))
    vacancy.status = VacancyStatus(values.pop("status", VacancyStatus.OPEN.value))
    _apply_vacancy(session, vacancy, values, new=True)
    session.add(vacancy)
    session.flush()
    return vacancy


def update_vacancy(session: Session, actor: Any, vacancy_id: int, values: dict[str, Any]) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or not (is_public(vacancy) or permissions.can_edit_vacancy(actor, vacancy)):
        raise NotFound(_("There is no open vacancy with this number. It may have closed."))
    permissions.require_edit_vacancy(actor, vacancy)
    if "status" in values:
        vacancy.status = VacancyStatus(values.pop("status"))
    _apply_vacancy(session, vacancy, values, new=False)
    session.flush()
    return vacancy


_PLAIN_VACANCY_FIELDS = (
    "title",
    "description",
    "work_address",
    "quantity",
    "salary_min",
    "salary_max",
    "deadline",
    "min_age",
    "max_age",
    "min_experience_years",
    "language_requirement",
    "required_certificate",
    "employer_abroad",
    "contract_months",
    "fee_vnd",
    "deposit_vnd",
    "departure_date",
    "benefits",
)


def _apply_vacancy(session: Session, vacancy: Vacancy, values: dict[str, Any], *, new: bool) -> None:
    for key in _PLAIN_VACANCY_FIELDS:
        if key in values:
            value = values[key]
            setattr(vacancy, key, value.strip() if isinstance(value, str) else value)
    if "currency" in values:
        vacancy.currency = values["currency"].upper()
    if "sex_required" in values:
        vacancy.sex_required = Sex(values["sex_required"]) if values["sex_required"] else None
    if "min_education" in values:
        vacancy.min_education = Education(values["min_education"]) if values["min_education"] else None
    if "district" in values:
        d = _by_code(session, District, District.code, values["district"], "district", _("district"))
        vacancy.district_id = d.id if d else None
    if "occupation" in values:
        o = _by_code(
            session, Occupation, Occupation.isco_code, values["occupation"], "occupation", _("occupation")
        )
        vacancy.occupation_id = o.id if o else None
    if "country" in values:
        code = values["country"].upper() if values["country"] else None
        _by_code(session, Country, Country.code, code, "country", _("country"))
        vacancy.country_code = code
    programme = None
    if "programme" in values:
        programme = _by_code(
            session,
            OverseasProgramme,
            OverseasProgramme.code,
            values["programme"],
            "programme",
            _("programme"),
        )
        vacancy.programme_id = programme.id if programme else None
    elif vacancy.programme_id:
        programme = session.get(OverseasProgramme, vacancy.programme_id)
    check_vacancy(session, vacancy, programme, new=new)


def check_vacancy(session: Session, v: Vacancy, programme: OverseasProgramme | None, *, new: bool) -> None:
    """The rules every vacancy must meet, with messages that say how to fix them."""
    employer = v.employer or session.get(Employer, v.employer_id)
    assert employer is not None  # the foreign key guarantees it
    if v.quantity is None:
        v.quantity = 1
    if v.salary_min is not None and v.salary_max is not None and v.salary_min > v.salary_max:
        raise ValidationError(
            _("The lowest salary is above the highest salary."),
            {"salary_min": _("Must not exceed the maximum.")},
        )
    if v.min_age is not None and v.max_age is not None and v.min_age > v.max_age:
        raise ValidationError(
            _("The minimum age is above the maximum age."), {"min_age": _("Must not exceed the maximum.")}
        )
    if v.deadline is None:
        raise ValidationError(_("Give an application deadline."), {"deadline": _("Required.")})
    if (new or v.status == VacancyStatus.OPEN) and v.deadline < today():
        raise ValidationError(
            _("The application deadline is in the past."), {"deadline": _("Choose today or a later date.")}
        )
    if v.deadline > today() + dt.timedelta(days=366):
        raise ValidationError(
            _("The application deadline may be at most one year ahead."), {"deadline": _("Too far ahead.")}
        )
    if v.kind == VacancyKind.OVERSEAS:
        if not employer.is_agency:
            raise PermissionDenied(_("Only licensed overseas recruitment agencies may post overseas orders."))
        if not v.country_code:
            raise ValidationError(
                _("An overseas order needs the destination country."), {"country": _("Required.")}
            )
        if v.country_code == "VN":
            raise ValidationError(
                _("An overseas order cannot be in Viet Nam."), {"country": _("Choose another country.")}
            )
        if programme is not None and programme.country_code and programme.country_code != v.country_code:
            raise ValidationError(
                _("The programme %(p)s is for another country.", p=programme.code),
                {"programme": _("Wrong country.")},
            )
        if v.departure_date is not None and v.departure_date < v.deadline:
            raise ValidationError(
                _("The departure date must come after the application deadline."),
                {"departure_date": _("Before the deadline.")},
            )
    else:
        if v.country_code not in (None, "VN"):
            raise ValidationError(
                _("A domestic vacancy cannot have a foreign country; post it as an overseas order."),
                {"country": _("Not allowed for domestic vacancies.")},
            )
        v.country_code = None
        if programme is not None:
            raise ValidationError(
                _("Overseas programmes apply only to overseas orders."), {"programme": _("Not allowed here.")}
            )
    if programme is not None:
        rules = programme.rules or {}
        cap = rules.get("max_fee_vnd")
        if cap is not None and v.fee_vnd is not None and v.fee_vnd > cap:
            raise ValidationError(
                _(
                    "The service fee is above the cap of %(cap)s VND set for the programme %(p)s.",
                    cap=f"{int(cap):,}".replace(",", "."),
                    p=programme.code,
                ),
                {"fee_vnd": _("Above the cap of %(cap)s VND.", cap=f"{int(cap):,}".replace(",", "."))},
            )
        lo, hi = rules.get("min_age"), rules.get("max_age")
        if lo is not None and v.min_age is not None and v.min_age < lo:
            raise ValidationError(
                _("The programme %(p)s accepts people aged %(lo)d or more.", p=programme.code, lo=lo),
                {"min_age": _("Too low for the programme.")},
            )
        if hi is not None and v.max_age is not None and v.max_age > hi:
            raise ValidationError(
                _("The programme %(p)s accepts people aged up to %(hi)d.", p=programme.code, hi=hi),
                {"max_age": _("Too high for the programme.")},
            )


# ------------------------------------------------------------------ applications


def apply(session: Session, actor: Any, vacancy_id: int, cover_note: str = "") -> Application:
    profile = require_own_profile(session, actor)
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or not is_public(vacancy):
        raise NotFound(_("There is no open vacancy with this number. It may have closed."))
    existing = session.scalar(
        select(Application).where(
            Application.jobseeker_id == profile.id, Application.vacancy_id == vacancy.id
        )
    )
    if existing is not None:
        raise Conflict(_("You have already applied for this vacancy."))
    application = Application(jobseeker=profile, vacancy=vacancy, cover_note=cover_note.strip())
    application.events.append(ApplicationEvent(to_status=ApplicationStatus.APPLIED, actor_id=actor.id))
    session.add(application)
    session.flush()
    return application


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
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in first."))
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


def get_application(session: Session, actor: Any, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None or not permissions.can_view_application(actor, application):
        raise NotFound(_("There is no application with this number that you can see."))
    return application


def move_application(
    session: Session, actor: Any, application_id: int, status: str, reason: str | None = None, note: str = ""
) -> Application:
    application = get_application(session, actor, application_id)
    target = ApplicationStatus(status)
    current = application.status
    if target == ApplicationStatus.WITHDRAWN:
        if not permissions.owns_profile(actor, application.jobseeker):
            raise PermissionDenied(_("Only the applicant can withdraw an application."))
        if current not in OPEN_STATES:
            raise Conflict(_("This application has already been decided and cannot be withdrawn."))
    else:
        if not permissions.can_manage_application(actor, application):
            raise PermissionDenied(_("Only the employer who posted the vacancy can change the status."))
        if target not in EMPLOYER_MOVES.get(current, set()):
            raise Conflict(
                _(
                    "An application that is %(current)s cannot be moved to %(target)s.",
                    current=current.value,
                    target=target.value,
                ),
                {"status": _("Not allowed from the current status.")},
            )
        if target == ApplicationStatus.REJECTED and reason not in REJECT_REASONS:
            raise ValidationError(
                _("Choose the reason for the rejection; the applicant will see it."),
                {"reason": _("Required when rejecting.")},
            )
    application.status = target
    if target in (ApplicationStatus.HIRED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        application.decided_at = utcnow()
    application.reject_reason = reason if target == ApplicationStatus.REJECTED else None
    application.events.append(
        ApplicationEvent(
            from_status=current,
            to_status=target,
            actor_id=actor.id,
            reason=application.reject_reason,
            note=(note or "").strip(),
        )
    )
    if target == ApplicationStatus.HIRED:
        record_hire(session, actor, application)
    session.flush()
    return application


def _age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    for upper, band in ((24, "15-24"), (34, "25-34"), (44, "35-44"), (54, "45-54")):
        if age <= upper:
            return band
    return "55+"


def record_hire(session: Session, actor: Any, application: Application) -> Placement:
    """The placement that feeds the indicators; a person hired twice by one employer on one day counts once."""
    js, vacancy = application.jobseeker, application.vacancy
    employer = vacancy.employer
    day = today()
    key = f"js:{js.id}"
    employer_key = fold(employer.name)
    existing = session.scalar(
        select(Placement).where(
            Placement.person_key == key, Placement.employer_key == employer_key, Placement.placed_on == day
        )
    )
    if existing is not None:
        return existing
    placement = Placement(
        person_key=key,
        jobseeker_id=js.id,
        kind=PlacementKind.OVERSEAS if vacancy.is_overseas else PlacementKind.DOMESTIC,
        country_code=vacancy.country_code if vacancy.is_overseas else None,
        employer_id=employer.id,
        employer_name=employer.name,
        employer_key=employer_key,
        occupation_code=vacancy.occupation.isco_code if vacancy.occupation else None,
        district_id=js.district_id,
        sex=js.sex,
        birth_year=js.birth_date.year if js.birth_date else None,
        age_band=_age_band(js.age_on(day) if js.birth_date else None),
        priority_group=js.priority_groups[0] if js.priority_groups else None,
        placed_on=day,
        channel=Channel.AGENCY if vacancy.is_overseas else Channel.ONLINE,
        source=PlacementSource.APPLICATION,
        source_ref=f"application:{application.id}",
        vacancy_id=vacancy.id,
        recorded_by_id=actor.id,
    )
    session.add(placement)
    session.flush()
    return placement
