"""Public job fair pages: the list, a fair's page, online pre-registration and one's own shortlist."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from .. import db
from ..forms import BaseForm
from ..models import Jobseeker, Role
from ..services.errors import PermissionDenied
from ..services.fairs import planning, registration, sessions

bp = Blueprint("fairs", __name__)


def _own_profile() -> Jobseeker | None:
    if not current_user.is_authenticated or current_user.role != Role.JOBSEEKER:
        return None
    return db.get_session().scalar(select(Jobseeker).where(Jobseeker.user_id == current_user.id))


@bp.get("/fairs")
def index():  # type: ignore[no-untyped-def]
    fairs = sessions.upcoming_fairs(db.get_session())
    return render_template("fairs/index.html", fairs=fairs)


@bp.get("/fairs/<int:fair_id>")
def detail(fair_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    booths = sessions.booths_of(session, fair)
    profile = _own_profile()
    reg = registration.registration_for(session, fair, profile.id) if profile else None
    return render_template(
        "fairs/detail.html",
        fair=fair,
        booths=booths,
        profile=profile,
        registration=reg,
        shortlist=planning.shortlist(session, reg) if reg else [],
        qr=Markup(registration.qr_svg(reg.code)) if reg else None,
        form=BaseForm(),
    )


@bp.post("/fairs/<int:fair_id>/register")
@login_required
def register(fair_id: int):  # type: ignore[no-untyped-def]
    session = db.get_session()
    fair = sessions.get_fair(session, fair_id)
    form = BaseForm()
    if not form.validate_on_submit():
        return render_template("error.html", code=422, message=_("Reload the page and try again.")), 422
    profile = _own_profile()
    if profile is None:
        raise PermissionDenied(_("Job fair registration is for jobseekers with a profile."))
    reg = registration.register_jobseeker(session, current_user, fair, profile)
    flash(_("You are registered. Your code is %(code)s.", code=reg.code), "success")
    return redirect(url_for("fairs.detail", fair_id=fair.id))
