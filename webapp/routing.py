"""URL converters shared by every blueprint."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2_147_483_647  # the largest id a 32-bit INTEGER primary key can hold


class IdConverter(IntegerConverter):
    """``<int:id>`` that only matches ids a database row can have.

    Without the bound, /vacancies/9223372036854775808 reaches the database and
    fails with an overflow instead of a plain 404.
    """

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
