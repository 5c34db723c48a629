"""Public pages: home (search box, latest vacancies, upcoming job fairs)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlalchemy import select

from .. import db
from ..models import FairStatus, JobFair, Role
from ..services import vacancies
from ..services.privacy.rules import is_minor
from ..services.profiles import own_profile

bp = Blueprint("public", __name__)


@bp.route("/")
def home():  # type: ignore[no-untyped-def]
    session = db.get_session()
    today = dt.date.today()
    include_overseas = True
    if current_user.is_authenticated and current_user.role == Role.JOBSEEKER:
        profile = own_profile(session, current_user)
        # Under-18s are never offered overseas orders.
        include_overseas = profile is None or not is_minor(profile.birth_date, today)
    latest = vacancies.latest_public(session, 8, today, include_overseas=include_overseas)
    fairs = list(
        session.scalars(
            select(JobFair)
            .where(JobFair.held_on >= today, JobFair.status.in_([FairStatus.PLANNED, FairStatus.OPEN]))
            .order_by(JobFair.held_on)
            .limit(5)
        )
    )
    return render_template(
        "home.html",
        latest=latest,
        fairs=fairs,
        fair_links="fairs.detail" in current_app.view_functions,
    )
