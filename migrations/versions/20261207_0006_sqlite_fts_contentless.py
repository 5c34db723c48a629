"""SQLite FTS: the index keeps no copy of the text (embedded profile only).

The FTS5 tables become contentless with deletes (``content='', contentless_delete=1``,
SQLite 3.43 or later, see ``search.backends.sqlite_driver``): the copy of every indexed
text was 40% of the database file and a third of the time to write a million profiles
(benchmarks/RESULTS-seed.md). Nothing shown to a user came from it (display text and
snippets come from the docs table). The one reader was the typo vocabulary, which reads
a deleted document's words to lower their counts: those words now sit in the docs
table's new ``words`` column, filled here from the old stored text before it goes.

Each table is rebuilt from its own stored text, as in 0004 and 0005; no reindex from the
application data is needed. A database created at 0002 with the current code already
has this layout and is left alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from search.backends.sqlite_rows import words_text
    from search.backends.sqlite_schema import create_statements, rebuild_fts_table
    from search.schemas import SCHEMAS

    bind.connection.driver_connection.create_function(  # type: ignore[union-attr]
        "vieclam_words", -1, lambda *values: words_text(" ".join(v or "" for v in values).split()),
        deterministic=True,
    )
    for schema in SCHEMAS.values():
        name = f"fts_{schema.name}"
        layout = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).scalar()
        if layout is None:
            continue  # created below, in the current layout
        docs_columns = [str(r[1]) for r in bind.exec_driver_sql(f"PRAGMA table_info({name}_docs)")]
        if "words" not in docs_columns:
            op.execute(f"ALTER TABLE {name}_docs ADD COLUMN words TEXT NOT NULL DEFAULT ''")
        if "contentless_delete" in str(layout):
            continue
        fields = ", ".join(schema.text_fields)
        op.execute(
            f"UPDATE {name}_docs SET words = coalesce("
            f"(SELECT vieclam_words({fields}) FROM {name} WHERE rowid = {name}_docs.id), '')"
        )
        columns = f"{fields}, pairs, pairs_main"
        # The layout as of this revision, not the current one.
        rebuild_fts_table(
            op.execute,
            name,
            f"CREATE VIRTUAL TABLE {name}_new USING fts5({columns}, content = '', contentless_delete = 1, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")",
            columns,
            columns,
        )
    for statement in create_statements():
        op.execute(statement)


def downgrade() -> None:
    # The text is gone and cannot be brought back here; the code of 0005 searches this layout
    # as it is (its deletes then leave vocabulary counts behind until `vieclam search reindex`).
    pass
