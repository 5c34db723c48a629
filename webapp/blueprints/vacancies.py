"""Vacancy search page: GET /vacancies (works without JavaScript)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.datastructures import MultiDict

from ..db import get_session
from ..services.errors import ValidationError
from ..services.search import facet_name, filter_param, search_vacancies
from ..services.search_labels import FACET_TITLES, facet_labels

bp = Blueprint("vacancies", __name__)

FILTER_KEYS = ("kind", "district", "country", "programme", "occupation", "education", "language", "salary")


def _url(endpoint: str, args: MultiDict[str, str]) -> str:
    params: dict[str, Any] = args.to_dict(flat=False)
    return url_for(endpoint, **params)


def _args_without(args: MultiDict[str, str], key: str, value: str | None = None) -> MultiDict[str, str]:
    out: MultiDict[str, str] = MultiDict()
    for k, v in args.items(multi=True):
        if k == "page" or (k == key and (value is None or v == value)):
            continue
        out.add(k, v)
    return out


def facet_view(
    endpoint: str, result: dict[str, Any], labels: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Facets as lists of toggle links with counts, for the template."""
    args = request.args
    groups = []
    for name, counts in result["facets"].items():
        param = filter_param(name)
        selected = set(args.getlist(param))
        items = []
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            new = _args_without(args, param, key)
            if key not in selected:
                new.add(param, key)
            label = labels.get(name, {}).get(key) or key
            items.append(
                {
                    "key": key,
                    "label": str(label),
                    "count": count,
                    "selected": key in selected,
                    "href": _url(endpoint, new),
                }
            )
        if items:
            groups.append({"name": name, "title": str(FACET_TITLES.get(name, name)), "items": items})
    return groups


def canonical_url(endpoint: str, result: dict[str, Any]) -> str | None:
    """This page's address with each filter written as the codes it was read as
    (``country=Đài Loan`` → ``country=TW``), or None when it already is: the facet links
    tick and remove filters by code."""
    applied: dict[str, list[str]] = result.get("filters") or {}
    args: MultiDict[str, str] = MultiDict(
        [(k, v) for k, v in request.args.items(multi=True) if filter_param(k) not in applied]
    )
    for param, codes in applied.items():
        for code in codes:
            args.add(param, code)
    if sorted(args.items(multi=True)) == sorted(request.args.items(multi=True)):
        return None
    return _url(endpoint, args)


def pager(endpoint: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    pages = min(result["pages"], 500)
    current = result["page"]
    window = sorted({1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)})
    out = []
    for p in window:
        args = _args_without(request.args, "page")
        args["page"] = str(p)
        out.append({"n": p, "current": p == current, "href": _url(endpoint, args)})
    return out


@bp.get("/vacancies")
def search():  # type: ignore[no-untyped-def]
    session = get_session()
    status = 200
    try:
        result = search_vacancies(session, request.args)
        errors: dict[str, str] = {}
    except ValidationError as err:
        result = search_vacancies(session, {"q": request.args.get("q", "")})
        errors, status = err.field_errors, 422
    else:
        if canonical := canonical_url("vacancies.search", result):
            return redirect(canonical)
    labels = facet_labels(session, english=str(get_locale()) == "en")
    suggestion_href = None
    if result["suggestion"]:
        args = _args_without(request.args, "q")
        args["q"] = result["suggestion"]
        suggestion_href = _url("vacancies.search", args)
    active = [
        {
            "label": str(labels.get(facet_name(k), {}).get(v) or v),
            "href": _url("vacancies.search", _args_without(request.args, k, v)),
        }
        for k in FILTER_KEYS
        for v in request.args.getlist(k)
    ]
    return (
        render_template(
            "vacancies/search.html",
            result=result,
            facets=facet_view("vacancies.search", result, labels),
            pages=pager("vacancies.search", result),
            suggestion_href=suggestion_href,
            active=active,
            errors=errors,
            labels=labels,
            args=request.args,
            filter_keys=FILTER_KEYS,
        ),
        status,
    )
