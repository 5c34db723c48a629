"""What happens around every request: the commit point, errors, security headers."""

from __future__ import annotations

from flask import Flask, Response, current_app, flash, jsonify, redirect, render_template, request
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
        message = "The form has expired or was not sent from this site. Reload the page and try again."
        if wants_json():
            return jsonify({"message": message}), 400
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):  # type: ignore[no-untyped-def]
        db.rollback()
        if err.code == 401 and not wants_json():
            flash("Please log in first.", "warning")
            return redirect(f"/login?next={request.full_path}")
        if wants_json():
            return jsonify({"message": err.description or err.name}), err.code
        return render_template("error.html", code=err.code, message=err.description), err.code
