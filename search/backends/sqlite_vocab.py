"""Process-wide cache of the SQLite index's vocabulary, document totals and pair counts."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text
from sqlalchemy.engine import Connection

from . import Vocabulary

__all__ = ["_VOCAB"]


class _VocabCache:
    """Process-wide vocabulary per (database, entity), reloaded after writes or a minute."""

    TTL = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[tuple[str, str], tuple[int, float, Vocabulary]] = {}
        self._totals: dict[tuple[str, str], tuple[int, float, int]] = {}
        self._pairs: dict[tuple[str, str], tuple[int, float, dict[str, int]]] = {}
        self.generation = 0

    def bump(self) -> None:
        with self._lock:
            self.generation += 1

    def get(self, conn: Connection, entity: str) -> Vocabulary:
        key = (str(conn.engine.url), entity)
        now = time.monotonic()
        cached = self._data.get(key)
        if cached and cached[0] == self.generation and now - cached[1] < self.TTL:
            return cached[2]
        rows = conn.execute(text("SELECT term, docs FROM fts_terms WHERE entity = :e"), {"e": entity})
        vocab = Vocabulary({t: n for t, n in rows})
        self._data[key] = (self.generation, now, vocab)
        return vocab

    def pair_docs(self, conn: Connection, entity: str, pair: str) -> int:
        """Documents holding a syllable pair (fts5vocab counts them by reading the posting list,
        a few milliseconds for a common pair, so the answer is kept like the vocabulary)."""
        key = (str(conn.engine.url), entity)
        now = time.monotonic()
        cached = self._pairs.get(key)
        if not cached or cached[0] != self.generation or now - cached[1] >= self.TTL:
            cached = self._pairs[key] = (self.generation, now, {})
        counts = cached[2]
        if pair not in counts:
            row = conn.exec_driver_sql(f"SELECT doc FROM fts_{entity}_vocab WHERE term = ?", (pair,)).first()
            counts[pair] = int(row[0]) if row else 0
        return counts[pair]

    def total(self, conn: Connection, entity: str) -> int:
        """Number of indexed documents of ``entity``, cached like the vocabulary."""
        key = (str(conn.engine.url), entity)
        now = time.monotonic()
        cached = self._totals.get(key)
        if cached and cached[0] == self.generation and now - cached[1] < self.TTL:
            return cached[2]
        n = int(conn.execute(text(f"SELECT count(*) FROM fts_{entity}_docs")).scalar() or 0)
        self._totals[key] = (self.generation, now, n)
        return n


_VOCAB = _VocabCache()
