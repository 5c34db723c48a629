"""The fastest portable way to write many rows: executemany on SQLite, COPY on PostgreSQL.

Rows are tuples in the order of ``columns``. Values are converted the way
SQLAlchemy stores them (dates as ISO text on SQLite, JSON as text), so the
ORM reads the rows back unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def _connection(target: Session | Connection) -> Connection:
    return target.connection() if isinstance(target, Session) else target


def dialect_name(target: Session | Connection) -> str:
    return _connection(target).dialect.name


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.strftime(_SQLITE_DATETIME)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, list | dict):
        return json.dumps(v)
    return v


def _pg_value(v: Any) -> Any:
    if isinstance(v, list | dict):
        return json.dumps(v)
    return v


def _needs_conversion(rows: Sequence[tuple[Any, ...]]) -> list[int]:
    """Indexes of columns whose first non-null value needs converting (checked on a sample)."""
    if not rows:
        return []
    width = len(rows[0])
    out = []
    for i in range(width):
        for r in rows[:50]:
            if r[i] is not None:
                if isinstance(r[i], dt.date | bool | list | dict):
                    out.append(i)
                break
    return out


def bulk_insert(
    target: Session | Connection, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> int:
    """Insert ``rows`` into ``table`` in the caller's transaction; returns the row count."""
    conn = _connection(target)
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    conv = _needs_conversion(rows)
    cols = ", ".join(columns)
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    if conn.dialect.name == "postgresql":
        with dbapi.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:  # type: ignore[union-attr]
            if conv:
                for r in rows:
                    lst = list(r)
                    for i in conv:
                        lst[i] = _pg_value(lst[i])
                    copy.write_row(lst)
            else:
                for r in rows:
                    copy.write_row(r)
        return len(rows)
    if conv:
        converted = []
        for r in rows:
            lst = list(r)
            for i in conv:
                if lst[i] is not None:
                    lst[i] = _sqlite_value(lst[i])
            converted.append(tuple(lst))
        rows = converted
    marks = ", ".join("?" for _ in columns)
    cur = dbapi.cursor()
    try:
        cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
    finally:
        cur.close()
    return len(rows)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(v: Any) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, str):
        return v.translate(_COPY_ESCAPES) if ("\\" in v or "\t" in v or "\n" in v or "\r" in v) else v
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, list | dict):
        return json.dumps(v).translate(_COPY_ESCAPES)
    return str(v)


def copy_text(rows: Iterable[tuple[Any, ...]]) -> bytes:
    """Rows as PostgreSQL COPY text (tab-separated, ``\\N`` for NULL), for ``copy_bytes``.

    Formatting in Python is what a COPY of Python tuples spends its time on; done ahead
    (in another process while seeding), the writer only streams the bytes.
    """
    value = _copy_value
    return "".join("\t".join([value(v) for v in r]) + "\n" for r in rows).encode()


def copy_bytes(target: Session | Connection, table: str, columns: Sequence[str], data: bytes) -> None:
    """Stream COPY text made by ``copy_text`` into ``table`` (PostgreSQL only)."""
    conn = _connection(target)
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    with dbapi.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[union-attr]
        copy.write(data)


def drop_ordinary_indexes(target: Session | Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """Drop these tables' ordinary (non-unique) indexes; returns their names and definitions
    for ``create_indexes``.

    One sort per index at the end of a bulk load costs less than a million inserts at
    random places in it. Unique indexes stay, so constraints are checked row by row as
    usual. On PostgreSQL the tables are locked against other sessions until the commit.
    """
    conn = _connection(target)
    if conn.dialect.name == "postgresql":
        found = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = ANY(:t) AND indexdef NOT LIKE 'CREATE UNIQUE%'"
            ),
            {"t": list(tables)},
        )
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    else:
        marks = ", ".join("?" for _ in tables)
        found = conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "
            "AND sql IS NOT NULL AND upper(sql) NOT LIKE 'CREATE UNIQUE%'",
            tuple(tables),
        )
    indexes = [(str(name), str(sql)) for name, sql in found]
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return indexes


def create_indexes(target: Session | Connection, indexes: Sequence[tuple[str, str]]) -> None:
    """Create the indexes ``drop_ordinary_indexes`` dropped (those that exist are left alone)."""
    conn = _connection(target)
    for _name, sql in indexes:
        conn.exec_driver_sql(re.sub(r"^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", sql, flags=re.IGNORECASE))


def drop_foreign_keys(target: Session | Connection, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """PostgreSQL: drop these tables' foreign keys; returns (table, name, definition) for
    ``add_foreign_keys``.

    PostgreSQL checks a foreign key with a trigger per inserted row; adding the key back
    checks every row in one join instead. Only inside one transaction: other sessions
    never see the table without its keys.
    """
    conn = _connection(target)
    found = conn.execute(
        text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(CAST(:t AS regclass[])) ORDER BY conrelid, conname"
        ),
        {"t": list(tables)},
    )
    keys = [(str(t), str(n), str(d)) for t, n, d in found]
    for table, name, _definition in keys:
        conn.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    return keys


def add_foreign_keys(target: Session | Connection, keys: Sequence[tuple[str, str, str]]) -> None:
    """Add back (and so check) the keys ``drop_foreign_keys`` dropped."""
    conn = _connection(target)
    for table, name, definition in keys:
        conn.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))


def fix_sequence(target: Session | Connection, table: str) -> None:
    """After inserting explicit ids, move PostgreSQL's sequence past them (SQLite needs nothing)."""
    conn = _connection(target)
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        )


def next_id(target: Session | Connection, table: str) -> int:
    conn = _connection(target)
    return int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar() or 0) + 1
