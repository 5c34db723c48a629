"""SQLite FTS: syllable-pair column, vocabulary views and the change counter (embedded profile only).

The FTS5 tables get ``pairs`` and ``pairs_main`` columns ("cong_nhan": neighbouring folded
syllables as one token, so common two-syllable words are short posting lists; ``pairs_main``
repeats those of the title and occupation so that they rank higher) and a tokenizer that
keeps '_' inside tokens. FTS5 cannot add a column, so each table is rebuilt: the new
table is filled from the old one's stored text (the pairs computed from it with the
same ``search.text.pairs``), then takes the old one's name. No reindex from the
application data is needed. Also creates ``fts_<entity>_vocab`` (fts5vocab, document
counts per token) and ``fts_changes`` (the counter that tells the in-process columns
of ``sqlite_columns`` when to reload). A database created at 0002 with the current
code already has all of it and is left alone. Hand-written for the same reason as 0002.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from search.backends.sqlite_schema import PAIR_MAIN_FIELDS, create_statements, rebuild_fts_table
    from search.schemas import SCHEMAS
    from search.text import pairs

    def joined_pairs(*values: str | None) -> str:
        return " ".join(p for p in (pairs(v or "") for v in values) if p)

    bind.connection.driver_connection.create_function(  # type: ignore[union-attr]
        "vieclam_pairs", -1, joined_pairs, deterministic=True
    )
    for schema in SCHEMAS.values():
        name = f"fts_{schema.name}"
        columns = [str(r[1]) for r in bind.exec_driver_sql(f"PRAGMA table_info({name})")]
        if not columns or "pairs_main" in columns:
            continue
        fields = ", ".join(schema.text_fields)
        main = ", ".join(f for f in schema.text_fields if f in PAIR_MAIN_FIELDS)
        # The layout as of this revision (0005 takes ``exact`` out again), not the current one.
        rebuild_fts_table(
            op.execute,
            name,
            f"CREATE VIRTUAL TABLE {name}_new USING fts5({fields}, exact, pairs, pairs_main, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")",
            f"{fields}, exact, pairs, pairs_main",
            f"{fields}, exact, vieclam_pairs({fields}), vieclam_pairs({main})",
        )
    for statement in create_statements():
        op.execute(statement)


def downgrade() -> None:
    # 0002 builds its tables from the current layout; nothing here to undo on its own.
    pass
