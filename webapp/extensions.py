"""Flask extensions, created unbound and initialised in create_app()."""

from __future__ import annotations

import os

from flask import has_request_context, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

SUPPORTED_LOCALES = ("vi", "en")

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "basic"
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()


def select_locale() -> str:
    """?lang= wins, then the user's choice kept in the session, then the browser, then Vietnamese.

    Outside a request (the CLI) the shell's LANG decides: Vietnamese for vi_*, English otherwise.
    """
    if not has_request_context():
        return "vi" if os.environ.get("LANG", "").startswith("vi") else "en"
    lang = request.args.get("lang")
    if lang in SUPPORTED_LOCALES:
        session["lang"] = lang
        return lang
    if session.get("lang") in SUPPORTED_LOCALES:
        return session["lang"]
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or "vi"
