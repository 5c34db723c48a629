"""Personal data pages: consent choices, download my data, who viewed my contact details, erasure."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select
from wtforms import BooleanField
from wtforms.validators import DataRequired

from .. import db
from ..forms import BaseForm
from ..models import ConsentPurpose, Jobseeker, Role
from ..services import permissions
from ..services.privacy import audit, consent, erasure, export

bp = Blueprint("privacy", __name__)


class ConsentForm(BaseForm):
    # Never pre-ticked: a box is ticked only when the person ticked it before.
    profile_search = BooleanField(consent.PURPOSE_LABELS[ConsentPurpose.PROFILE_SEARCH], default=False)
    alerts = BooleanField(consent.PURPOSE_LABELS[ConsentPurpose.ALERTS], default=False)
    overseas_sharing = BooleanField(consent.PURPOSE_LABELS[ConsentPurpose.OVERSEAS_SHARING], default=False)
    keep_after_rejection = BooleanField(
        consent.PURPOSE_LABELS[ConsentPurpose.KEEP_AFTER_REJECTION], default=False
    )


class EraseForm(BaseForm):
    confirm = BooleanField(
        _l("I understand that my profile, applications and account will be deleted and cannot be restored"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


def _own_profile() -> Jobseeker:
    if not current_user.has_role(Role.JOBSEEKER):
        abort(403)
    js = db.get_session().scalar(select(Jobseeker).where(Jobseeker.user_id == current_user.id))
    if js is None or js.status == "erased":
        abort(404, _("You have no jobseeker profile yet."))
    return js


@bp.route("/account/privacy", methods=["GET", "POST"])
@login_required
def consents():  # type: ignore[no-untyped-def]
    js = _own_profile()
    session = db.get_session()
    current = consent.current_consents(session, js.id)
    form = ConsentForm()
    if request.method == "GET":
        for purpose, row in current.items():
            getattr(form, purpose.value).data = bool(row and row.granted)
    if form.validate_on_submit():
        choices = {p: bool(getattr(form, p.value).data) for p in ConsentPurpose}
        consent.record_consents(session, current_user, js, choices)
        flash(_("Your choices have been saved and apply from now on."), "success")
        return redirect(url_for("privacy.consents"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "privacy/consents.html", form=form, current=current, notice_version=consent.NOTICE_VERSION
    ), status


@bp.route("/account/privacy/data")
@login_required
def my_data():  # type: ignore[no-untyped-def]
    js = _own_profile()
    data = export.export_data(db.get_session(), current_user, js)
    return render_template("privacy/my_data.html", data=data)


@bp.route("/account/privacy/data.json")
@login_required
def my_data_json() -> Response:
    js = _own_profile()
    data = export.export_data(db.get_session(), current_user, js)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="vieclam-my-data.json"'},
    )


@bp.route("/account/privacy/views")
@login_required
def views():  # type: ignore[no-untyped-def]
    js = _own_profile()
    rows = audit.access_log(db.get_session(), current_user, js)
    return render_template("privacy/views.html", rows=rows)


@bp.route("/account/privacy/erase", methods=["GET", "POST"])
@login_required
def erase_me():  # type: ignore[no-untyped-def]
    js = _own_profile()
    form = EraseForm()
    if form.validate_on_submit():
        req = erasure.request_erasure(db.get_session(), current_user, js)
        logout_user()
        return render_template("privacy/erased.html", request_=req)
    status = 422 if request.method == "POST" else 200
    return render_template("privacy/erase.html", form=form, staff=False), status


@bp.route("/staff/jobseekers/<int:jobseeker_id>/erase", methods=["GET", "POST"])
@login_required
def staff_erase(jobseeker_id: int):  # type: ignore[no-untyped-def]
    if not permissions.is_staff(current_user):
        abort(403)
    js = db.get_session().get(Jobseeker, jobseeker_id)
    if js is None:
        abort(404)
    form = EraseForm()
    if form.validate_on_submit():
        req = erasure.erase_jobseeker(db.get_session(), current_user, jobseeker_id)
        return render_template("privacy/erased.html", request_=req)
    status = 422 if request.method == "POST" else 200
    return render_template("privacy/erase.html", form=form, staff=True, jobseeker_id=js.id), status
