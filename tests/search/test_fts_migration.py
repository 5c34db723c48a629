"""Migration 0004 rebuilds an FTS table of the old layout (no syllable-pair columns) in place."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from search.backends.sqlite import SQLiteBackend
from search.query import Query
from tests.conftest import migrate
from webapp.cli.database import alembic_config
from webapp.db import make_engine

OLD_LAYOUT = (
    "CREATE VIRTUAL TABLE fts_vacancies USING fts5(title, occupation, skills, employer, place, "
    "description, exact, tokenize = 'unicode61 remove_diacritics 0')"
)


def test_0004_adds_pairs_to_an_old_index_without_a_reindex(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate(url)
    cfg = alembic_config(url)
    cfg.attributes["skip_logging"] = True
    command.downgrade(cfg, "0003")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE fts_vacancies_vocab")
        conn.exec_driver_sql("DROP TABLE fts_vacancies")
        conn.exec_driver_sql("DROP TABLE fts_changes")
        conn.exec_driver_sql(OLD_LAYOUT)
        conn.exec_driver_sql(
            "INSERT INTO fts_vacancies (rowid, title, occupation, skills, employer, place, description, exact) "
            "VALUES (7, 'cong nhan may', 'cong nhan may cong nghiep', '', 'cong ty tnhh ha tinh', '', "
            "'', 'công nhân may')"
        )
        conn.exec_driver_sql(
            "INSERT INTO fts_vacancies_docs (id, version, visible, data) VALUES (7, 1, 1, '{}')"
        )
    engine.dispose()

    command.upgrade(cfg, "head")

    engine = make_engine(url)
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT pairs, pairs_main FROM fts_vacancies WHERE rowid = 7").one()
        assert (
            row[0]
            == "cong_nhan nhan_may cong_nhan nhan_may may_cong cong_nghiep cong_ty ty_tnhh tnhh_ha ha_tinh"
        )
        assert row[1] == "cong_nhan nhan_may cong_nhan nhan_may may_cong cong_nghiep"
        assert conn.exec_driver_sql("SELECT n FROM fts_changes").all() == []
        assert [
            h.id for h in SQLiteBackend().search(conn, "vacancies", Query(text="công nhân may")).hits
        ] == [7]
    engine.dispose()
