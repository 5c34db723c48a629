"""What every /api/v1 blueprint shares: authentication, CSRF, JSON errors, the OpenAPI document.

Authentication and CSRF
    An API request is authenticated either by ``Authorization: Bearer <token>``
    (tokens from ``vieclam users token --email E``) or by the session cookie of
    a logged-in browser.

    * A request that carries an ``Authorization`` header is authenticated by
      that token only: the cookie is ignored, and a bad token is a 401 even
      when a session cookie is present. Such requests are exempt from CSRF:
      a cross-site page cannot make a browser send a custom ``Authorization``
      header (that needs a CORS pre-flight, and this site grants none), and
      the token is not sent automatically the way a cookie is.
    * A state-changing request (POST, PUT, PATCH, DELETE) without an
      ``Authorization`` header is cookie-authenticated and must carry the
      page's CSRF token in an ``X-CSRFToken`` header, exactly like a form
      post; otherwise it is refused with 400.

    ``protect_api_blueprint(bp)`` wires this into a blueprint: it exempts the
    blueprint from Flask-WTF's global check and runs the rule above instead.

Errors
    API errors are ``{"message": str, "errors": {field: str}}``: APIFlask's
    input validation errors are reshaped to the same form (``errors`` keyed by
    field name, ``query.NAME`` for query parameters), with the messages in the
    request's language.

OpenAPI
    ``configure_api(app)`` declares the bearer security scheme and the error
    schema, and registers a spec processor that keeps only /api/ paths in the
    document: APIFlask leaves out plain Flask blueprints (the HTML pages) but
    would include any page route registered on the app itself or on an
    APIBlueprint outside /api, so the filter makes the document's scope
    explicit rather than accidental.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from apiflask import APIBlueprint, APIFlask
from apiflask.exceptions import HTTPError
from flask import Flask, abort, g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .db import get_session
from .extensions import csrf
from .services import accounts

__all__ = ["configure_api", "mark_page_blueprints", "protect_api_blueprint", "require_login"]

BEARER = "BearerAuth"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "message": {"type": "string", "description": "What went wrong and what to do about it."},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Messages per field (query parameters as query.NAME).",
        },
    },
    "required": ["message"],
}

API_DESCRIPTION = """\
JSON API of ViecLam, the job-matching platform of the Ha Tinh employment service centre.

**Authentication.** Send `Authorization: Bearer <token>`; staff issue tokens with
`vieclam users token --email E`. A token acts with its user's role and permissions, nothing more.
Browser scripts on this site may instead use the session cookie; their POST, PATCH and DELETE
requests must then carry the page's CSRF token in an `X-CSRFToken` header.

