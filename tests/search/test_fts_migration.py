"""Migrations 0004 and 0005 rebuild FTS tables of older layouts in place, without a reindex."""

from __future__ import annotations

from pathlib import Path

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
VALUES = (
    "7, 'cong nhan may', 'cong nhan may cong nghiep', '', 'cong ty tnhh ha tinh', '', '', 'công nhân may'"
)


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


def _assert_current_layout(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(fts_vacancies)")]
        assert "exact" not in columns
        row = conn.exec_driver_sql("SELECT pairs, pairs_main FROM fts_vacancies WHERE rowid = 7").one()
        # Each pair once: the title's pairs are not repeated by the occupation's.
        assert row[0] == "cong_nhan nhan_may may_cong cong_nghiep cong_ty ty_tnhh tnhh_ha ha_tinh"
        assert row[1] == "cong_nhan nhan_may may_cong cong_nghiep"
        assert [
            h.id for h in SQLiteBackend().search(conn, "vacancies", Query(text="công nhân may")).hits
        ] == [7]
        assert [h.id for h in SQLiteBackend().search(conn, "vacancies", Query(text="tnhh")).hits] == [7]
    engine.dispose()


def test_0004_and_0005_bring_an_index_without_pairs_to_the_current_layout(tmp_path: Path) -> None:
    url, cfg = _old_database(
        tmp_path,
        "0003",
        LAYOUT_0002,
        f"INSERT INTO fts_vacancies (rowid, {FIELDS}, exact) VALUES ({VALUES})",
    )
    command.upgrade(cfg, "head")
    _assert_current_layout(url)


def test_0005_drops_the_exact_column_and_repeated_pairs(tmp_path: Path) -> None:
    url, cfg = _old_database(
        tmp_path,
        "0004",
        LAYOUT_0004,
        f"INSERT INTO fts_vacancies (rowid, {FIELDS}, exact, pairs, pairs_main) VALUES ({VALUES}, "
        "'cong_nhan nhan_may cong_nhan nhan_may may_cong cong_nghiep cong_ty ty_tnhh tnhh_ha ha_tinh', "
        "'cong_nhan nhan_may cong_nhan nhan_may may_cong cong_nghiep')",
    )
    command.upgrade(cfg, "head")
    _assert_current_layout(url)
