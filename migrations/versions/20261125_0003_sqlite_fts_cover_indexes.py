"""SQLite FTS: covering indexes on the search docs tables (embedded profile only).

Databases migrated to 0002 before these indexes existed get them here; the
statements are idempotent, so a fresh database (whose 0002 already made them)
is unchanged. Hand-written for the same reason as 0002.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COVER_INDEXES = ("ix_fts_vacancies_docs_cover", "ix_fts_jobseekers_docs_cover")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    from search.backends.sqlite import create_statements

    for statement in create_statements():
        if any(name in statement for name in _COVER_INDEXES):
            op.execute(statement)


def downgrade() -> None:
    # 0002 builds its tables from the current layout, indexes included; nothing to undo here.
    pass
