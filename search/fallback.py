"""Near matches for a query that finds nothing: documents with all of its words but one.

Both backends require every word of a query (with typo corrections), which keeps
results precise; but a person who types one word too many ("kỹ thuật viên hàn
điện" when the vacancy says "thợ hàn điện") would otherwise see an empty page.
When a query without filters finds nothing and the backend has no corrected
query to suggest, each of its words is left out in turn and the results are merged, best score
first. They are offered beside the empty result, never mixed into it: a search's
total still counts only documents with every word, so a closed vacancy's title
still finds nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Connection

from .query import Hit, Query, SearchResult

__all__ = ["MAX_WORDS", "near_matches"]

# Longer queries are sentences pasted in; leaving out one word of them rarely helps.
MAX_WORDS = 6


def near_matches(backend: Any, conn: Connection, entity: str, q: Query, result: SearchResult) -> SearchResult | None:
    """For an empty ``result`` of ``q`` without a suggestion: the all-but-one-word matches
    (``lacking`` lists the words left out), or None when there are none or it does not apply.
    One page of them, the first: they are a hint, not a result set to browse."""
    if result.total or result.suggestion or q.page != 1:
        return None
    if q.filters or q.salary_min is not None or q.salary_max is not None:
        # With filters on, an empty page is about the filters more often than the words (and
        # the chips that remove them are on the page); leaving out words under a filter
        # costs several broad searches for answers of little use.
        return None
    words = q.text.split()
    if not 2 <= len(words) <= MAX_WORDS:
        return None
    found: list[tuple[str, SearchResult]] = []
    for i, word in enumerate(words):
        sub = replace(
            q, text=" ".join(words[:i] + words[i + 1 :]), sort="relevance", facets=False, suggest=False
        )
        r: SearchResult = backend.search(conn, entity, sub)
        if r.total:
            found.append((word, r))
    if not found:
        return None
    best: dict[int, Hit] = {}
    for _word, r in found:
        for hit in r.hits:
            if hit.id not in best or hit.score > best[hit.id].score:
                best[hit.id] = hit
    ranked = sorted(best.values(), key=lambda h: (-h.score, h.id))
    return SearchResult(
        total=sum(r.total for _w, r in found),
        hits=ranked[: q.per_page],
        facets={},
        suggestion=None,
        lacking=[w for w, _r in found],
    )
