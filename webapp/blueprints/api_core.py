"""JSON API for profiles, vacancies and applications under /api/v1.

Views parse input (APIFlask schemas), call one service, and shape the answer;
the rules (who may see or change what) live in the services and in
services/permissions.py, the same ones the pages use. Authentication, CSRF and
error shapes are set up in webapp/api_setup.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apiflask import APIBlueprint
from flask import url_for
from flask_babel import get_locale

from .. import db
from ..api_setup import BEARER, protect_api_blueprint, require_login
from ..models import Application, Jobseeker, Vacancy
from ..services import api_support, applications, vacancies
from . import api_schemas as s

bp = protect_api_blueprint(APIBlueprint("api_core", __name__, url_prefix="/api/v1", tag="Core"))

ERR_401 = {401: "Not logged in and no valid token."}
ERR_403 = {403: "Logged in, but this role may not do it."}


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """Stored times are naive UTC; RFC 3339 (and so OpenAPI's date-time) needs the offset."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _name(obj: Any) -> str:
    vi = str(get_locale() or "vi") == "vi"
    return obj.name_vi if vi else obj.name_en


# ------------------------------------------------------------------ shaping


def profile_out(js: Jobseeker, contact: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": js.id,
        "full_name": js.full_name,
        "sex": js.sex.value,
        "birth_year": js.birth_date.year,
        "district": {"code": js.district.code, "name": js.district.name},
        "commune": js.commune,
        "education": js.education.value,
        "vocational_training": js.vocational_training,
        "occupation": {"code": js.occupation.isco_code, "name": _name(js.occupation)}
        if js.occupation
        else None,
        "desired_title": js.desired_title,
        "summary": js.summary,
        "experience_years": js.experience_years,
        "desired_salary_vnd": js.desired_salary_vnd,
        "willing_overseas": js.willing_overseas,
        "preferred_countries": list(js.preferred_countries or []),
        "priority_groups": list(js.priority_groups or []),
        "searchable": js.searchable,
        "skills": sorted(sk.name for sk in js.skills),
        "languages": [{"code": lang.code, "test": lang.test, "level": lang.level} for lang in js.languages],
        "updated_at": _utc(js.profile_updated_at),
        "contact": None,
    }
    if contact:
        national_id = None
        if js.national_id_enc:
            from ..services.crypto import decrypt_national_id

            national_id = decrypt_national_id(js.national_id_enc)
        data["contact"] = {
            "phone": js.phone,
            "email": js.email,
            "address": js.address,
            "birth_date": js.birth_date,
            "national_id": national_id,
        }
    return data


def vacancy_out(v: Vacancy) -> dict[str, Any]:
    e = v.employer
    return {
        "id": v.id,
        "title": v.title,
        "description": v.description,
        "kind": v.kind.value,
        "status": v.status.value,
        "employer": {
            "id": e.id,
            "name": e.name,
            "kind": e.kind.value,
            "verified": e.is_verified,
            "licence_no": e.licence_no,
            "licence_expires": e.licence_expires,
            "licence_valid": e.licence_valid_on(dt.date.today()),
        },
        "district": {"code": v.district.code, "name": v.district.name} if v.district else None,
        "work_address": v.work_address,
        "country": v.country_code,
        "programme": v.programme.code if v.programme else None,
        "occupation": {"code": v.occupation.isco_code, "name": _name(v.occupation)} if v.occupation else None,
        "quantity": v.quantity,
        "salary_min": v.salary_min,
        "salary_max": v.salary_max,
        "currency": v.currency,
        "posted_at": _utc(v.posted_at),
        "deadline": v.deadline,
        "min_age": v.min_age,
        "max_age": v.max_age,
        "sex_required": v.sex_required.value if v.sex_required else None,
        "min_education": v.min_education.value if v.min_education else None,
        "min_experience_years": v.min_experience_years or 0,
        "language_requirement": v.language_requirement,
        "required_certificate": v.required_certificate,
        "employer_abroad": v.employer_abroad,
        "contract_months": v.contract_months,
        "fee_vnd": v.fee_vnd,
        "deposit_vnd": v.deposit_vnd,
        "departure_date": v.departure_date,
        "benefits": v.benefits,
        "url": f"/vacancies/{v.id}",
    }


def application_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.id,
        "status": a.status.value,
        "vacancy": {"id": a.vacancy.id, "title": a.vacancy.title, "employer": a.vacancy.employer.name},
        "jobseeker_id": a.jobseeker_id,
        "jobseeker_name": a.jobseeker.full_name,
        "applied_at": _utc(a.applied_at),
        "decided_at": _utc(a.decided_at),
        "reject_reason": a.reject_reason,
        "cover_note": a.cover_note,
        "events": [
            {
                "from_status": ev.from_status.value if ev.from_status else None,
                "to_status": ev.to_status.value,
                "reason": ev.reason,
                "note": ev.note,
                "at": _utc(ev.at),
            }
            for ev in a.events
        ],
    }


# ------------------------------------------------------------------ profiles


@bp.get("/me/profile")
@bp.output(s.ProfileOut)
@bp.doc(summary="Your own jobseeker profile", responses={**ERR_401, **ERR_403}, security=BEARER)
def get_my_profile() -> Any:
    actor = require_login()
    session = db.get_session()
    return profile_out(api_support.require_own_profile(session, actor), contact=True)


