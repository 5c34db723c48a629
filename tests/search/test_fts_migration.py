"""Migrations 0004 to 0007 bring FTS tables of older layouts to the current one in place, without a reindex."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config

from search.backends.sqlite import SQLiteBackend
from search.query import Query
from tests.conftest import migrate
from webapp.cli.database import alembic_config
from webapp.db import make_engine

FIELDS = "title, occupation, skills, employer, place, description"
LAYOUT_0002 = (
    f"CREATE VIRTUAL TABLE fts_vacancies USING fts5({FIELDS}, exact, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
LAYOUT_0004 = (
    f"CREATE VIRTUAL TABLE fts_vacancies USING fts5({FIELDS}, exact, pairs, pairs_main, "
    "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
)
LAYOUT_0005 = (
    f"CREATE VIRTUAL TABLE fts_vacancies USING fts5({FIELDS}, pairs, pairs_main, "
    "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
)
TEXT = "7, 'cong nhan may', 'cong nhan may cong nghiep', '', 'cong ty tnhh ha tinh', '', ''"
EXACT = "'công nhân may'"
REPEATED_PAIRS = (
    "'cong_nhan nhan_may cong_nhan nhan_may may_cong cong_nghiep cong_ty ty_tnhh tnhh_ha ha_tinh', "
    "'cong_nhan nhan_may cong_nhan nhan_may may_cong cong_nghiep'"
)
PAIRS = (
    "'cong_nhan nhan_may may_cong cong_nghiep cong_ty ty_tnhh tnhh_ha ha_tinh', "
    "'cong_nhan nhan_may may_cong cong_nghiep'"
)
# (revision to go back to, the FTS table as it was then, a vacancy in it)
OLD_INDEXES = {
    "0004 and 0005 bring an index without pairs to the current layout": (
        "0003", LAYOUT_0002, f"INSERT INTO fts_vacancies (rowid, {FIELDS}, exact) VALUES ({TEXT}, {EXACT})"
    ),
    "0005 drops the exact column and repeated pairs": (
        "0004",
        LAYOUT_0004,
        f"INSERT INTO fts_vacancies (rowid, {FIELDS}, exact, pairs, pairs_main) "
        f"VALUES ({TEXT}, {EXACT}, {REPEATED_PAIRS})",
    ),
    "0006 drops the stored text and keeps the words": (
        "0005", LAYOUT_0005, f"INSERT INTO fts_vacancies (rowid, {FIELDS}, pairs, pairs_main) VALUES ({TEXT}, {PAIRS})"
    ),
}


def _old_database(tmp_path: Path, revision: str, layout: str, insert: str) -> tuple[str, Config]:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url)
    cfg = alembic_config(url)
    cfg.attributes["skip_logging"] = True
    command.downgrade(cfg, revision)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE fts_vacancies_vocab")
        conn.exec_driver_sql("DROP TABLE fts_vacancies")
        if revision == "0003":
            conn.exec_driver_sql("DROP TABLE fts_changes")
        conn.exec_driver_sql(layout)
        conn.exec_driver_sql(insert)
        conn.exec_driver_sql("INSERT INTO fts_vacancies_docs (id, version, visible, data) VALUES (7, 1, 1, '{}')")
    engine.dispose()
    return url, cfg


def _indexed(conn: Any, column: str) -> str:
    """The tokens FTS5 holds for vacancy 7 in ``column``, in order (the table keeps no text)."""
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tokens USING fts5vocab(main, fts_vacancies, instance)"
    )
    rows = conn.exec_driver_sql(
        "SELECT term FROM temp.tokens WHERE doc = 7 AND col = ? ORDER BY offset", (column,)
    )
    return " ".join(t for (t,) in rows)


def _assert_current_layout(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(fts_vacancies)")]
        assert "exact" not in columns
        layout = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'fts_vacancies'").scalar()
        assert "contentless_delete" in layout
        # Each pair once: the title's pairs are not repeated by the occupation's.
        assert _indexed(conn, "pairs") == "cong_nhan nhan_may may_cong cong_nghiep cong_ty ty_tnhh tnhh_ha ha_tinh"
        assert _indexed(conn, "pairs_main") == "cong_nhan nhan_may may_cong cong_nghiep"
        assert _indexed(conn, "title") == "cong nhan may"
        # The words the vocabulary forgets when the vacancy goes, kept beside the document.
        words = conn.exec_driver_sql("SELECT words FROM fts_vacancies_docs WHERE id = 7").scalar()
        assert words == "cong ha may nghiep nhan tinh tnhh ty"
        assert [
            h.id for h in SQLiteBackend().search(conn, "vacancies", Query(text="công nhân may")).hits
        ] == [7]
        assert [h.id for h in SQLiteBackend().search(conn, "vacancies", Query(text="tnhh")).hits] == [7]
        # The docs tables keep their covering index only (0007): filters run on in-process columns.
        indexes = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'fts_%_docs' AND sql IS NOT NULL"
        )
        assert {n for (n,) in indexes} == {"ix_fts_vacancies_docs_cover", "ix_fts_jobseekers_docs_cover"}
    engine.dispose()


@pytest.mark.parametrize("revision, layout, insert", list(OLD_INDEXES.values()), ids=list(OLD_INDEXES))
def test_an_old_index_is_brought_to_the_current_layout(
    tmp_path: Path, revision: str, layout: str, insert: str
) -> None:
    url, cfg = _old_database(tmp_path, revision, layout, insert)
    command.upgrade(cfg, "head")
    _assert_current_layout(url)
