"""Setting a fair up: the fair itself, its booths and their vacancies, and the interview schedule."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ... import db
from ...forms import BaseForm
from ...models import Employer, FairEmployer, Interview, JobFair, PriorityGroup, Vacancy, VacancyStatus
from ...services.errors import ServiceError
from ...services.fairs import planning, registration, sessions
from ._common import GROUP_LABELS, KIND_LABELS, apply_errors, bp, district_choices


class FairForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    kind = RadioField(_l("Kind"), choices=list(KIND_LABELS.items()), default="mobile")
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    starts_at = TimeField(_l("Starts at"), validators=[DataRequired()], default=dt.time(7, 30))
    ends_at = TimeField(_l("Ends at"), validators=[DataRequired()], default=dt.time(11, 30))
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=300)])
    district_id = SelectField(_l("District"), coerce=int)
    target_groups = SelectMultipleField(_l("Target groups"), choices=[], validators=[Optional()])
    slot_minutes = IntegerField(
        _l("Minutes per interview slot"), default=30, validators=[NumberRange(5, 240)]
    )
    max_interviews_per_person = IntegerField(
        _l("Interviews per person at most"), default=3, validators=[NumberRange(1, 10)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    fairs = db.get_session().scalars(select(JobFair).order_by(JobFair.held_on.desc())).all()
    return render_template("fairs/staff_index.html", fairs=fairs, today=dt.date.today())


@bp.route("/new", methods=["GET", "POST"])
def new():  # type: ignore[no-untyped-def]
    form = FairForm()
    form.district_id.choices = district_choices()
    form.target_groups.choices = [(g.value, GROUP_LABELS[g.value]) for g in PriorityGroup]
    if form.validate_on_submit():
        try:
            fair = sessions.create_fair(
                db.get_session(),
                current_user,
                name=form.name.data or "",
                kind=form.kind.data or "",
                held_on=form.held_on.data,
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                venue=form.venue.data or "",
                district_id=form.district_id.data,
                target_groups=form.target_groups.data or [],
                description=form.description.data or "",
                slot_minutes=form.slot_minutes.data or 30,
                max_interviews_per_person=form.max_interviews_per_person.data or 3,
            )
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
            return render_template("fairs/staff_new.html", form=form), 422
        flash(_("The fair has been created. Now invite employers."), "success")
        return redirect(url_for("staff_fairs.manage", fair_id=fair.id))
    status = 422 if request.method == "POST" else 200
    return render_template("fairs/staff_new.html", form=form), status


class BoothForm(BaseForm):
    employer_id = SelectField(_l("Employer or agency"), coerce=int)
    booth_no = StringField(_l("Booth number"), validators=[Optional(), Length(max=10)])
    capacity_per_slot = IntegerField(
        _l("People interviewed per slot"), default=2, validators=[NumberRange(1, 50)]
    )


class VacancyForm(BaseForm):
    vacancy_id = SelectField(_l("Vacancy"), coerce=int)


def _booth_form() -> BoothForm:
    form = BoothForm(prefix="booth")
    employers = db.get_session().scalars(select(Employer).order_by(Employer.name)).all()
    form.employer_id.choices = [(e.id, e.name) for e in employers]
    return form


def _manage_page(fair_id: int, booth_form: BoothForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    booths = sessions.booths_of(session, fair)
    vacancy_forms = {}
    for b in booths:
        vf = VacancyForm(prefix=f"v{b.id}")
        attached = {fv.vacancy_id for fv in b.vacancies}
        vf.vacancy_id.choices = [
            (v.id, v.title)
            for v in session.scalars(
                select(Vacancy).where(
                    Vacancy.employer_id == b.employer_id, Vacancy.status == VacancyStatus.OPEN
                )
            )
            if v.id not in attached
        ]
        vacancy_forms[b.id] = vf
    page = render_template(
        "fairs/staff_fair.html",
        fair=fair,
        booths=booths,
        booth_form=booth_form or _booth_form(),
        vacancy_forms=vacancy_forms,
        counts=registration.counts(session, fair),
        n_slots=sessions.n_slots(fair),
        action_form=BaseForm(),
        interviews=len(session.scalars(select(Interview.id).where(Interview.fair_id == fair.id)).all()),
    )
    return page, status


@bp.get("/<int:fair_id>")
def manage(fair_id: int):  # type: ignore[no-untyped-def]
    return _manage_page(fair_id)


@bp.post("/<int:fair_id>/booths")
def add_booth(fair_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    form = _booth_form()
    if form.validate_on_submit():
        try:
            booth = sessions.add_booth(
                session,
                current_user,
                fair,
                employer_id=form.employer_id.data,
                booth_no=form.booth_no.data or "",
                capacity_per_slot=form.capacity_per_slot.data or 2,
            )
        except ServiceError as err:
            db.rollback()
            apply_errors(form, err)
            return _manage_page(fair_id, form, 422)
        flash(_("Booth %(no)s added.", no=booth.booth_no), "success")
        return redirect(url_for("staff_fairs.manage", fair_id=fair_id) + f"#booth-{booth.id}")
    return _manage_page(fair_id, form, 422)


@bp.post("/<int:fair_id>/booths/<int:booth_id>/vacancies")
def attach_vacancy(fair_id: int, booth_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    booth = session.get(FairEmployer, booth_id)
    if booth is None or booth.fair_id != fair_id:
        abort(404)
    form = VacancyForm(prefix=f"v{booth.id}")
    form.vacancy_id.choices = [
        (v.id, v.title)
        for v in session.scalars(select(Vacancy).where(Vacancy.employer_id == booth.employer_id))
    ]
    if not form.validate_on_submit():
        flash(_("Choose a vacancy."), "error")
        return _manage_page(fair_id, None, 422)
    try:
        sessions.attach_vacancy(session, current_user, booth, form.vacancy_id.data)
    except ServiceError as err:
        db.rollback()
        flash(err.message, "error")
        return _manage_page(fair_id, None, err.status)
    flash(_("Vacancy added to booth %(no)s.", no=booth.booth_no), "success")
    return redirect(url_for("staff_fairs.manage", fair_id=fair_id) + f"#booth-{booth.id}")


@bp.post("/<int:fair_id>/schedule")
def build_schedule(fair_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    newcomers = request.form.get("mode") == "newcomers"
    if newcomers:
        result = planning.schedule_newcomers(session, current_user, fair)
        flash(
            _("%(n)d interviews added for %(p)d newcomers.", n=result.interviews, p=result.people), "success"
        )
    else:
        result = planning.build_schedule(session, current_user, fair)
        flash(
            _(
                "Schedule built: %(n)d interviews for %(p)d people; score %(total).2f, "
                "%(share).1f%% of the unconstrained best, greedy would reach %(greedy).2f.",
                n=result.interviews,
                p=result.people,
                total=result.total,
                share=100 * result.share_of_best,
                greedy=result.greedy,
            ),
            "success",
        )
    return redirect(url_for("staff_fairs.manage", fair_id=fair_id))
