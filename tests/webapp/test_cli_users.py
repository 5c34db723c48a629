"""`vieclam users ...`: accounts and API tokens from the command line."""

from __future__ import annotations

from sqlalchemy import select

from webapp.models import Role, User


def test_create_staff_and_issue_token(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "staff",
            "--email",
            "CanBo2@Example.vn",
            "--password",
            "Mot-mat-khau-dai",
        ]
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "canbo2@example.vn"))
    assert user is not None and user.role == Role.STAFF

    token = runner.invoke(args=["users", "token", "--email", "canbo2@example.vn"])
    assert token.exit_code == 0
    bearer = token.output.strip()
    assert bearer.startswith("vl_")
    # The token authenticates API calls as that user and nothing more.
    client = app.test_client()
    resp = client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {bearer}"})
    assert resp.status_code == 200


def test_create_refuses_bad_input_and_saves_nothing(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--role", "staff", "--email", "not-an-email", "--password", "x" * 12]
    )
    assert result.exit_code == 1
    assert "valid e-mail" in result.output
    result = runner.invoke(
        args=["users", "create", "--role", "staff", "--email", "a@b.vn", "--password", "password123"]
    )
    assert result.exit_code == 1
    assert "too common" in result.output
    assert session.scalar(select(User).where(User.email == "a@b.vn")) is None


def test_token_for_unknown_user_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["users", "token", "--email", "nobody@example.vn"])
    assert result.exit_code == 1
    assert "No user with e-mail" in result.output


def test_disable_ends_sessions(app, session):
    runner = app.test_cli_runner()
    runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "jobseeker",
            "--email",
            "js@example.vn",
            "--password",
            "Mot-mat-khau-dai",
        ]
    )
    user = session.scalar(select(User).where(User.email == "js@example.vn"))
    version = user.session_version
    assert runner.invoke(args=["users", "disable", "--email", "js@example.vn"]).exit_code == 0
    session.refresh(user)
    assert not user.active and user.session_version == version + 1
