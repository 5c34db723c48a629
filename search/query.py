"""Backend-independent query model: what to look for, filters, sorting, paging, results."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from .text import _fold_word, fold_tokens, normalize

__all__ = [
    "Hit",
    "Query",
    "SearchResult",
    "highlight",
    "query_terms",
    "snippet",
]

# Words people add to a search that say nothing about the job ("tuyển dụng thợ hàn",
# "tìm việc làm"). Removed only as whole folded phrases, and only when something
# else remains; short syllables like "o" (ở, ô tô) or "tai" (tại, tài xế) stay.
_FILLER_PHRASES = (
    "tuyen dung",
    "tuyen gap",
    "can tuyen",
    "tim viec lam",
    "tim viec",
    "viec lam",
    "tuyen",
    "jobs",
    "job",
)


@dataclass
class Query:
    """A search request in backend-neutral terms.

    ``filters`` maps a keyword field (see ``search.schemas``) to accepted values:
    values of one field are alternatives, different fields must all hold.
    ``visible_on`` (vacancies) keeps only visible documents whose deadline is on
    or after that day; ``only_searchable`` (jobseekers) keeps consenting profiles.
    """

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    salary_min: int | None = None
    salary_max: int | None = None
    visible_on: dt.date | None = None
    only_searchable: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: bool = True
    suggest: bool = True
    fuzzy: bool = True

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.per_page


@dataclass
class Hit:
    id: int
    score: float
    display: dict[str, Any]
    version: int | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    # Words of the query left out to find these (``search.fallback``); empty when all matched.
    lacking: list[str] = field(default_factory=list)


def query_terms(text: str) -> list[str]:
    """Folded, abbreviation-expanded query syllables without filler words."""
    folded = " ".join(fold_tokens(text))
    padded = f" {folded} "
    for phrase in _FILLER_PHRASES:
        candidate = padded.replace(f" {phrase} ", " ")
        while candidate != padded:
            padded = candidate
            candidate = padded.replace(f" {phrase} ", " ")
        if not padded.strip():
            return folded.split()
    terms = padded.split()
    return terms or folded.split()


def exact_terms(text: str) -> list[str]:
    return normalize(text).split()


_WORD = re.compile(r"\w+", re.UNICODE)
_WORD_SPLIT = re.compile(r"(\w+)", re.UNICODE)


def highlight(text: str, terms: list[str] | set[str], limit: int | None = None) -> str:
    """HTML-escaped ``text`` with folded matches of ``terms`` wrapped in <mark>."""
    wanted = set(terms)
    # re.split with a group alternates gaps and words: [gap, word, gap, word, ..., gap].
    parts = _WORD_SPLIT.split(text)
    out: list[str] = []
    for k, part in enumerate(parts):
        if k % 2 == 0:
            out.append(part if part == " " else html.escape(part))
        elif _fold_word(part) in wanted:
            out.append(f"<mark>{part}</mark>")  # \w+ holds nothing HTML would read
        else:
            out.append(part)
    return "".join(out)


def snippet(text: str, terms: list[str] | set[str], width: int = 180) -> str:
    """A highlighted window of ``text`` around the first matching word (HTML-safe)."""
    text = " ".join((text or "").split())
    wanted = set(terms)
    start = 0
    for m in _WORD.finditer(text):
        if _fold_word(m.group(0)) in wanted:
            start = max(0, m.start() - width // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = text[start : start + width]
    if start + width < len(text):
        cut = window.rfind(" ")
        window = window[: cut if cut > width // 2 else len(window)]
    prefix = "… " if start else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return prefix + highlight(window, wanted) + suffix
