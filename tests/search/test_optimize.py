"""`vieclam search optimize`: the SQLite index merged into one segment, deleted words gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from search.backends.sqlite import SQLiteBackend
from tests.conftest import migrate
from webapp import create_app
from webapp.db import make_engine


def _doc(i: int, title: str) -> dict[str, Any]:
    return {"id": i, "version": 1, "text": {"title": title}, "searchable": True, "display": {"title": title}}


def _index_bytes(conn: Any) -> bytes:
    return b"".join(bytes(b) for (b,) in conn.execute(text("SELECT block FROM fts_jobseekers_data")) if b)


def _titles_matching(conn: Any, word: str) -> list[int]:
    rows = conn.execute(
        text("SELECT rowid FROM fts_jobseekers WHERE fts_jobseekers MATCH :w ORDER BY rowid"), {"w": word}
    )
    return [int(r) for (r,) in rows]


def test_optimize_drops_deleted_words_from_the_index_pages_and_keeps_results(
    tmp_path: Path, app_config: dict[str, Any]
) -> None:
    url = f"sqlite:///{tmp_path / 'optimize.db'}"
    migrate(url)
    engine = make_engine(url)
    backend = SQLiteBackend()
    # Separate commits make separate FTS5 segments, as a day of edits does.
    for i, title in enumerate(["Thợ hàn zzxqmarker", "Thợ hàn điện", "Thợ may", "Lái xe tải"], start=1):
        with engine.begin() as conn:
            backend.upsert(conn, "jobseekers", [_doc(i, title)])
    with engine.begin() as conn:
        backend.delete(conn, "jobseekers", [1])
    with engine.connect() as conn:
        before = _titles_matching(conn, "han")
        assert before == [2]
        # FTS5 only marks the deletion: the word is still in an old segment.
        assert b"zzxqmarker" in _index_bytes(conn)
    engine.dispose()

    result = (
        create_app({**app_config, "DATABASE_URL": url})
        .test_cli_runner()
        .invoke(args=["search", "optimize", "--entity", "jobseekers"])
    )
    assert result.exit_code == 0, result.output
    assert "jobseekers: index merged" in result.output

    engine = make_engine(url)
    with engine.connect() as conn:
        assert b"zzxqmarker" not in _index_bytes(conn)
        assert _titles_matching(conn, "han") == before
        assert _titles_matching(conn, "xe") == [4]
    engine.dispose()
