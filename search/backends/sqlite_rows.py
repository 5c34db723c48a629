"""Index rows from documents for the SQLite backend: Python only, no database.

One place builds what ``SQLiteBackend.write_rows`` inserts, for single edits, for
``vieclam search reindex`` and for the bulk seeder's producer process alike: the
folded text columns, the syllable-pair columns (each pair once per document), the
docs-table row with the display JSON and the document's words, and the vocabulary counts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..schemas import EntitySchema
from ..text import expand, fold, pairs, unique_tokens
from .sqlite_schema import PAIR_MAIN_FIELDS

__all__ = ["DISPLAY_JSON", "Pairs", "Rows", "doc_row", "prepare_rows", "words_text"]

# Same output as json.dumps(..., ensure_ascii=False, default=str), without a new encoder per call.
DISPLAY_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


@dataclass(frozen=True)
class Pairs:
    """One field's syllable pairs, each once: as indexed text, in order, and as a set."""

    text: str
    tokens: tuple[str, ...]
    unique: frozenset[str]

    @classmethod
    def of(cls, folded: str) -> Pairs:
        return cls.of_unique(unique_tokens([pairs(folded)]))

    @classmethod
    def of_unique(cls, text: str) -> Pairs:
        tokens = tuple(text.split())
        return cls(text, tokens, frozenset(tokens))

    @staticmethod
    def join(fields: Sequence[Pairs]) -> str:
        """The fields' pairs joined, each pair once (a title repeated in the occupation name
        would otherwise index "cong_nhan" twice); a set test per field, not per token."""
        out: list[str] = []
        seen: set[str] = set()
        for p in fields:
            if not p.tokens:
                continue
            if seen.isdisjoint(p.unique):
                out.append(p.text)
            else:
                kept = " ".join(t for t in p.tokens if t not in seen)
                if kept:
                    out.append(kept)
            seen |= p.unique
        return " ".join(out)


@dataclass
class Rows:
    """Rows ready for ``SQLiteBackend.write_rows``."""

    entity: str
    fts_columns: list[str]
    fts: list[tuple[Any, ...]]
    doc_columns: list[str]
    docs: list[tuple[Any, ...]]
    terms: Counter[str]


def prepare_rows(schema: EntitySchema, docs: Sequence[dict[str, Any]]) -> Rows:
    """The FTS rows, docs rows and vocabulary counts for ``docs``: Python only, no database."""
    fields = list(schema.text_fields)
    folded_cache: dict[str, tuple[str, frozenset[str], Pairs]] = {}
    main_cache: dict[tuple[str, ...], Pairs] = {}
    fts_rows: list[tuple[Any, ...]] = []
    doc_rows: list[tuple[Any, ...]] = []
    terms: Counter[str] = Counter()
    for d in docs:
        text_ = d.get("text") or {}
        row: list[Any] = [int(d["id"])]
        doc_terms: set[str] = set()
        main_key: list[str] = []
        main_pairs: list[Pairs] = []
        other_pairs: list[Pairs] = []
        for f in fields:
            v = str(text_.get(f) or "")
            hit = folded_cache.get(v)
            if hit is None:
                fv = expand(fold(v))
                hit = folded_cache[v] = (fv, frozenset(fv.split()), Pairs.of(fv))
            row.append(hit[0])
            doc_terms |= hit[1]
            if f in PAIR_MAIN_FIELDS:
                main_key.append(v)
                main_pairs.append(hit[2])
            else:
                other_pairs.append(hit[2])
        # The title and occupation overlap most and repeat most: joined once per pair of values.
        key = tuple(main_key)
        main = main_cache.get(key)
        if main is None:
            main = main_cache[key] = Pairs.of_unique(Pairs.join(main_pairs))
        row.append(Pairs.join([main, *other_pairs]))
        row.append(main.text)
        fts_rows.append(tuple(row))
        terms.update(doc_terms)
        doc = doc_row(schema, d)
        doc["words"] = words_text(doc_terms)
        doc_rows.append(tuple(doc.values()))
    dcols = [*doc_row(schema, docs[0]), "words"] if docs else []
    return Rows(schema.name, [*fields, "pairs", "pairs_main"], fts_rows, dcols, doc_rows, terms)


def words_text(words: Iterable[str]) -> str:
    """A document's words for the docs table's ``words`` column: each once, sorted. They are
    what the vocabulary counts forget when the document goes (the FTS5 table keeps no text)."""
    return " ".join(sorted(set(words)))


def doc_row(schema: EntitySchema, d: dict[str, Any]) -> dict[str, Any]:
    """The docs-table row: filter, facet and sort values, and the display JSON."""
    row: dict[str, Any] = {"id": int(d["id"]), "version": int(d.get("version") or 1)}
    for f in schema.flags:
        row[f] = 1 if d.get(f) else 0
    for f in schema.keywords:
        v = d.get(f)
        row[f] = None if v is None else str(v)
    for f in schema.multi:
        values = d.get(f) or []
        row[f] = (" " + " ".join(str(v) for v in values) + " ") if values else ""
    for f in schema.numbers:
        row[f] = d.get(f)
    for f in schema.dates:
        when: Any = d.get(f)
        row[f] = when.isoformat() if hasattr(when, "isoformat") else when
    display = d.get("display") or {}
    row["data"] = DISPLAY_JSON.encode(display)
    return row
