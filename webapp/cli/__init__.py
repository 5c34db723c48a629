"""The ``vieclam`` command: a Flask CLI group whose commands are registered in create_app()."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import import_module
from typing import Any, TypeVar

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from .. import db
from ..services.errors import ServiceError

# Each module exposes ``commands``: a list of click commands or groups.
CLI_MODULES = [
    "ranker",
    "database",
    "seed",
    "users",
    "serve",
    "vacancies",
    "alerts",
    "privacy",
    "indicators",
    "targets",
    "imports",
    "search",
]

F = TypeVar("F", bound=Callable[..., Any])


def transactional(fn: F) -> F:
    """One commit point per command; a ServiceError becomes a clear message and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
        except ServiceError as err:
            db.rollback()
            lines = [err.message] + [f"  {k}: {v}" for k, v in err.field_errors.items()]
            raise click.ClickException("\n".join(lines)) from None
        except BaseException:
            db.rollback()
            raise
        db.commit()
        return result

    return wrapper  # type: ignore[return-value]


def _with_appcontext(command: click.Command) -> None:
    """Every command runs inside an app context, however it is invoked (console script or test runner)."""
    if command.callback is not None and not getattr(command.callback, "_vieclam_ctx", False):
        wrapped = with_appcontext(command.callback)
        wrapped._vieclam_ctx = True  # type: ignore[attr-defined]
        command.callback = wrapped
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_appcontext(sub)


def register_cli(app: Flask) -> None:
    for name in CLI_MODULES:
        module = import_module(f"{__name__}.{name}")
        for command in module.commands:
            _with_appcontext(command)
            app.cli.add_command(command)


def _create_app() -> Flask:
    from .. import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """ViecLam: job matching and labour-market information (Hà Tĩnh)."""
