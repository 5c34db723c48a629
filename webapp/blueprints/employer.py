"""Employer and agency pages under /employer: company, vacancies and orders, applicants, candidates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import db
from ..models import Employer, Role
from ..services import applications, employers, permissions, profiles, vacancies
from ..services.errors import ServiceError
from .web_forms import ActionForm, CompanyForm, StatusForm, VacancyForm, apply_errors

bp = Blueprint("employer", __name__, url_prefix="/employer")


@bp.before_request
@login_required
def _employers_only() -> None:
    permissions.require_role(current_user, Role.EMPLOYER)


def _company() -> Employer | None:
    return db.get_session().get(Employer, current_user.employer_id) if current_user.employer_id else None


@bp.route("")
def dashboard():  # type: ignore[no-untyped-def]
    company = _company()
    rows = vacancies.vacancies_of_employer(db.get_session(), current_user, company.id) if company else []
    today = dt.date.today()
    return render_template(
        "employer/dashboard.html",
        company=company,
        rows=[(v, vacancies.hidden_reason(v, today)) for v in rows],
        badge=vacancies.licence_badge(company, today) if company else ("", ""),
        licence_state=employers.licence_state(company, today) if company else "none",
        action_form=ActionForm(),
    )


def _company_values(form: CompanyForm) -> employers.EmployerValues:
    data: dict[str, Any] = {
        name: getattr(form, name).data or "" for name in employers.EmployerValues.__dataclass_fields__
    }
    data["licence_expires"] = form.licence_expires.data
    data["district_code"] = form.district_code.data or None
    return employers.EmployerValues(**data)


@bp.route("/company", methods=["GET", "POST"])
def company():  # type: ignore[no-untyped-def]
    session = db.get_session()
    existing = _company()
    form = CompanyForm()
    form.fill_choices(session)
    if request.method == "GET" and existing is not None:
        values = employers.EmployerValues.from_employer(existing)
        for name in values.__dataclass_fields__:
            getattr(form, name).data = getattr(values, name)
    if form.validate_on_submit():
        try:
            if existing is None:
                employers.register_employer(session, current_user, _company_values(form))
                flash(
                    _(
                        "Your company is registered. The Employment Service Centre will verify it; until then your vacancies are not public."
                    ),
                    "success",
                )
            else:
                employers.update_employer(session, current_user, existing.id, _company_values(form))
                flash(_("Company details saved."), "success")
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
            return render_template("employer/company.html", form=form, existing=existing), err.status
        return redirect(url_for("employer.dashboard"))
    status = 422 if request.method == "POST" else 200
    return render_template("employer/company.html", form=form, existing=existing), status


def _vacancy_values(form: VacancyForm) -> vacancies.VacancyValues:
    data: dict[str, Any] = {}
    for name in vacancies.VacancyValues.__dataclass_fields__:
        field = getattr(form, name, None)
        if field is None:
            continue
        value = field.data
        data[name] = None if value == "" and name.endswith(("_code", "_required", "education")) else value
    for text in (
        "title",
        "description",
        "work_address",
        "currency",
        "required_certificate",
        "employer_abroad",
        "benefits",
    ):
        data[text] = data.get(text) or ""
    return vacancies.VacancyValues(**data)


def _vacancy_page(form: VacancyForm, vacancy: Any = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "employer/vacancy_form.html", form=form, vacancy=vacancy, company=_company()
    ), status


@bp.route("/vacancies/new", methods=["GET", "POST"])
def new_vacancy():  # type: ignore[no-untyped-def]
    session = db.get_session()
    if _company() is None:
        flash(_("Register your company before posting vacancies."), "warning")
        return redirect(url_for("employer.company"))
    form = VacancyForm()
    form.fill_choices(session)
    if request.method == "GET":
        form.deadline.data = dt.date.today() + dt.timedelta(days=30)
        if request.args.get("kind") == "overseas":
            form.kind.data = "overseas"
    if form.validate_on_submit():
        publish = request.form.get("action", "publish") != "draft"
        try:
            vacancy = vacancies.create_vacancy(session, current_user, _vacancy_values(form), publish=publish)
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
            return _vacancy_page(form, status=err.status)
        flash(_("The vacancy has been saved."), "success")
        return redirect(url_for("vacancy_pages.detail", vacancy_id=vacancy.id))
    return _vacancy_page(form, status=422 if request.method == "POST" else 200)


@bp.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
def edit_vacancy(vacancy_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    vacancy = vacancies.get_vacancy(session, vacancy_id)
    permissions.require_edit_vacancy(current_user, vacancy)
    form = VacancyForm()
    form.fill_choices(session)
    if request.method == "GET":
        values = vacancies.VacancyValues.from_vacancy(vacancy)
        for name in values.__dataclass_fields__:
            if hasattr(form, name):
                getattr(form, name).data = getattr(values, name)
    if form.validate_on_submit():
        try:
            vacancies.update_vacancy(session, current_user, vacancy_id, _vacancy_values(form))
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
            return _vacancy_page(form, vacancies.get_vacancy(db.get_session(), vacancy_id), err.status)
        flash(_("The vacancy has been updated."), "success")
        return redirect(url_for("employer.dashboard"))
    return _vacancy_page(form, vacancy, 422 if request.method == "POST" else 200)


def _action(fn: Any, vacancy_id: int, message: str, to: str = "employer.dashboard", **kw: Any):  # type: ignore[no-untyped-def]
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("error.html", code=422, message=_("The form was not sent correctly.")), 422
    result = fn(db.get_session(), current_user, vacancy_id)
    flash(message, "success")
    if to == "employer.edit_vacancy":
        return redirect(url_for(to, vacancy_id=result.id))
    return redirect(url_for(to))


@bp.route("/vacancies/<int:vacancy_id>/close", methods=["POST"])
def close_vacancy(vacancy_id: int):  # type: ignore[no-untyped-def]
    return _action(vacancies.close_vacancy, vacancy_id, _("The vacancy is closed."))


@bp.route("/vacancies/<int:vacancy_id>/copy", methods=["POST"])
def copy_vacancy(vacancy_id: int):  # type: ignore[no-untyped-def]
    return _action(
        vacancies.copy_vacancy,
        vacancy_id,
        _("A draft copy has been made. Check it and publish it."),
        to="employer.edit_vacancy",
    )


@bp.route("/vacancies/<int:vacancy_id>/publish", methods=["POST"])
def publish_vacancy(vacancy_id: int):  # type: ignore[no-untyped-def]
    return _action(vacancies.publish_vacancy, vacancy_id, _("The vacancy has been published."))


def _recommended(vacancy_id: int) -> Any:
    try:
        from ..services import matching
    except ImportError:  # pragma: no cover
        return None
    try:
        return matching.candidates_for_vacancy(db.get_session(), current_user, vacancy_id, k=5)
    except ServiceError:
        return None


@bp.route("/vacancies/<int:vacancy_id>/applicants")
def applicants(vacancy_id: int):  # type: ignore[no-untyped-def]
    vacancy, apps = applications.applications_for_vacancy(db.get_session(), current_user, vacancy_id)
    return render_template(
        "employer/applicants.html",
        vacancy=vacancy,
        applications=apps,
        recommendations=_recommended(vacancy_id),
    )


def _status_form(application: Any) -> StatusForm:
    form = StatusForm()
    labels = {
        "shortlisted": _("Shortlisted"),
        "interviewed": _("Interviewed"),
        "offered": _("Offered"),
        "hired": _("Hired"),
        "rejected": _("Rejected"),
    }
    form.status.choices = [(s.value, labels[s.value]) for s in applications.allowed_next(application.status)]
    form.reason.choices = [("", _("— choose —"))] + list(applications.REJECT_REASONS.items())
    return form


def _application_page(application: Any, form: StatusForm, status: int = 200):  # type: ignore[no-untyped-def]
    view = profiles.profile_view(db.get_session(), current_user, application.jobseeker_id)
    return (
        render_template(
            "employer/application.html",
            application=application,
            profile=view,
            form=form,
            reasons=applications.REJECT_REASONS,
        ),
        status,
    )


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
def application(application_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    app_row = applications.application_for_view(session, current_user, application_id)
    form = _status_form(app_row)
    if request.method == "GET":
        return _application_page(app_row, form)
    if not form.validate_on_submit():
        return _application_page(app_row, form, 422)
    try:
        applications.change_status(
            session,
            current_user,
            application_id,
            form.status.data or "",
            reason=form.reason.data or None,
            note=form.note.data or "",
            placed_on=form.placed_on.data,
        )
    except ServiceError as err:
        db.rollback()
        apply_errors(form, err)
        app_row = applications.application_for_view(db.get_session(), current_user, application_id)
        return _application_page(app_row, form, err.status)
    flash(_("The application has been updated."), "success")
    return redirect(url_for("employer.application", application_id=application_id))


@bp.route("/candidates/<int:jobseeker_id>")
def candidate(jobseeker_id: int):  # type: ignore[no-untyped-def]
    view = profiles.profile_view(db.get_session(), current_user, jobseeker_id)
    return render_template("employer/candidate.html", profile=view)
