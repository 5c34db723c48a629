"""The SQLite library the embedded profile runs on.

The FTS5 index keeps no copy of the text it indexes (``contentless_delete=1``,
SQLite 3.43 or later): a third of the disk and about 40% less time to write a
million profiles. Python's own ``sqlite3`` links whatever library the system
has (Debian 12: 3.40), so the PyPI package ``pysqlite3-binary``, which brings
a recent SQLite with FTS5 built in, is used when it is installed; otherwise the
standard module, if its library is new enough.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from types import ModuleType

__all__ = ["MIN_VERSION", "SQLiteTooOld", "dbapi", "is_connection"]

MIN_VERSION = (3, 43, 0)


class SQLiteTooOld(RuntimeError):
    """The only SQLite at hand cannot hold the search index."""


def _candidates() -> list[ModuleType]:
    found: list[ModuleType] = []
    try:
        from pysqlite3 import dbapi2  # type: ignore[import-not-found,unused-ignore]

        found.append(dbapi2)
    except ImportError:
        pass
    found.append(sqlite3)
    return found


@cache
def dbapi() -> ModuleType:
    """The DB-API module for SQLite connections: the first with a library of ``MIN_VERSION``."""
    for module in _candidates():
        if tuple(module.sqlite_version_info) >= MIN_VERSION:
            return module
    need = ".".join(map(str, MIN_VERSION))
    raise SQLiteTooOld(
        f"SQLite {sqlite3.sqlite_version} is too old for the search index (needs {need} or later). "
        "Install the 'pysqlite3-binary' package (pip install pysqlite3-binary), or run Python "
        "linked with a newer SQLite."
    )


def is_connection(obj: object) -> bool:
    """Whether ``obj`` is a DB-API connection of either SQLite module."""
    return any(isinstance(obj, m.Connection) for m in _candidates())
