"""SQLite FTS: a lighter index (embedded profile only).

The ``exact`` column (every word again with its marks) goes: no query matched on it,
and the check it served, whether the best-ranked documents hold the words as typed with
their marks, now reads the display text of those rows. The pair columns keep each pair
once per document. At a million profiles the index is about a third smaller and takes
a third less time to write (benchmarks/RESULTS-seed.md).

FTS5 cannot drop a column, so each table is rebuilt from its own stored text and takes
the old one's name, as in 0004; no reindex from the application data is needed. A
database created at 0002 with the current code has the new layout and is left alone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from search.backends.sqlite_schema import create_statements, rebuild_fts_table
    from search.schemas import SCHEMAS
    from search.text import unique_tokens

    bind.connection.driver_connection.create_function(  # type: ignore[union-attr]
        "vieclam_unique_tokens", 1, lambda v: unique_tokens([v or ""]), deterministic=True
    )
    for schema in SCHEMAS.values():
        name = f"fts_{schema.name}"
        columns = [str(r[1]) for r in bind.exec_driver_sql(f"PRAGMA table_info({name})")]
        if "exact" not in columns:
            continue
        fields = ", ".join(schema.text_fields)
        # The layout as of this revision (0006 stops keeping the text), not the current one.
        rebuild_fts_table(
            op.execute,
            name,
            f"CREATE VIRTUAL TABLE {name}_new USING fts5({fields}, pairs, pairs_main, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")",
            f"{fields}, pairs, pairs_main",
            f"{fields}, vieclam_unique_tokens(pairs), vieclam_unique_tokens(pairs_main)",
        )
    for statement in create_statements():
        op.execute(statement)


def downgrade() -> None:
    # The dropped column held nothing the current code reads; nothing here to undo on its own.
    pass
