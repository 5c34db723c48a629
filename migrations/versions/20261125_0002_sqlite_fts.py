"""SQLite FTS5 search tables (embedded profile only).

Hand-written: Alembic's autogenerate cannot see FTS5 virtual tables, and
migrations/env.py tells it to ignore every ``fts_*`` table. On PostgreSQL this
migration does nothing (search lives in Elasticsearch there).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    from search.backends.sqlite import create_statements

    for statement in create_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    from search.backends.sqlite import drop_statements

    for statement in drop_statements():
        op.execute(statement)
