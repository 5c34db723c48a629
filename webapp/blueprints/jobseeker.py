"""The jobseeker's own pages under /me: dashboard, profile, applications, saved vacancies, searches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import db
from ..models import Role
from ..models.web import SavedVacancy
from ..services import alerts, applications, permissions, profiles
from ..services.errors import ServiceError
from ..services.visibility import hidden_reason
from .web_forms import ActionForm, ProfileForm, SavedSearchForm, apply_errors, safe_next

bp = Blueprint("jobseeker", __name__, url_prefix="/me")


@bp.before_request
@login_required
def _jobseekers_only() -> None:
    permissions.require_role(current_user, Role.JOBSEEKER)


def recommendations(profile: Any) -> Any:
    """The matching team's recommendations, when the service is present and the profile exists."""
    if profile is None:
        return None
    try:
        from ..services import matching
    except ImportError:  # pragma: no cover - the matching service is optional for these pages
        return None
    try:
        return matching.vacancies_for_jobseeker(db.get_session(), current_user, profile.id, k=5)
    except ServiceError:
        return None


@bp.route("")
def dashboard():  # type: ignore[no-untyped-def]
    session = db.get_session()
    profile = profiles.own_profile(session, current_user)
    apps = applications.applications_of_jobseeker(session, current_user)
    notes = alerts.notifications_for(session, current_user, limit=10)
    return render_template(
        "jobseeker/dashboard.html",
        profile=profile,
        applications=apps[:5],
        notifications=notes,
        recommendations=recommendations(profile),
    )


def _form_to_values(form: ProfileForm) -> profiles.ProfileValues:
    return profiles.ProfileValues(
        full_name=form.full_name.data or "",
        sex=form.sex.data or None,
        birth_date=form.birth_date.data,
        national_id=form.national_id.data or "",
        phone=form.phone.data or "",
        email=form.email.data or "",
        address=form.address.data or "",
        commune=form.commune.data or "",
        district_code=form.district_code.data or None,
        education=form.education.data or None,
        vocational_training=form.vocational_training.data or "",
        occupation_code=form.occupation_code.data or None,
        desired_title=form.desired_title.data or "",
        summary=form.summary.data or "",
        skills=[s for s in (form.skills.data or "").replace(";", ",").split(",")],
        experience_years=form.experience_years.data if form.experience_years.data is not None else 0,
        languages=[
            profiles.LanguageValue(
                e.form.code.data or "",
                e.form.test.data or "",
                e.form.level.data or "",
                e.form.certificate.data or "",
            )
            for e in form.languages.entries
        ],
        desired_salary_vnd=form.desired_salary_vnd.data,
        willing_overseas=bool(form.willing_overseas.data),
        preferred_countries=list(form.preferred_countries.data or []),
        priority_groups=list(form.priority_groups.data or []),
        searchable=bool(form.searchable.data),
    )


def _fill_from_profile(form: ProfileForm, values: profiles.ProfileValues) -> None:
    for name in (
        "full_name",
        "sex",
        "birth_date",
        "phone",
        "email",
        "address",
        "commune",
        "district_code",
        "education",
        "vocational_training",
        "occupation_code",
        "desired_title",
        "summary",
        "experience_years",
        "desired_salary_vnd",
        "willing_overseas",
        "preferred_countries",
        "priority_groups",
        "searchable",
    ):
        getattr(form, name).data = getattr(values, name)
    form.skills.data = ", ".join(values.skills)
    for i, lang in enumerate(values.languages[: form.languages.max_entries or 6]):
        if i >= len(form.languages.entries):
            form.languages.append_entry()
        sub = form.languages.entries[i].form
        sub.code.data, sub.test.data, sub.level.data, sub.certificate.data = (
            lang.code,
            lang.test,
            lang.level,
            lang.certificate,
        )


