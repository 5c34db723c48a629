"""Public vacancy pages: the detail (with schema.org JobPosting JSON-LD), apply, save, report."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import db
from ..models import Application, Role, Vacancy
from ..models.web import SavedVacancy
from ..services import applications, reports, vacancies
from ..services.errors import ServiceError
from ..services.profiles import own_profile
from .web_forms import ActionForm, ApplyForm, ReportForm, apply_errors, safe_next

bp = Blueprint("vacancy_pages", __name__)


def _json_ld_text(data: dict[str, Any]) -> str:
    """JSON that is safe inside a <script> element: <, > and & are escaped as \\u sequences."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def job_posting(vacancy: Vacancy) -> dict[str, Any]:
    """schema.org JobPosting for search engines."""
    employer = vacancy.employer
    if vacancy.is_overseas:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": vacancy.country_code}
    else:
        address = {
            "@type": "PostalAddress",
            "addressCountry": "VN",
            "addressRegion": vacancy.district.province if vacancy.district else "Hà Tĩnh",
        }
        if vacancy.district:
            address["addressLocality"] = vacancy.district.name
        if vacancy.work_address:
            address["streetAddress"] = vacancy.work_address
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description or vacancy.title,
        "datePosted": vacancy.posted_at.date().isoformat(),
        "validThrough": f"{vacancy.deadline.isoformat()}T23:59:59+07:00",
        "employmentType": "TEMPORARY" if vacancy.is_overseas else "FULL_TIME",
        "hiringOrganization": {"@type": "Organization", "name": employer.name},
        "jobLocation": {"@type": "Place", "address": address},
        "totalJobOpenings": vacancy.quantity,
        "identifier": {"@type": "PropertyValue", "name": "ViecLam", "value": str(vacancy.id)},
        "url": url_for("vacancy_pages.detail", vacancy_id=vacancy.id, _external=True),
    }
    if employer.website:
        data["hiringOrganization"]["sameAs"] = employer.website
    if vacancy.salary_min is not None or vacancy.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if vacancy.salary_min is not None:
            value["minValue"] = vacancy.salary_min
        if vacancy.salary_max is not None:
            value["maxValue"] = vacancy.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": vacancy.currency, "value": value}
    if vacancy.occupation is not None:
        data["occupationalCategory"] = vacancy.occupation.isco_code
    return data


def _report_form() -> ReportForm:
    form = ReportForm()
    form.reason.choices = [(k, v) for k, v in reports.REASON_LABELS.items()]
    return form


def _render_detail(vacancy: Vacancy, *, apply_form: ApplyForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    session = db.get_session()
    today = dt.date.today()
    hidden = vacancies.hidden_reason(vacancy, today)
    badge = vacancies.licence_badge(vacancy.employer, today)
    saved = applied = False
    problem = None
    profile = None
    if current_user.is_authenticated:
        saved = (
            session.scalar(
                select(SavedVacancy.id).where(
                    SavedVacancy.user_id == current_user.id, SavedVacancy.vacancy_id == vacancy.id
                )
            )
            is not None
        )
        if current_user.role == Role.JOBSEEKER:
            profile = own_profile(session, current_user)
            if profile is not None:
                applied = (
                    session.scalar(
                        select(Application.id).where(
                            Application.jobseeker_id == profile.id, Application.vacancy_id == vacancy.id
                        )
                    )
                    is not None
                )
                problem = applications.eligibility_problem(profile, vacancy, today)
    ld = _json_ld_text(job_posting(vacancy)) if hidden is None else None
    return (
        render_template(
            "vacancy_pages/detail.html",
            vacancy=vacancy,
            hidden=hidden,
            badge=badge,
            saved=saved,
            applied=applied,
            problem=problem,
            profile=profile,
            apply_form=apply_form or ApplyForm(),
            action_form=ActionForm(),
            json_ld=ld,
            fee_cap=(vacancy.programme.rules or {}).get("max_fee_vnd") if vacancy.programme else None,
        ),
        status,
    )


@bp.route("/vacancies/<int:vacancy_id>")
def detail(vacancy_id: int):  # type: ignore[no-untyped-def]
    vacancy = vacancies.get_vacancy_for_view(db.get_session(), current_user, vacancy_id)
    return _render_detail(vacancy)


@bp.route("/vacancies/<int:vacancy_id>/apply", methods=["POST"])
@login_required
def apply(vacancy_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    form = ApplyForm()
    vacancy = vacancies.get_vacancy_for_view(session, current_user, vacancy_id)
    if not form.validate_on_submit():
        return _render_detail(vacancy, apply_form=form, status=422)
    try:
        applications.apply(session, current_user, vacancy_id, form.cover_note.data or "")
    except ServiceError as err:
        db.rollback()
        if err.field_errors.get("profile"):
            flash(err.message, "warning")
            return redirect(url_for("jobseeker.profile", next=request.path))
        apply_errors(form, err)
        return _render_detail(
            vacancies.get_vacancy(db.get_session(), vacancy_id), apply_form=form, status=err.status
        )
    flash(_("Your application has been sent. You can follow it on your page."), "success")
    return redirect(url_for("jobseeker.applications"))


@bp.route("/vacancies/<int:vacancy_id>/save", methods=["POST"])
@login_required
def save(vacancy_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    form = ActionForm()
    vacancy = vacancies.get_vacancy_for_view(session, current_user, vacancy_id)
    if not form.validate_on_submit():
        return _render_detail(vacancy, status=422)
    exists = session.scalar(
        select(SavedVacancy).where(
            SavedVacancy.user_id == current_user.id, SavedVacancy.vacancy_id == vacancy.id
        )
    )
    if exists is None:
        session.add(SavedVacancy(user_id=current_user.id, vacancy_id=vacancy.id))
        session.flush()
    flash(_("Saved. You will find it under “Saved vacancies”."), "success")
    return redirect(url_for("vacancy_pages.detail", vacancy_id=vacancy.id))


@bp.route("/vacancies/<int:vacancy_id>/unsave", methods=["POST"])
@login_required
def unsave(vacancy_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("error.html", code=422, message=_("The form was not sent correctly.")), 422
    row = session.scalar(
        select(SavedVacancy).where(
            SavedVacancy.user_id == current_user.id, SavedVacancy.vacancy_id == vacancy_id
        )
    )
    if row is not None:
        session.delete(row)
        session.flush()
    flash(_("Removed from your saved vacancies."), "info")
    return redirect(safe_next(request.form.get("next")) or url_for("jobseeker.saved"))


@bp.route("/vacancies/<int:vacancy_id>/report", methods=["GET", "POST"])
def report(vacancy_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    vacancy = vacancies.get_vacancy_for_view(session, current_user, vacancy_id)
    form = _report_form()
    if form.validate_on_submit():
        try:
            reports.report_posting(
                session, current_user, vacancy_id, form.reason.data or "", form.details.data or ""
            )
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
            return render_template("vacancy_pages/report.html", form=form, vacancy=vacancy), err.status
        flash(_("Thank you. The Employment Service Centre will look into this posting."), "success")
        return redirect(url_for("public.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("vacancy_pages/report.html", form=form, vacancy=vacancy), status
