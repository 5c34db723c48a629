"""Search backends behind one small interface (``SearchBackend``).

Both backends take the same documents (``search.schemas``) and the same
``search.query.Query``; one contract suite (tests/search/) checks them alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from ..query import Query, SearchResult

__all__ = ["SearchBackend", "Vocabulary"]


class SearchBackend(Protocol):
    name: str

    def upsert(self, conn: Any, entity: str, docs: Sequence[dict[str, Any]]) -> None:
        """Add or replace documents (SQLite: in the caller's transaction)."""

    def delete(self, conn: Any, entity: str, ids: Iterable[int]) -> None:
        """Remove documents by id."""

    def search(self, conn: Any, entity: str, query: Query) -> SearchResult:
        """Free text, filters, facets, sorting and paging."""

    def retrieve(self, conn: Any, entity: str, query: Query, limit: int) -> list[tuple[int, float]]:
        """Up to ``limit`` (id, score) pairs by relevance, no facets: candidate retrieval."""


class Vocabulary:
    """Typo correction against the index's own vocabulary (never against documents).

    Short syllables are left alone: in Vietnamese, "an", "anh", "ăn" and "án" differ
    by one letter, so fuzzing them merges different words.
    """

    MIN_LEN = 4

    def __init__(self, terms: dict[str, int]) -> None:
        self.terms = terms
        self._choices = [t for t in terms if len(t) >= self.MIN_LEN - 1 and not t.isdigit()]

    def __contains__(self, term: str) -> bool:
        return term in self.terms

    def corrections(self, term: str, limit: int = 3) -> list[str]:
        """Known terms within one edit (two for long words), most frequent first."""
        if term in self.terms or len(term) < self.MIN_LEN or term.isdigit():
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        # OSA distance counts a swap of two neighbours ("pyhton") as one edit, as people make them.
        max_dist = 1 if len(term) < 8 else 2
        found = process.extract(
            term,
            self._choices,
            scorer=OSA.distance,
            score_cutoff=max_dist,
            limit=25,
        )
        ranked = sorted(found, key=lambda f: (f[1], -self.terms.get(f[0], 0)))
        return [t for t, _d, _i in ranked[:limit]]

    @classmethod
    def suggestion_edits(cls, term: str) -> int:
        """Edits a "did you mean" may make to a word that found nothing: none to words of three
        letters or fewer, one below six letters ("giup" must not become "gap"), two beyond
        ("welldrr" → "welder"). Looser than ``corrections`` because a suggestion is checked
        to find something and is only offered, never applied."""
        n = len(term)
        return 0 if n < cls.MIN_LEN else 1 if n < 6 else 2

    def correct(self, words: list[str]) -> list[str]:
        out = []
        for w in words:
            fixes = self.corrections(w, 1)
            out.append(fixes[0] if fixes else w)
        return out
