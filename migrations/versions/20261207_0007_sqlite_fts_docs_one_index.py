"""SQLite FTS: the docs tables keep only their covering index (embedded profile only).

Searches filter, count facets and sort from an in-process copy of the docs tables'
columns (``search.backends.sqlite_columns``); SQL over the docs table is left for
small indexes (under 2,000 documents) and for a transaction's own uncommitted writes.
The one-column indexes on flags, dates and keywords served that SQL path only, and
keeping them up to date was a third of the time to index a million profiles
(benchmarks/RESULTS-seed.md). The covering index stays: the SQL path looks each match
up in it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The one-column indexes of revisions 0002-0006, by entity.
_DROPPED = {
    "vacancies": (
        "visible", "posted_at", "deadline", "visible_until",
        "kind", "district", "country", "programme", "occupation_group", "education", "salary_band",
    ),
    "jobseekers": (
        "searchable", "updated_at", "district", "occupation_group", "education", "age_band", "sex", "overseas",
    ),
}  # fmt: skip


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for entity, fields in _DROPPED.items():
        for f in fields:
            op.execute(f"DROP INDEX IF EXISTS ix_fts_{entity}_docs_{f}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for entity, fields in _DROPPED.items():
        for f in fields:
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_fts_{entity}_docs_{f} ON fts_{entity}_docs ({f})")
