"""What happens around every request: the commit point, errors, security headers."""

from __future__ import annotations

from flask import Flask, Response, current_app, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import db
from .services.errors import ServiceError

# default-src 'self' covers fonts and fetches; data: images only for the two-factor QR code.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# What to say for werkzeug's own errors, in the reader's language (its descriptions are English).
HTTP_MESSAGES = {
    400: _l("The request could not be understood. Check the address and the data sent."),
    401: _l("Please log in first."),
    403: _l("You do not have permission to see this page."),
    404: _l("There is nothing at this address. Check it, or start from the home page."),
    405: _l("This address does not accept that kind of request."),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Something went wrong on our side. Nothing you sent was half-saved; try again later."),
}


def _http_message(err: HTTPException) -> str:
    """A message given with the error (``abort(404, description=...)``) stands; werkzeug's
    default English text is replaced by ours."""
    default = type(err).description
    if err.code != 429 and err.description and err.description != default:  # 429: the limit itself
        return str(err.description)
    known = HTTP_MESSAGES.get(err.code or 500)
    return str(known) if known is not None else str(err.description or err.name)


def _production() -> bool:
    return current_app.config.get("ENV") == "production"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register_request_cycle(app: Flask) -> None:
    @app.after_request
    def _commit(response: Response) -> Response:
        # One commit point per request: successful responses commit, everything else rolls back.
        if response.status_code < 400:
            db.commit()
        else:
            db.rollback()
        return response

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # Set on every response (pages, errors, API, static files). Everything is served
        # from this origin: no third-party scripts, styles, fonts or analytics.
        headers = response.headers
        headers["Content-Security-Policy"] = CSP + ("; upgrade-insecure-requests" if _production() else "")
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=(), payment=(), usb=()"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if _production():
            headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if current_user and current_user.is_authenticated and not request.path.startswith("/static/"):
            # Pages for a signed-in person may show personal data: no shared or back-button caches.
            headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(ServiceError)
    def _service_error(err: ServiceError):  # type: ignore[no-untyped-def]
        db.rollback()
        if wants_json():
            body: dict[str, object] = {"message": err.message}
            if err.field_errors:
                body["errors"] = err.field_errors
            return jsonify(body), err.status
        return render_template("error.html", code=err.status, message=err.message), err.status

    @app.errorhandler(CSRFError)
    def _csrf_error(err: CSRFError):  # type: ignore[no-untyped-def]
        db.rollback()
        message = _("The form has expired or was not sent from this site. Reload the page and try again.")
        if wants_json():
            return jsonify({"message": message}), 400
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):  # type: ignore[no-untyped-def]
        db.rollback()
        if err.code == 401 and not wants_json():
            flash(_("Please log in first."), "warning")
            return redirect(f"/login?next={request.full_path}")
        message = _http_message(err)
        if wants_json():
            return jsonify({"message": message}), err.code
        return render_template("error.html", code=err.code, message=message), err.code
