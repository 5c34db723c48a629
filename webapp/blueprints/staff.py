"""Job-centre staff pages under /staff: verification queue, posting reports, profiles, walk-ins."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from .. import db
from ..models import Application, ApplicationStatus, Placement, Role
from ..services import employers, permissions, profiles, reports, vacancies, walkins
from ..services.errors import ServiceError
from .web_forms import ResolveReportForm, VerifyForm, WalkinForm, apply_errors

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
@login_required
def _staff_only() -> None:
    permissions.require_role(current_user, Role.STAFF, Role.ADMIN)


@bp.route("")
def dashboard():  # type: ignore[no-untyped-def]
    session = db.get_session()
    today = dt.date.today()
    placements = list(session.scalars(select(Placement).order_by(Placement.id.desc()).limit(10)))
    return render_template(
        "staff/dashboard.html",
        queue=len(employers.verification_queue(session, current_user, day=today)),
        open_reports=reports.count_open(session),
        hired=session.scalar(select(func.count()).where(Application.status == ApplicationStatus.HIRED)) or 0,
        placements=placements,
    )


@bp.route("/verification")
def verification():  # type: ignore[no-untyped-def]
    today = dt.date.today()
    queue = employers.verification_queue(db.get_session(), current_user, day=today)
    return render_template(
        "staff/verification.html",
        queue=[(e, employers.licence_state(e, today)) for e in queue],
    )


def _employer_page(employer_id: int, form: VerifyForm, status: int = 200):  # type: ignore[no-untyped-def]
    session = db.get_session()
    today = dt.date.today()
    employer = employers.get_employer(session, employer_id)
    rows = vacancies.vacancies_of_employer(session, current_user, employer_id)
    return (
        render_template(
            "staff/employer.html",
            employer=employer,
            form=form,
            state=employers.licence_state(employer, today),
            badge=vacancies.licence_badge(employer, today),
            rows=[(v, vacancies.hidden_reason(v, today)) for v in rows],
            users=employers.users_of(session, employer_id),
        ),
        status,
    )


@bp.route("/employers/<int:employer_id>", methods=["GET", "POST"])
def employer(employer_id: int):  # type: ignore[no-untyped-def]
    form = VerifyForm()
    if request.method == "GET":
        return _employer_page(employer_id, form)
    if not form.validate_on_submit():
        return _employer_page(employer_id, form, 422)
    try:
        employers.verify_employer(
            db.get_session(),
            current_user,
            employer_id,
            form.decision.data or "",
            form.note.data or "",
            licence_checked=bool(form.licence_checked.data),
        )
    except ServiceError as err:
        db.rollback()
        apply_errors(form, err)
        return _employer_page(employer_id, form, err.status)
    flash(_("Decision saved."), "success")
    return redirect(url_for("staff.verification"))


@bp.route("/reports")
def reports_queue():  # type: ignore[no-untyped-def]
    return render_template(
        "staff/reports.html",
        reports=reports.open_reports(db.get_session(), current_user),
        labels=reports.REASON_LABELS,
        form=ResolveReportForm(),
    )


@bp.route("/reports/<int:report_id>", methods=["POST"])
def resolve_report(report_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    form = ResolveReportForm()
    if form.validate_on_submit():
        try:
            reports.resolve_report(
                session, current_user, report_id, form.decision.data or "", form.note.data or ""
            )
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
        else:
            flash(_("Report dealt with."), "success")
            return redirect(url_for("staff.reports_queue"))
    status = 422
    return (
        render_template(
            "staff/reports.html",
            reports=reports.open_reports(db.get_session(), current_user),
            labels=reports.REASON_LABELS,
            form=form,
            failed_id=report_id,
        ),
        status,
    )


@bp.route("/jobseekers")
def jobseekers():  # type: ignore[no-untyped-def]
    q = (request.args.get("q") or "").strip()
    rows = profiles.search_profiles(db.get_session(), current_user, q) if q else []
    return render_template("staff/jobseekers.html", q=q, rows=rows)


@bp.route("/jobseekers/<int:jobseeker_id>")
def jobseeker(jobseeker_id: int):  # type: ignore[no-untyped-def]
    view = profiles.profile_view(db.get_session(), current_user, jobseeker_id)
    return render_template("staff/jobseeker.html", profile=view)


def _walkin_values(form: WalkinForm) -> walkins.WalkinValues:
    return walkins.WalkinValues(
        full_name=form.full_name.data or "",
        sex=form.sex.data or None,
        birth_date=form.birth_date.data,
        phone=form.phone.data or "",
        district_code=form.district_code.data or None,
        education=form.education.data or None,
        occupation_code=form.occupation_code.data or None,
        desired_title=form.desired_title.data or "",
        willing_overseas=bool(form.willing_overseas.data),
        national_id=form.national_id.data or "",
    )


@bp.route("/walkins", methods=["GET", "POST"])
def walkin():  # type: ignore[no-untyped-def]
    session = db.get_session()
    form = WalkinForm()
    form.fill_choices(session)
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("staff/walkin.html", form=form, duplicates=[]), status
    values = _walkin_values(form)
    try:
        merge_into = request.form.get("merge_into", "")
        if merge_into.isdigit():
            js = walkins.merge_walkin(session, current_user, int(merge_into), values)
            flash(_("The details were added to the existing record no. %(id)d.", id=js.id), "success")
            return redirect(url_for("staff.jobseeker", jobseeker_id=js.id))
        result = walkins.register_walkin(
            session, current_user, values, confirm_new=request.form.get("confirm_new") == "1"
        )
    except ServiceError as err:
        db.rollback()
        apply_errors(form, err)
        return render_template("staff/walkin.html", form=form, duplicates=[]), err.status
    if result.jobseeker is None:
        # A possible duplicate: nothing saved; staff choose to merge or to confirm a new person.
        return render_template("staff/walkin.html", form=form, duplicates=result.duplicates), 200
    flash(_("Registered jobseeker no. %(id)d.", id=result.jobseeker.id), "success")
    return redirect(url_for("staff.jobseeker", jobseeker_id=result.jobseeker.id))
