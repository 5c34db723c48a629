"""The embedded profile's SQLite: new enough for a contentless FTS5 index, or a clear refusal."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from search.backends import sqlite_driver
from search.backends.sqlite_driver import MIN_VERSION, SQLiteTooOld
from webapp.db import make_engine


def test_engines_run_on_a_sqlite_that_can_delete_from_a_contentless_index(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'driver.db'}")
    with engine.begin() as conn:
        version = conn.exec_driver_sql("SELECT sqlite_version()").scalar()
        assert tuple(int(p) for p in str(version).split(".")) >= MIN_VERSION
        conn.exec_driver_sql("CREATE VIRTUAL TABLE t USING fts5(a, content = '', contentless_delete = 1)")
        conn.exec_driver_sql("INSERT INTO t (rowid, a) VALUES (1, 'tho han'), (2, 'tho may')")
        conn.exec_driver_sql("DELETE FROM t WHERE rowid = 1")
        assert conn.exec_driver_sql("SELECT rowid FROM t WHERE t MATCH 'tho'").scalars().all() == [2]
    engine.dispose()


def test_an_old_sqlite_is_refused_with_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    old = SimpleNamespace(sqlite_version_info=(3, 40, 1))
    monkeypatch.setattr(sqlite_driver, "_candidates", lambda: [old])
    with pytest.raises(SQLiteTooOld, match="pip install pysqlite3-binary"):
        sqlite_driver.dbapi.__wrapped__()
