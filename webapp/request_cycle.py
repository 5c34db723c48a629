"""What happens around every request: the commit point, errors, security headers."""

from __future__ import annotations

from flask import Flask, Response, flash, jsonify, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import db
from .services.errors import ServiceError


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
        headers = response.headers
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        if app.config["ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
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
