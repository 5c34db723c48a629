"""The SQLite typo vocabulary follows the index: a replaced or deleted document's words go.

The FTS5 table keeps no text, so the words a document brought are read back from its
docs row; a word no document has any more must not be offered as "did you mean".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from search.backends.sqlite import SQLiteBackend
from search.query import Query
from tests.conftest import migrate
from webapp.db import make_engine


def _doc(i: int, title: str) -> dict[str, Any]:
    return {"id": i, "version": 1, "text": {"title": title}, "searchable": True, "display": {"title": title}}


def _counts(conn: Connection) -> dict[str, int]:
    rows = conn.exec_driver_sql("SELECT term, docs FROM fts_terms WHERE entity = 'jobseekers'")
    return {str(t): int(n) for t, n in rows}


def test_replaced_and_deleted_documents_take_their_words_out_of_the_vocabulary(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'vocabulary.db'}"
    migrate(url)
    engine = make_engine(url)
    backend = SQLiteBackend()
    with engine.begin() as conn:
        backend.upsert(conn, "jobseekers", [_doc(1, "Thợ hàn Quảng Xương"), _doc(2, "Thợ hàn điện")])
    with engine.connect() as conn:
        assert _counts(conn) == {"tho": 2, "han": 2, "quang": 1, "xuong": 1, "dien": 1}
        assert backend.search(conn, "jobseekers", Query(text="xuongg")).total == 1  # typo corrected
        assert backend.search(conn, "jobseekers", Query(text="xuongg", fuzzy=False)).suggestion == "xuong"

    with engine.begin() as conn:  # the first profile is edited: the place name goes
        backend.upsert(conn, "jobseekers", [_doc(1, "Thợ may")])
    with engine.connect() as conn:
        assert _counts(conn) == {"tho": 2, "han": 1, "may": 1, "dien": 1}
        assert backend.search(conn, "jobseekers", Query(text="xuongg")).total == 0
        assert backend.search(conn, "jobseekers", Query(text="xuongg", fuzzy=False)).suggestion is None

    with engine.begin() as conn:  # the second is erased
        backend.delete(conn, "jobseekers", [2])
    with engine.connect() as conn:
        assert _counts(conn) == {"tho": 1, "may": 1}
        assert [h.id for h in backend.search(conn, "jobseekers", Query(text="tho")).hits] == [1]
    engine.dispose()
