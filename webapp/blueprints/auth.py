"""Log in, log out, register, change password."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .. import db
from ..extensions import limiter
from ..forms import BaseForm
from ..models import User
from ..services import accounts
from ..services.errors import ServiceError
from ..services.privacy import twofactor

bp = Blueprint("auth", __name__)


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class RegisterForm(BaseForm):
    role = RadioField(
        _l("I am"),
        choices=[("jobseeker", _l("looking for work")), ("employer", _l("an employer or agency"))],
        default="jobseeker",
        validators=[DataRequired()],
    )
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


class SecondFactorForm(BaseForm):
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class EnrolForm(BaseForm):
    code = StringField(
        _l("The 6-digit code your app shows now"),
        validators=[DataRequired(), Length(max=10)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


# A password check is good for this long while the second factor is asked for.
PENDING_SECONDS = 300


def _start_second_factor(user: User, next_url: str) -> None:
    session.pop("2fa_secret", None)
    session["2fa"] = {"uid": user.id, "ver": user.session_version, "at": int(time.time()), "next": next_url}


def _pending_user() -> User | None:
    """The staff member who passed the password step in this browser, if still fresh and valid."""
    pending = session.get("2fa")
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.get_session().get(User, pending.get("uid"))
    if user is None or not user.active or user.session_version != pending.get("ver"):
        return None
    return user


def _finish_login(user: User) -> str:
    target = _safe_next((session.get("2fa") or {}).get("next"))
    session.pop("2fa", None)
    session.pop("2fa_secret", None)
    login_user(user)
    return target


def _second_factor_key() -> str:
    pending = session.get("2fa")
    return "2fa:" + str(pending.get("uid") if isinstance(pending, dict) else request.remote_addr)


# Guessing at the second factor is limited per pending login, like passwords per account.
_second_factor_limit = limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"], key_func=_second_factor_key, methods=["POST"]
)


def _needs_pending_user(view: Callable[..., Any]) -> Callable[..., Any]:
    """Pass the view the user who passed the password step, or send them back to log in."""

    @wraps(view)
    def wrapped(**kwargs: Any) -> Any:
        user = _pending_user()
        if user is None:
            flash(_("Please log in again."), "warning")
            return redirect(url_for("auth.login"))
        return view(user, **kwargs)

    return wrapped


def _add_field_errors(form: BaseForm, err: ServiceError) -> None:
    for field, message in err.field_errors.items():
        getattr(form, field).errors.append(message)


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("public.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_ADDRESS"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
)
def login():  # type: ignore[no-untyped-def]
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.get_session(), form.email.data or "", form.password.data or "")
        if user is not None:
            if twofactor.requires_second_factor(user):
                # Staff and administrators: no session until the second factor is checked.
                _start_second_factor(user, _safe_next(request.args.get("next")))
                if user.totp_secret:
                    return redirect(url_for("auth.two_factor"))
                return redirect(url_for("auth.enrol_two_factor"))
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong e-mail or password."))
        return render_template("auth/login.html", form=form), 401
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/login/two-factor", methods=["GET", "POST"])
@_second_factor_limit
@_needs_pending_user
def two_factor(user: User):  # type: ignore[no-untyped-def]
    if not user.totp_secret:
        return redirect(url_for("auth.enrol_two_factor"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        used = twofactor.verify_second_factor(db.get_session(), user, form.code.data or "")
        if used is not None:
            target = _finish_login(user)
            if used == "recovery":
                left = twofactor.remaining_recovery_codes(db.get_session(), user)
                flash(_("You used a recovery code; %(n)d remain.", n=left), "warning")
            return redirect(target)
        form.code.errors.append(_("This code is not valid. Check the time on your phone and try again."))
        return render_template("auth/two_factor.html", form=form), 401
    status = 422 if request.method == "POST" else 200
    return render_template("auth/two_factor.html", form=form), status


@bp.route("/login/two-factor/enrol", methods=["GET", "POST"])
@_second_factor_limit
@_needs_pending_user
def enrol_two_factor(user: User):  # type: ignore[no-untyped-def]
    if user.totp_secret:
        return redirect(url_for("auth.two_factor"))
    # The secret lives in the signed session cookie of this browser until the person proves
    # their app has it; only then is it stored on the account.
    secret = session.get("2fa_secret") or twofactor.new_secret()
    session["2fa_secret"] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        codes = twofactor.enrol(db.get_session(), user, secret, form.code.data or "")
        if codes is not None:
            target = _finish_login(user)
            return render_template("auth/recovery_codes.html", codes=codes, next_url=target)
        form.code.errors.append(_("This code is not valid. Check the time on your phone and try again."))
        status = 401
    else:
        status = 422 if request.method == "POST" else 200
    qr = twofactor.provisioning_qr_svg(user, secret)
    return render_template("auth/enrol.html", form=form, qr=qr, secret=secret), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    accounts.end_all_sessions(current_user)
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():  # type: ignore[no-untyped-def]
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                db.get_session(),
                email=form.email.data or "",
                password=form.password.data or "",
                role=form.role.data or "jobseeker",
                display_name=form.display_name.data or "",
            )
        except ServiceError as err:
            db.rollback()
            _add_field_errors(form, err)
            if not err.field_errors:
                form.email.errors.append(err.message)
            return render_template("auth/register.html", form=form), err.status
        login_user(user)
        flash(_("Welcome! Your account has been created."), "success")
        return redirect(url_for("public.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                db.get_session(), current_user, form.current_password.data or "", form.password.data or ""
            )
        except ServiceError as err:
            db.rollback()
            _add_field_errors(form, err)
            return render_template("auth/password.html", form=form), err.status
        # The version bump logged out every other copy of the session; keep this one.
        login_user(current_user._get_current_object())  # type: ignore[attr-defined]
        flash(_("Your password has been changed. Other sessions have been logged out."), "success")
        return redirect(url_for("public.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status
