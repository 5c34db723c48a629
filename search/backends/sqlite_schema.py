"""DDL of the SQLite search tables: one definition for migrations (0002, 0004, 0005) and tests."""

from __future__ import annotations

from collections.abc import Callable

from ..schemas import SCHEMAS, EntitySchema
from .sqlite_columns import CHANGED_IDS_DDL, CHANGED_IDS_INDEX, CHANGES_DDL

__all__ = [
    "PAIR_MAIN_FIELDS",
    "create_statements",
    "drop_statements",
    "fts_table_statement",
    "rebuild_fts_table",
]

# Fields whose syllable pairs are indexed a second time (``pairs_main``) so that they rank higher.
PAIR_MAIN_FIELDS = ("title", "occupation")


def _docs_columns(schema: EntitySchema) -> list[str]:
    cols = ["version INTEGER NOT NULL"]
    cols += [f"{f} INTEGER NOT NULL DEFAULT 0" for f in schema.flags]
    cols += [f"{f} TEXT" for f in schema.keywords]
    cols += [f"{f} TEXT NOT NULL DEFAULT ''" for f in schema.multi]
    cols += [f"{f} REAL" for f in schema.numbers]
    cols += [f"{f} TEXT" for f in schema.dates]
    cols.append("data TEXT NOT NULL")
    # The document's folded words, each once: what its vocabulary counts (fts_terms) drop when
    # it goes, since the FTS5 table keeps no text to read them back from.
    cols.append("words TEXT NOT NULL DEFAULT ''")
    return cols


def fts_table_statement(schema: EntitySchema, name: str | None = None) -> str:
    """The FTS5 table: a column per text field, ``pairs`` (syllable pairs of every field,
    '_'-joined, each once) and ``pairs_main`` (those of ``PAIR_MAIN_FIELDS`` again, so they
    rank higher).

    Contentless (``content=''``): FTS5 keeps the index, not a copy of the text, which was
    40% of the database and a third of the write time at a million profiles. Display text
    comes from the docs table; ``contentless_delete=1`` (SQLite 3.43) lets rows be deleted
    and replaced by rowid like in an ordinary table.
    """
    columns = ", ".join([*schema.text_fields, "pairs", "pairs_main"])
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name or 'fts_' + schema.name} USING fts5("
        f"{columns}, content = '', contentless_delete = 1, "
        f"tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
    )


def create_statements() -> list[str]:
    """DDL for every entity's FTS and docs tables (idempotent)."""
    out = [
        "CREATE TABLE IF NOT EXISTS fts_terms (entity TEXT NOT NULL, term TEXT NOT NULL, "
        "docs INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (entity, term)) WITHOUT ROWID",
        CHANGES_DDL,
        CHANGED_IDS_DDL,
        CHANGED_IDS_INDEX,
    ]
    for schema in SCHEMAS.values():
        name = schema.name
        out.append(fts_table_statement(schema))
        out.append(f"CREATE VIRTUAL TABLE IF NOT EXISTS fts_{name}_vocab USING fts5vocab(fts_{name}, row)")
        out.append(
            f"CREATE TABLE IF NOT EXISTS fts_{name}_docs (id INTEGER PRIMARY KEY, "
            + ", ".join(_docs_columns(schema))
            + ")"
        )
        # Covering index for the per-match lookup (visibility, filters, facets, sorts): the rows
        # themselves carry the display JSON, so reading them for 30,000 matches costs far more.
        cover = ", ".join(
            ["id", *schema.flags, *schema.dates, *schema.keywords, *schema.multi, *schema.numbers]
        )
        out.append(f"CREATE INDEX IF NOT EXISTS ix_fts_{name}_docs_cover ON fts_{name}_docs ({cover})")
    return out


def drop_statements() -> list[str]:
    out = [
        "DROP TABLE IF EXISTS fts_terms",
        "DROP TABLE IF EXISTS fts_changes",
        "DROP TABLE IF EXISTS fts_changed_ids",
    ]
    for schema in SCHEMAS.values():
        out += [
            f"DROP TABLE IF EXISTS fts_{schema.name}_vocab",
            f"DROP TABLE IF EXISTS fts_{schema.name}",
            f"DROP TABLE IF EXISTS fts_{schema.name}_docs",
        ]
    return out


def rebuild_fts_table(
    execute: Callable[[str], object], name: str, create_new: str, columns: str, select: str
) -> None:
    """Give the FTS5 table ``name`` a new layout, filled from its own stored text (FTS5 cannot
    add or drop a column): ``create_new`` makes ``<name>_new``, ``select`` (over the old table)
    gives its ``columns``. Its fts5vocab view goes too; ``create_statements`` makes it again.

    Only for the tables before migration 0006, which kept their text; since then the index
    holds none, and a new layout is filled by ``vieclam search reindex`` instead.
    """
    execute(f"DROP TABLE IF EXISTS {name}_vocab")
    execute(create_new)
    execute(f"INSERT INTO {name}_new (rowid, {columns}) SELECT rowid, {select} FROM {name}")
    execute(f"DROP TABLE {name}")
    execute(f"ALTER TABLE {name}_new RENAME TO {name}")
