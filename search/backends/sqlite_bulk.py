"""Settings for loading a great many documents into the SQLite FTS5 index in one transaction.

The rows themselves are the backend's (``SQLiteBackend.prepare_rows`` /
``write_rows``); only how FTS5 gets them onto disk changes. FTS5 gathers new
terms in an in-memory hash and writes a level-0 segment each time the hash
passes ``hashsize`` (1 MB by default): a million small documents make
thousands of segments that the automerge then merges again and again. A large
hash for the load makes few, large segments. Everything is put back
afterwards, and undone by a rollback like the rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection

from .sqlite import SQLiteBackend

__all__ = ["BULK_HASHSIZE", "bulk_fts_load"]

# FTS5's pending-terms hash during a bulk load, in bytes (default 1 MB).
BULK_HASHSIZE = 256 * 1024 * 1024
_DEFAULT_HASHSIZE = 1024 * 1024


@contextmanager
def bulk_fts_load(conn: Connection, entity: str, hashsize: int = BULK_HASHSIZE) -> Iterator[None]:
    """``SQLiteBackend.bulk_load`` (less eager automerge) plus a large FTS5 term hash."""
    fts = f"fts_{entity}"
    before = conn.exec_driver_sql(f"SELECT v FROM {fts}_config WHERE k = 'hashsize'").scalar()
    conn.exec_driver_sql(f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', {int(hashsize)})")
    try:
        with SQLiteBackend().bulk_load(conn, entity):
            yield
    finally:
        if not conn.closed and conn.in_transaction():
            # Through FTS5's own command, so open connections see the change; then, when no
            # setting was stored before, the row goes again (the value is back to the default).
            restored = int(before) if before is not None else _DEFAULT_HASHSIZE
            conn.exec_driver_sql(f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', {restored})")
            if before is None:
                conn.exec_driver_sql(f"DELETE FROM {fts}_config WHERE k = 'hashsize'")
