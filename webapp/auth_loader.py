"""How a request finds its user: a session cookie (pages) or a bearer token (API)."""

from __future__ import annotations

from flask import Flask, Request

from .db import get_session
from .extensions import login_manager
from .models import User
from .services import accounts


def register_user_loader(app: Flask) -> None:
    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The id carries the session version it was issued with; a logout or a
        # password change bumps the version, so every older cookie is refused.
        try:
            uid, version = (int(part) for part in user_id.split(":", 1))
        except ValueError:
            return None
        user = get_session().get(User, uid)
        if user is None or not user.active or user.session_version != version:
            return None
        return user

    @login_manager.request_loader
    def load_user_from_token(request: Request) -> User | None:
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        return accounts.user_for_token(get_session(), header[7:].strip())
