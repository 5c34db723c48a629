"""Log in, log out, register, change password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .. import db
from ..extensions import limiter
from ..forms import BaseForm
from ..services import accounts
from ..services.errors import ServiceError

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


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("public.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: __import__("flask").current_app.config["LOGIN_RATE_LIMIT_ADDRESS"], methods=["POST"])
@limiter.limit(
    lambda: __import__("flask").current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
)
def login():  # type: ignore[no-untyped-def]
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.get_session(), form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong e-mail or password."))
        return render_template("auth/login.html", form=form), 401
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


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
            for field, message in err.field_errors.items():
                getattr(form, field).errors.append(message)
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
            for field, message in err.field_errors.items():
                getattr(form, field).errors.append(message)
            return render_template("auth/password.html", form=form), err.status
        # The version bump logged out every other copy of the session; keep this one.
        login_user(current_user._get_current_object())  # type: ignore[attr-defined]
        flash(_("Your password has been changed. Other sessions have been logged out."), "success")
        return redirect(url_for("public.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status
