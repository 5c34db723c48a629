"""Search API: GET /api/v1/vacancies (public) and GET /api/v1/jobseekers (staff, employers)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, Schema
from apiflask.fields import Integer, String
from flask import request

from .. import db
from ..api_setup import BEARER, protect_api_blueprint, require_login
from ..services.search import search_jobseekers, search_vacancies

bp = protect_api_blueprint(APIBlueprint("api_search", __name__, url_prefix="/api/v1", tag="Search"))

_SHAPE = (
    'Answer: `{"total", "page", "per_page", "pages", "q", "sort", "items": [...], '
    '"facets": {"<facet>": {"<key>": count}}, "filters": {"<filter>": [code]}, "suggestion": '
    'str|null, "near_matches": {"total", "lacking": [str], "items": [...]}|null}`. '
    "Filters may be repeated or comma-separated (`district=449&district=436`); values of one "
    "filter are alternatives, different filters must all hold. Codes are matched in any case, "
    "and names work too (`country=Đài Loan`, `district=Kỳ Anh`, `kind=XKLĐ`); `filters` gives "
    "the codes they were read as, and a value that matches nothing is a 422 naming the filter. `suggestion` is a corrected "
    "query when nothing was found but the corrected one finds something. When nothing has "
    "every word of `q` and there is no suggestion, `near_matches` holds the first page of "
    "results that lack one of the words listed in `lacking` (`total` still counts only full "
    "matches). `snippet` and "
    "`title_html` are HTML-escaped with the matched words in `<mark>`."
)


class _Common(Schema):
    q = String(
        metadata={"description": "Free text; marks optional, typos and abbreviations (XKLĐ, CN, KCN) welcome"}
    )
    page = Integer(load_default=1)
    per_page = Integer(load_default=20, metadata={"description": "1 to 100"})
    occupation = String(metadata={"description": "ISCO-08 major group, 1 to 9"})
    education = String()
    language = String(metadata={"description": "ISO 639-1 code: ko, ja, zh, en, de"})
    district = String(metadata={"description": "District code or name, e.g. 449 or Thị xã Kỳ Anh (\"Kỳ Anh\" alone means both the town and the district)"})


class VacancySearchQuery(_Common):
    kind = String(metadata={"description": "domestic or overseas"})
    country = String(metadata={"description": "ISO 3166-1 alpha-2 (e.g. TW, JP, KR) or the country's name"})
    programme = String(metadata={"description": "e.g. KR_EPS, JP_TITP"})
    salary = String(metadata={"description": "Salary band: lt5m, 5-10m, 10-20m, 20-40m, 40m+"})
    salary_min = Integer(metadata={"description": "VND per month, at least"})
    salary_max = Integer(metadata={"description": "VND per month, at most"})
    sort = String(metadata={"description": "relevance, newest, salary or deadline"})


class JobseekerSearchQuery(_Common):
    age_band = String(metadata={"description": "18-24, 25-29, 30-34, 35-39, 40-49, 50+"})
    overseas = String(metadata={"description": "yes or no"})
    sort = String(metadata={"description": "relevance, newest or experience"})


@bp.get("/vacancies")
@bp.input(VacancySearchQuery, location="query", arg_name="params")
@bp.doc(
    summary="Search vacancies and overseas orders",
    description="Open vacancies of verified employers (overseas: licensed agencies) only. " + _SHAPE,
)
def vacancies(params: dict[str, Any]) -> Any:
    return search_vacancies(db.get_session(), request.args)


@bp.get("/jobseekers")
@bp.input(JobseekerSearchQuery, location="query", arg_name="params")
@bp.doc(
    summary="Search jobseeker profiles (staff and employers)",
    description="Employers see only profiles whose owners agreed to be found. Results carry no "
    "name or contact details. " + _SHAPE,
    responses={401: "Not logged in and no valid token.", 403: "Only staff and employers."},
    security=BEARER,
)
def jobseekers(params: dict[str, Any]) -> Any:
    actor = require_login()
    return search_jobseekers(db.get_session(), actor, request.args)
