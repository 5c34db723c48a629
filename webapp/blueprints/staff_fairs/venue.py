"""On the day, at the venue: check-in, walk-in registration, printed slips and booth lists, outcomes."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ... import db
from ...forms import BaseForm
from ...models import Education, FairEmployer, FairRegistration, Interview, Jobseeker
from ...services.errors import ServiceError
from ...services.fairs import outcomes as fair_outcomes
from ...services.fairs import planning, registration, sessions
from ._common import OUTCOME_LABELS, apply_errors, bp, district_choices

# ------------------------------------------------------------------ at the door


class CheckInForm(BaseForm):
    code = StringField(_l("Code on the slip"), validators=[DataRequired(), Length(max=200)])


@bp.route("/<int:fair_id>/check-in", methods=["GET", "POST"])
def check_in(fair_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    form = CheckInForm()
    result = None
    status = 200
    if form.validate_on_submit():
        try:
            result = registration.check_in(session, current_user, fair, form.code.data or "")
        except ServiceError as err:
            db.rollback()
            form.code.errors.append(err.message)
            status = 422 if err.status == 422 else 404
        else:
            form.code.data = ""
    elif request.method == "POST":
        status = 422
    shortlist = planning.shortlist(session, result.registration) if result else []
    return (
        render_template(
            "fairs/checkin.html",
            fair=fair,
            form=form,
            result=result,
            shortlist=shortlist,
            counts=registration.counts(session, fair),
        ),
        status,
    )


class WalkInForm(BaseForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    sex = RadioField(
        _l("Sex"), choices=[("male", _l("Male")), ("female", _l("Female"))], validators=[InputRequired()]
    )
    birth_date = DateField(_l("Date of birth"), validators=[DataRequired()])
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=30)])
    district_id = SelectField(_l("District"), coerce=int)
    education = SelectField(_l("Education"), default=Education.UPPER_SECONDARY.value)
    desired_title = StringField(_l("Work wanted"), validators=[Optional(), Length(max=200)])
    existing_jobseeker_id = RadioField(
        _l("Is this one of these people?"), choices=[], validators=[Optional()]
    )
    confirm_new = BooleanField(_l("None of them: register a new person"))


@bp.route("/<int:fair_id>/walk-in", methods=["GET", "POST"])
def walk_in(fair_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    form = WalkInForm()
    form.district_id.choices = district_choices()
    form.education.choices = [(e.value, e.value.replace("_", " ")) for e in Education]
    duplicates: list[tuple[Jobseeker, int]] = []
    if request.method == "POST":
        dup_ids = [int(x) for x in request.form.getlist("dup_ids") if x.isdigit()]
        form.existing_jobseeker_id.choices = [(str(i), str(i)) for i in dup_ids]
    if form.validate_on_submit():
        chosen = form.existing_jobseeker_id.data
        values = registration.WalkIn(
            full_name=form.full_name.data or "",
            sex=form.sex.data or "",
            birth_date=form.birth_date.data,
            phone=form.phone.data or "",
            district_id=form.district_id.data,
            education=form.education.data or Education.UPPER_SECONDARY.value,
            desired_title=form.desired_title.data or "",
        )
        try:
            reg = registration.register_walk_in(
                session,
                current_user,
                fair,
                values,
                existing_jobseeker_id=int(chosen) if chosen and chosen.isdigit() else None,
                confirm_new=bool(form.confirm_new.data),
            )
        except ServiceError as err:
            db.rollback()
            ids = [int(x) for x in err.field_errors.get("duplicates", "").split(",") if x]
            if ids:
                duplicates = registration.similar_jobseekers(
                    session, values.full_name, values.birth_date, values.phone
                )
                form.existing_jobseeker_id.choices = [(str(js.id), js.full_name) for js, _s in duplicates]
                flash(err.message, "warning")
            else:
                apply_errors(form, err)
            return render_template("fairs/walkin.html", fair=fair, form=form, duplicates=duplicates), 422
        flash(
            _(
                "%(name)s is registered and checked in with code %(code)s.",
                name=reg.jobseeker.full_name,
                code=reg.code,
            ),
            "success",
        )
        return redirect(url_for("staff_fairs.slip", fair_id=fair.id, registration_id=reg.id))
    status = 422 if request.method == "POST" else 200
    return render_template("fairs/walkin.html", fair=fair, form=form, duplicates=duplicates), status


# ------------------------------------------------------------------ printouts


def _registrations(fair_id: int, registration_id: int | None = None) -> list[FairRegistration]:
    q = (
        select(FairRegistration)
        .where(FairRegistration.fair_id == fair_id)
        .options(selectinload(FairRegistration.jobseeker))
        .order_by(FairRegistration.id)
    )
    if registration_id is not None:
        q = q.where(FairRegistration.id == registration_id)
    return list(db.get_session().scalars(q))


def _slips(fair_id: int, registration_id: int | None = None):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    regs = _registrations(fair_id, registration_id)
    if registration_id is not None and not regs:
        abort(404)
    slips = [(r, Markup(registration.qr_svg(r.code, scale=3)), planning.shortlist(session, r)) for r in regs]
    return render_template("fairs/slips.html", fair=fair, slips=slips)


@bp.get("/<int:fair_id>/slips")
def slips(fair_id: int):  # type: ignore[no-untyped-def]
    return _slips(fair_id)


@bp.get("/<int:fair_id>/slips/<int:registration_id>")
def slip(fair_id: int, registration_id: int):  # type: ignore[no-untyped-def]
    return _slips(fair_id, registration_id)


def _booth(fair_id: int, booth_id: int) -> FairEmployer:
    booth = db.get_session().get(FairEmployer, booth_id)
    if booth is None or booth.fair_id != fair_id:
        abort(404)
    return booth


def _booth_rows(booth: FairEmployer) -> list[tuple[Interview, dt.time]]:
    """The booth's interviews in slot order, each with its slot's start time."""
    interviews = db.get_session().scalars(
        select(Interview)
        .where(Interview.fair_employer_id == booth.id)
        .options(selectinload(Interview.registration).selectinload(FairRegistration.jobseeker))
        .order_by(Interview.slot_no, Interview.id)
    )
    return [(iv, sessions.slot_time(booth.fair, iv.slot_no)) for iv in interviews]


@bp.get("/<int:fair_id>/booths/<int:booth_id>/list")
def booth_list(fair_id: int, booth_id: int):  # type: ignore[no-untyped-def]
    booth = _booth(fair_id, booth_id)
    fair = booth.fair
    rows = _booth_rows(booth)
    return render_template("fairs/booth_list.html", fair=fair, booth=booth, rows=rows)


@bp.get("/<int:fair_id>/booths/<int:booth_id>/outcomes")
def outcomes(fair_id: int, booth_id: int):  # type: ignore[no-untyped-def]
    booth = _booth(fair_id, booth_id)
    if not fair_outcomes.can_record_outcomes(current_user, booth):
        abort(403)
    fair = booth.fair
    rows = _booth_rows(booth)
    return render_template(
        "fairs/outcomes.html",
        fair=fair,
        booth=booth,
        rows=rows,
        form=BaseForm(),
        choices=[o.value for o in fair_outcomes.RECORDABLE],
    )


@bp.post("/<int:fair_id>/interviews/<int:interview_id>/outcome")
def record_outcome(fair_id: int, interview_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    interview = fair_outcomes.get_interview(session, fair, interview_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    fair_outcomes.record_outcome(
        session, current_user, interview, request.form.get("outcome", ""), note=request.form.get("note", "")
    )
    flash(
        _(
            "%(name)s: %(outcome)s.",
            name=interview.registration.jobseeker.full_name,
            outcome=OUTCOME_LABELS[interview.outcome.value],
        ),
        "success",
    )
    target = url_for("staff_fairs.outcomes", fair_id=fair_id, booth_id=interview.fair_employer_id)
    return redirect(f"{target}#iv-{interview.id}")
