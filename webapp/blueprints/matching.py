"""Matching pages: recommended candidates for an employer's vacancy, recommended vacancies for a jobseeker."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import db
from ..models import Jobseeker
from ..services.errors import NotFound
from ..services.matching import candidates_for_vacancy, load_app_ranker, vacancies_for_jobseeker

bp = Blueprint("matching", __name__)
# The saved ranker is loaded once, when the app starts.
bp.record_once(lambda state: load_app_ranker(state.app))


@bp.get("/employer/vacancies/<int:vacancy_id>/recommended")
@login_required
def candidates(vacancy_id: int) -> Any:
    result = candidates_for_vacancy(db.get_session(), current_user, vacancy_id, 20)
    return render_template("matching/candidates_page.html", result=result, vacancy_id=vacancy_id)


@bp.get("/me/recommended")
@login_required
def recommended() -> Any:
    session = db.get_session()
    js = session.scalar(select(Jobseeker).where(Jobseeker.user_id == current_user.id))
    if js is None:
        raise NotFound(_("Create your jobseeker profile first to get recommendations."))
    result = vacancies_for_jobseeker(session, current_user, js.id, 20)
    return render_template("matching/recommended_page.html", result=result)