@bp.route("/profile", methods=["GET", "POST"])
def profile():  # type: ignore[no-untyped-def]
    session = db.get_session()
    existing = profiles.own_profile(session, current_user)
    form = ProfileForm()
    form.fill_choices(session)
    if request.method == "GET":
        if existing is not None:
            _fill_from_profile(form, profiles.ProfileValues.from_jobseeker(existing))
        else:
            form.full_name.data = current_user.display_name
            form.email.data = current_user.email
    if form.validate_on_submit():
        try:
            profiles.save_profile(session, current_user, _form_to_values(form))
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
            return render_template("jobseeker/profile.html", form=form, existing=existing), err.status
        flash(_("Your profile has been saved."), "success")
        return redirect(safe_next(request.args.get("next")) or url_for("jobseeker.dashboard"))
    status = 422 if request.method == "POST" else 200
    return render_template("jobseeker/profile.html", form=form, existing=existing), status


@bp.route("/applications", endpoint="applications")
def applications_page():  # type: ignore[no-untyped-def]
    apps = applications.applications_of_jobseeker(db.get_session(), current_user)
    return render_template(
        "jobseeker/applications.html",
        applications=apps,
        reasons=applications.REJECT_REASONS,
        open_statuses=applications.OPEN_STATUSES,
        action_form=ActionForm(),
    )


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
def withdraw(application_id: int):  # type: ignore[no-untyped-def]
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("error.html", code=422, message=_("The form was not sent correctly.")), 422
    applications.withdraw(db.get_session(), current_user, application_id)
    flash(_("Your application has been withdrawn."), "info")
    return redirect(url_for("jobseeker.applications"))


@bp.route("/saved")
def saved():  # type: ignore[no-untyped-def]
    session = db.get_session()
    rows = list(
        session.scalars(
            select(SavedVacancy)
            .where(SavedVacancy.user_id == current_user.id)
            .order_by(SavedVacancy.id.desc())
        )
    )
    today = dt.date.today()
    items = [(row.vacancy, hidden_reason(row.vacancy, today)) for row in rows]
    return render_template("jobseeker/saved.html", items=items, action_form=ActionForm())


def _searches_page(form: SavedSearchForm, status: int = 200):  # type: ignore[no-untyped-def]
    session = db.get_session()
    return (
        render_template(
            "jobseeker/searches.html",
            form=form,
            searches=alerts.searches_of(session, current_user),
            notifications=alerts.notifications_for(session, current_user),
            action_form=ActionForm(),
        ),
        status,
    )


@bp.route("/searches", methods=["GET", "POST"])
def searches():  # type: ignore[no-untyped-def]
    session = db.get_session()
    form = SavedSearchForm()
    form.fill_choices(session)
    if request.method == "GET":
        # Prefilled from the search page's "save this search" link: /me/searches?q=tho+han&kind=overseas
        for name in ("q", "district", "kind", "country"):
            if request.args.get(name):
                getattr(form, name).data = request.args[name]
        return _searches_page(form)
    if not form.validate_on_submit():
        return _searches_page(form, 422)
    try:
        alerts.create_saved_search(
            session,
            current_user,
            name=form.name.data or "",
            query=form.q.data or "",
            filters={"district": form.district.data, "kind": form.kind.data, "country": form.country.data},
            email_alerts=bool(form.email_alerts.data),
        )
    except ServiceError as err:
        db.rollback()
        apply_errors(form, err)
        return _searches_page(form, err.status)
    flash(_("Search saved. We will tell you when new vacancies match."), "success")
    return redirect(url_for("jobseeker.searches"))


@bp.route("/searches/<int:search_id>/delete", methods=["POST"])
def delete_search(search_id: int):  # type: ignore[no-untyped-def]
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("error.html", code=422, message=_("The form was not sent correctly.")), 422
    alerts.delete_saved_search(db.get_session(), current_user, search_id)
    flash(_("The saved search has been deleted."), "info")
    return redirect(url_for("jobseeker.searches"))


@bp.route("/alerts/read", methods=["POST"])
def mark_alerts_read():  # type: ignore[no-untyped-def]
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("error.html", code=422, message=_("The form was not sent correctly.")), 422
    alerts.mark_read(db.get_session(), current_user)
    return redirect(url_for("jobseeker.searches"))
