"""Profile search for job-centre staff and employers: GET /profiles (works without JavaScript)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required

from ..db import get_session
from ..services.errors import ValidationError
from ..services.search import can_search_profiles, search_jobseekers
from ..services.search_labels import facet_labels
from .vacancies import canonical_url, facet_view, pager

bp = Blueprint("profiles", __name__)

FILTER_KEYS = ("district", "occupation", "education", "age_band", "language", "overseas")


@bp.get("/profiles")
@login_required
def search():  # type: ignore[no-untyped-def]
    if not can_search_profiles(current_user):
        abort(403, description="Only job-centre staff and employers can search jobseeker profiles.")
    session = get_session()
    status, errors = 200, {}
    try:
        result = search_jobseekers(session, current_user, request.args)
    except ValidationError as err:
        result = search_jobseekers(session, current_user, {"q": request.args.get("q", "")})
        errors, status = err.field_errors, 422
    else:
        if canonical := canonical_url("profiles.search", result):
            return redirect(canonical)
    labels = facet_labels(session, english=str(get_locale()) == "en")
    return (
        render_template(
            "vacancies/profiles.html",
            result=result,
            facets=facet_view("profiles.search", result, labels),
            pages=pager("profiles.search", result),
            errors=errors,
            labels=labels,
            args=request.args,
            filter_keys=FILTER_KEYS,
        ),
        status,
    )