**Errors** are JSON: `{"message": "...", "errors": {"field": "..."}}`, in the language asked for
with `?lang=vi|en` or `Accept-Language`.
"""

# Marshmallow's own messages, listed so they are extracted into the catalogues and
# shown in the request's language.
MARSHMALLOW_MESSAGES = {
    "Missing data for required field.": _l("Missing data for required field."),
    "Unknown field.": _l("Unknown field."),
    "Field may not be null.": _l("Field may not be null."),
    "Not a valid integer.": _l("Not a valid integer."),
    "Not a valid number.": _l("Not a valid number."),
    "Not a valid string.": _l("Not a valid string."),
    "Not a valid boolean.": _l("Not a valid boolean."),
    "Not a valid date.": _l("Not a valid date."),
    "Not a valid datetime.": _l("Not a valid datetime."),
    "Not a valid list.": _l("Not a valid list."),
    "Not a valid mapping type.": _l("Not a valid mapping type."),
    "Invalid input type.": _l("Invalid input type."),
    "Invalid value.": _l("Invalid value."),
}


def _translate(message: str) -> str:
    known = MARSHMALLOW_MESSAGES.get(message)
    if known is not None:
        return str(known)
    if message.startswith("Must be one of:"):
        return _("Must be one of:") + message[len("Must be one of:") :]
    return message


def _flatten(detail: Any, prefix: str = "") -> dict[str, str]:
    """{"json": {"a": {"0": {"b": ["msg"]}}}} -> {"a.0.b": "msg"}."""
    out: dict[str, str] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list | tuple):
        if all(isinstance(v, str) for v in detail):
            out[prefix or "_"] = " ".join(_translate(v) for v in detail)
        else:
            for i, value in enumerate(detail):
                out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix or "_"] = _translate(str(detail))
    return out


def api_error_callback(error: HTTPError) -> Any:
    """APIFlask's HTTPError (input validation above all) as {"message", "errors"}."""
    errors: dict[str, str] = {}
    detail = error.detail or {}
    if isinstance(detail, dict):
        for location, fields in detail.items():
            # Body fields are named plainly; query, path and header fields carry their location.
            prefix = "" if location in ("json", "form", "files") else str(location)
            errors.update(_flatten(fields, prefix))
    if error.status_code == 422:
        message = _("Some of the data sent is not valid. Correct the fields listed in errors and try again.")
    else:
        message = str(error.message)
    body: dict[str, Any] = {"message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), error.status_code, error.headers


def _bad_json() -> None:
    """A body that is not a JSON object gets a clear 400 instead of a parser's stack of errors."""
    if request.method in SAFE_METHODS or not request.content_length:
        return
    if not request.is_json:
        abort(415, description=_("Send the request body as JSON with Content-Type: application/json."))
    if request.get_json(silent=True) is None:
        abort(400, description=_("The request body is not valid JSON."))


def _authenticate_and_protect() -> None:
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            abort(401, description=_("Send the token as: Authorization: Bearer <token>."))
        user = accounts.user_for_token(get_session(), token.strip())
        if user is None:
            abort(
                401,
                description=_(
                    "The API token is unknown, expired or revoked. Ask the job centre for a new one "
                    "(vieclam users token --email E)."
                ),
            )
        # The token's user, never the cookie's: flask-login reads the user from g first.
        g._login_user = user
    elif request.method not in SAFE_METHODS and current_user.is_authenticated:
        # A cookie-authenticated change: the page's CSRF token must come along. Anonymous
        # requests carry no authority to abuse; the view answers them with 401.
        csrf.protect()
    _bad_json()


def protect_api_blueprint(bp: APIBlueprint) -> APIBlueprint:
    csrf.exempt(bp)
    bp.before_request(_authenticate_and_protect)
    bp.record_once(lambda state: configure_api(state.app))  # type: ignore[arg-type]
    return bp


def require_login() -> Any:
    if not current_user.is_authenticated:
        abort(
            401,
            description=_(
                "Log in, or send an API token in the header Authorization: Bearer <token> "
                "(tokens come from the job centre: vieclam users token --email E)."
            ),
        )
    return current_user._get_current_object()


def _keep_api_paths(spec: dict[str, Any]) -> dict[str, Any]:
    spec["paths"] = {path: ops for path, ops in spec.get("paths", {}).items() if path.startswith("/api/")}
    used = {
        tag
        for ops in spec["paths"].values()
        for op in ops.values()
        if isinstance(op, dict)
        for tag in op.get("tags", [])
    }
    if "tags" in spec:
        spec["tags"] = [t for t in spec["tags"] if t.get("name") in used]
    spec.setdefault("info", {})["description"] = API_DESCRIPTION
    return spec


def configure_api(app: Flask) -> None:
    """Idempotent: every API blueprint calls it when registered."""
    if app.extensions.get("vieclam.api_configured"):
        return
    app.extensions["vieclam.api_configured"] = True
    app.config["SECURITY_SCHEMES"] = {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `vieclam users token --email E`.",
        }
    }
    app.config["HTTP_ERROR_SCHEMA"] = ERROR_SCHEMA
    app.config["VALIDATION_ERROR_SCHEMA"] = ERROR_SCHEMA
    if isinstance(app, APIFlask):
        app.error_callback = api_error_callback  # type: ignore[assignment]
        app.spec_processor(_keep_api_paths)  # type: ignore[arg-type]
        view = app.view_functions.get("openapi.spec")
        if view is not None:
            app.view_functions["openapi.spec"] = _with_page_blueprints_marked(app, view)


def mark_page_blueprints(app: Flask) -> None:
    """Plain Flask blueprints (the HTML pages) are not part of the API document.

    APIFlask skips them when listing routes, but its security-scheme scan reads
    ``enable_openapi`` on every blueprint that has a before_request hook and fails
    with AttributeError on a plain Blueprint; marking them explicitly avoids that.
    """
    for blueprint in app.blueprints.values():
        if not hasattr(blueprint, "enable_openapi"):
            blueprint.enable_openapi = False  # type: ignore[attr-defined]


def _with_page_blueprints_marked(app: Flask, view: Any) -> Any:
    @wraps(view)
    def spec_view(*args: Any, **kwargs: Any) -> Any:
        mark_page_blueprints(app)
        return view(*args, **kwargs)

    return spec_view
