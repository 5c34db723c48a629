"""Matching API: ranked candidates for a vacancy and ranked vacancies for a jobseeker."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Integer

from .. import db
from ..api_setup import BEARER, protect_api_blueprint, require_login
from ..navigation import current_locale
from ..services.matching import MatchResult, candidates_for_vacancy, vacancies_for_jobseeker

bp = protect_api_blueprint(APIBlueprint("api_matching", __name__, url_prefix="/api/v1", tag="Matching"))

_SHAPE = (
    'Answer: `{"ranker": "model"|"weighted", "items": [{"id", "score", "reasons": [str]}]}`, best '
    "first. Ineligible pairs (age, language level, sex where the order requires it, education, "
    "certificate, agency licence) never appear. `ranker` says whether the trained model or the "
    "transparent weighted score ranked the list; reasons are in the request's language."
)


class MatchQuery(Schema):
    k = Integer(load_default=20, metadata={"description": "How many results, 1 to 100 (larger asks get 100)"})
    limit = Integer(metadata={"description": "Another name for k"})


def _k(params: dict[str, Any]) -> int:
    k = params.get("limit")
    if k is None:
        k = params.get("k", 20)
    return max(1, min(int(k), 100))


def as_json(result: MatchResult) -> dict[str, Any]:
    locale = current_locale()
    return {
        "ranker": result.ranker,
        "items": [
            {"id": i.id, "score": round(i.score, 4), "reasons": i.reason_texts(locale)} for i in result.items
        ],
    }


@bp.get("/vacancies/<int:vacancy_id>/candidates")
@bp.input(MatchQuery, location="query", arg_name="params")
@bp.doc(
    summary="Recommended candidates for a vacancy (its employer and staff)",
    description=_SHAPE,
    responses={
        401: "Not logged in and no valid token.",
        403: "Not this vacancy's employer.",
        404: "No such vacancy.",
    },
    security=BEARER,
)
def candidates(vacancy_id: int, params: dict[str, Any]) -> Any:
    actor = require_login()
    return as_json(candidates_for_vacancy(db.get_session(), actor, vacancy_id, _k(params)))


@bp.get("/jobseekers/<int:jobseeker_id>/vacancies")
@bp.input(MatchQuery, location="query", arg_name="params")
@bp.doc(
    summary="Recommended vacancies for a jobseeker (the person and staff)",
    description=_SHAPE,
    responses={401: "Not logged in and no valid token.", 403: "Not your profile.", 404: "No such jobseeker."},
    security=BEARER,
)
def recommended(jobseeker_id: int, params: dict[str, Any]) -> Any:
    actor = require_login()
    return as_json(vacancies_for_jobseeker(db.get_session(), actor, jobseeker_id, _k(params)))
