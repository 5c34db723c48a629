"""Staff pages for running job fairs: set-up, door registration, check-in, lists, outcomes, report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .. import db
from ..forms import BaseForm
from ..models import (
    District,
    Education,
    Employer,
    FairEmployer,
    FairRegistration,
    Interview,
    Jobseeker,
    PriorityGroup,
    Vacancy,
    VacancyStatus,
)
from ..services.errors import ServiceError
from ..services.fairs import outcomes as fair_outcomes
from ..services.fairs import planning, registration, report, sessions
from ..services.permissions import is_staff

bp = Blueprint("staff_fairs", __name__, url_prefix="/staff/fairs")

KIND_LABELS = {"fixed": _l("Fixed (job exchange floor)"), "mobile": _l("Mobile"), "thematic": _l("Thematic")}
OUTCOME_LABELS = {
    "scheduled": _l("Scheduled"),
    "interviewed": _l("Interviewed"),
    "preselected": _l("Pre-selected"),
    "hired": _l("Hired on the spot"),
    "not_suitable": _l("Not suitable"),
    "no_show": _l("Did not come"),
}
GROUP_LABELS = {
    "demobilised_soldier": _l("Demobilised soldiers"),
    "disability": _l("People with disabilities"),
    "ethnic_minority": _l("Ethnic minorities"),
    "poor_household": _l("Poor households"),
    "student": _l("Students"),
    "land_loss": _l("People who lost farmland"),
    "returnee": _l("Returned overseas workers"),
    "none": _l("No priority group"),
}


@bp.before_request
@login_required
def _staff_only() -> None:
    # The outcome screen is also open to the booth's own employer; it checks for itself.
    if request.endpoint in ("staff_fairs.outcomes", "staff_fairs.record_outcome"):
        return
    if not is_staff(current_user):
        abort(403)


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"kind_labels": KIND_LABELS, "outcome_labels": OUTCOME_LABELS, "group_labels": GROUP_LABELS}


def _district_choices() -> list[tuple[int, str]]:
    return [(d.id, d.name) for d in db.get_session().scalars(select(District).order_by(District.name))]


def _apply_errors(form: BaseForm, err: ServiceError) -> None:
    placed = False
    for name, message in err.field_errors.items():
        if hasattr(form, name):
            getattr(form, name).errors.append(message)
            placed = True
    if not placed:
        flash(err.message, "error")


# ------------------------------------------------------------------ fairs


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
    from ..models import JobFair

    fairs = db.get_session().scalars(select(JobFair).order_by(JobFair.held_on.desc())).all()
    return render_template("fairs/staff_index.html", fairs=fairs, today=dt.date.today())


@bp.route("/new", methods=["GET", "POST"])
def new():  # type: ignore[no-untyped-def]
    form = FairForm()
    form.district_id.choices = _district_choices()
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
            _apply_errors(form, err)
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
            _apply_errors(form, err)
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
    form.district_id.choices = _district_choices()
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
                _apply_errors(form, err)
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


def _booth_interviews(booth: FairEmployer) -> list[Interview]:
    return list(
        db.get_session().scalars(
            select(Interview)
            .where(Interview.fair_employer_id == booth.id)
            .options(selectinload(Interview.registration).selectinload(FairRegistration.jobseeker))
            .order_by(Interview.slot_no, Interview.id)
        )
    )


@bp.get("/<int:fair_id>/booths/<int:booth_id>/list")
def booth_list(fair_id: int, booth_id: int):  # type: ignore[no-untyped-def]
    booth = _booth(fair_id, booth_id)
    fair = booth.fair
    rows = [(iv, sessions.slot_time(fair, iv.slot_no)) for iv in _booth_interviews(booth)]
    return render_template("fairs/booth_list.html", fair=fair, booth=booth, rows=rows)


@bp.get("/<int:fair_id>/booths/<int:booth_id>/outcomes")
def outcomes(fair_id: int, booth_id: int):  # type: ignore[no-untyped-def]
    booth = _booth(fair_id, booth_id)
    if not fair_outcomes.can_record_outcomes(current_user, booth):
        abort(403)
    fair = booth.fair
    rows = [(iv, sessions.slot_time(fair, iv.slot_no)) for iv in _booth_interviews(booth)]
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


# ------------------------------------------------------------------ report

REPORT_LABELS = {
    "fairs": _l("Fairs"),
    "employers": _l("Employers"),
    "vacancies": _l("Vacancies"),
    "positions": _l("Positions offered"),
    "registered": _l("Registered"),
    "walk_ins": _l("Of whom walk-ins"),
    "checked_in": _l("Checked in"),
    "interviews_scheduled": _l("Interviews scheduled"),
    "interviews_held": _l("Interviews held"),
    "interviewed": _l("People interviewed"),
    "preselected": _l("Pre-selected"),
    "hired": _l("Hired"),
    "male": _l("Male"),
    "female": _l("Female"),
    **GROUP_LABELS,
}


def _period() -> tuple[dt.date | None, dt.date | None]:
    def parse(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    return parse("from"), parse("to")


def _report(fair_id: int | None) -> report.FairReport:
    session = db.get_session()
    if fair_id is not None:
        return report.fair_report(session, current_user, fair=sessions.get_fair(session, fair_id))
    start, end = _period()
    return report.fair_report(session, current_user, date_from=start, date_to=end)


def _xlsx(rep: report.FairReport, filename: str) -> Response:
    labels = {k: str(v) for k, v in REPORT_LABELS.items()}
    body = report.report_xlsx(rep, labels)
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:fair_id>/report")
def fair_report(fair_id: int):  # type: ignore[no-untyped-def]
    rep = _report(fair_id)
    xlsx = url_for("staff_fairs.fair_report_xlsx", fair_id=fair_id)
    return render_template("fairs/report.html", report=rep, labels=REPORT_LABELS, xlsx_url=xlsx)


@bp.get("/<int:fair_id>/report.xlsx")
def fair_report_xlsx(fair_id: int):  # type: ignore[no-untyped-def]
    return _xlsx(_report(fair_id), f"fair-{fair_id}-report.xlsx")


@bp.get("/report")
def period_report():  # type: ignore[no-untyped-def]
    rep = _report(None)
    xlsx = url_for(
        "staff_fairs.period_report_xlsx", **{k: v for k, v in request.args.items() if k in ("from", "to")}
    )
    return render_template("fairs/report.html", report=rep, labels=REPORT_LABELS, xlsx_url=xlsx, period=True)


@bp.get("/report.xlsx")
def period_report_xlsx():  # type: ignore[no-untyped-def]
    return _xlsx(_report(None), "fairs-report.xlsx")