@bp.patch("/me/profile")
@bp.input(s.ProfileIn, arg_name="values")
@bp.output(s.ProfileOut)
@bp.doc(
    summary="Create or update your jobseeker profile",
    description="Send only the fields to change. The first call creates the profile and needs "
    "full_name, sex, birth_date, district and education.",
    responses={**ERR_401, **ERR_403, 409: "The national ID is on another profile."},
    security=BEARER,
)
def patch_my_profile(values: dict[str, Any]) -> Any:
    actor = require_login()
    session = db.get_session()
    return profile_out(api_support.patch_own_profile(session, actor, values), contact=True)


@bp.get("/jobseekers/<int(max=2147483647):jobseeker_id>")
@bp.output(s.ProfileOut)
@bp.doc(
    summary="A jobseeker's profile",
    description="Staff see every profile. Employers see profiles whose owners consented to be found "
    "or applied to them, and contact details only of people who applied to them.",
    responses={**ERR_401, 403: "You may not see this profile."},
    security=BEARER,
)
def get_jobseeker(jobseeker_id: int) -> Any:
    actor = require_login()
    session = db.get_session()
    profile, contact = api_support.view_profile(session, actor, jobseeker_id)
    return profile_out(profile, contact)


# ------------------------------------------------------------------ vacancies


@bp.get("/vacancies/<int(max=2147483647):vacancy_id>")
@bp.output(s.VacancyOut)
@bp.doc(summary="One vacancy or overseas order", description="Public vacancies need no token.")
def get_vacancy(vacancy_id: int) -> Any:
    from flask_login import current_user

    return vacancy_out(vacancies.get_vacancy_for_view(db.get_session(), current_user, vacancy_id))


@bp.post("/vacancies")
@bp.input(s.VacancyIn, arg_name="values")
@bp.output(s.VacancyOut, status_code=201)
@bp.doc(summary="Post a vacancy (employers)", responses={**ERR_401, **ERR_403}, security=BEARER)
def post_vacancy(values: dict[str, Any]) -> Any:
    actor = require_login()
    vacancy = api_support.create_vacancy(db.get_session(), actor, values)
    return vacancy_out(vacancy), 201, {"Location": url_for("api_core.get_vacancy", vacancy_id=vacancy.id)}


@bp.patch("/vacancies/<int(max=2147483647):vacancy_id>")
@bp.input(s.VacancyPatch, arg_name="values")
@bp.output(s.VacancyOut)
@bp.doc(
    summary="Change a vacancy (its employer, or staff)", responses={**ERR_401, **ERR_403}, security=BEARER
)
def patch_vacancy(vacancy_id: int, values: dict[str, Any]) -> Any:
    actor = require_login()
    return vacancy_out(api_support.update_vacancy(db.get_session(), actor, vacancy_id, values))


# ------------------------------------------------------------------ applications


@bp.post("/vacancies/<int(max=2147483647):vacancy_id>/applications")
@bp.input(s.ApplicationIn, arg_name="values")
@bp.output(s.ApplicationOut, status_code=201)
@bp.doc(
    summary="Apply for a vacancy (jobseekers)",
    responses={**ERR_401, **ERR_403, 409: "Already applied.", 422: "No profile yet, or not eligible."},
    security=BEARER,
)
def post_application(vacancy_id: int, values: dict[str, Any]) -> Any:
    actor = require_login()
    application = applications.apply(db.get_session(), actor, vacancy_id, values.get("cover_note", ""))
    return application_out(application), 201


@bp.get("/applications")
@bp.input(s.ApplicationQuery, location="query", arg_name="query")
@bp.output(s.ApplicationList)
@bp.doc(
    summary="Applications you may see",
    description="Jobseekers: their own. Employers: those to their vacancies. Staff: all.",
    responses={**ERR_401, **ERR_403},
    security=BEARER,
)
def list_applications(query: dict[str, Any]) -> Any:
    actor = require_login()
    total, rows = api_support.visible_applications(
        db.get_session(),
        actor,
        vacancy_id=query.get("vacancy_id"),
        status=query.get("status"),
        page=query["page"],
        per_page=query["per_page"],
    )
    return {
        "total": total,
        "page": query["page"],
        "per_page": query["per_page"],
        "items": [application_out(a) for a in rows],
    }


@bp.patch("/applications/<int(max=2147483647):application_id>")
@bp.input(s.ApplicationPatch, arg_name="values")
@bp.output(s.ApplicationOut)
@bp.doc(
    summary="Move an application (employer) or withdraw it (applicant)",
    description="Recording hired creates the placement counted in the employment indicators. "
    "Rejecting needs a reason: " + ", ".join(api_support.REJECT_REASONS) + ".",
    responses={**ERR_401, **ERR_403, 409: "Not allowed from the current status."},
    security=BEARER,
)
def patch_application(application_id: int, values: dict[str, Any]) -> Any:
    actor = require_login()
    application = api_support.move_application(
        db.get_session(),
        actor,
        application_id,
        values["status"],
        values.get("reason"),
        values.get("note", ""),
    )
    return application_out(application)
