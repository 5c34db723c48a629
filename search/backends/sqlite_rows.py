"""Index rows from documents for the SQLite backend: Python only, no database.

One place builds what ``SQLiteBackend.write_rows`` inserts, for single edits, for
``vieclam search reindex`` and for the bulk seeder's producer process alike: the
folded text columns, the syllable-pair columns (each pair once per document), the
docs-table row with the display JSON and the document's words, and the vocabulary counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from ..schemas import EntitySchema
from ..text import expand, fold, pairs, unique_tokens
from .sqlite_schema import PAIR_MAIN_FIELDS

__all__ = ["Pairs", "Rows", "TextRows", "doc_columns", "doc_values", "prepare_rows", "words_text"]


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


def prepare_rows(schema: EntitySchema, docs: Sequence[dict[str, Any]], texts: TextRows | None = None) -> Rows:
    """The FTS rows, docs rows and vocabulary counts for ``docs``: Python only, no database.

    Generated and real profiles repeat their texts (titles, skill lists, places,
    template summaries): each distinct combination of text values is folded and joined
    once, and the vocabulary counts are taken per combination, not per document. A bulk
    load passes one ``texts`` to every call, so that holds across its batches too.
    """
    texts = texts or TextRows(schema)
    fields = texts.fields
    combined = texts.combined
    uses: dict[tuple[str, ...], int] = {}
    fts_rows: list[tuple[Any, ...]] = []
    doc_rows: list[tuple[Any, ...]] = []
    for d in docs:
        text_ = d.get("text") or {}
        key = tuple([str(text_.get(f) or "") for f in fields])
        hit = combined.get(key) or texts.add(key)
        uses[key] = uses.get(key, 0) + 1
        fts_rows.append((int(d["id"]), *hit.fts))
        doc_rows.append((*doc_values(schema, d), hit.words))
    terms: Counter[str] = Counter()
    for key, n in uses.items():
        for word in texts.words_of(key):
            terms[word] += n
    dcols = [*doc_columns(schema), "words"] if docs else []
    return Rows(schema.name, [*fields, "pairs", "pairs_main"], fts_rows, dcols, doc_rows, terms)


@dataclass(frozen=True)
class _FieldText:
    folded: str
    words: frozenset[str]
    pairs: Pairs


@dataclass(frozen=True)
class _Combined:
    fts: tuple[str, ...]  # the folded fields, then pairs and pairs_main
    words: str  # words_text of the words of every field


class TextRows:
    """The FTS values of each distinct combination of a document's text values, and the
    folded text of each distinct value, for one entity.

    Each cache is emptied when it reaches ``limit`` entries, so free text cannot make it
    grow without end (a bulk load's generated profiles repeat a few hundred thousand
    combinations of a few thousand values).
    """

    def __init__(self, schema: EntitySchema, limit: int = 200_000) -> None:
        self.fields = tuple(schema.text_fields)
        self.limit = limit
        self.main_at = [i for i, f in enumerate(self.fields) if f in PAIR_MAIN_FIELDS]
        self.other_at = [i for i, f in enumerate(self.fields) if f not in PAIR_MAIN_FIELDS]
        self.combined: dict[tuple[str, ...], _Combined] = {}
        self._values: dict[str, _FieldText] = {}
        self._mains: dict[tuple[str, ...], Pairs] = {}

    def add(self, values: tuple[str, ...]) -> _Combined:
        """Fold and join one combination of text values (in ``fields`` order)."""
        if len(self.combined) >= self.limit:
            self.combined.clear()
        parts = [self._value(v) for v in values]
        # The title and occupation overlap most and repeat most: joined once per pair of values.
        main_key = tuple(values[i] for i in self.main_at)
        main = self._mains.get(main_key)
        if main is None:
            main = self._mains[main_key] = Pairs.of_unique(Pairs.join([parts[i].pairs for i in self.main_at]))
        words = words_text(frozenset().union(*(p.words for p in parts)))
        pairs_all = Pairs.join([main, *(parts[i].pairs for i in self.other_at)])
        hit = self.combined[values] = _Combined((*(p.folded for p in parts), pairs_all, main.text), words)
        return hit

    def words_of(self, values: tuple[str, ...]) -> list[str]:
        """The words of one combination already added (each once)."""
        return (self.combined.get(values) or self.add(values)).words.split()

    def _value(self, value: str) -> _FieldText:
        hit = self._values.get(value)
        if hit is None:
            if len(self._values) >= self.limit:
                self._values.clear()
                self._mains.clear()
            folded = expand(fold(value))
            hit = self._values[value] = _FieldText(folded, frozenset(folded.split()), Pairs.of(folded))
        return hit


def words_text(words: Iterable[str]) -> str:
    """A document's words for the docs table's ``words`` column: each once, sorted. They are
    what the vocabulary counts forget when the document goes (the FTS5 table keeps no text)."""
    return " ".join(sorted(set(words)))


def doc_columns(schema: EntitySchema) -> list[str]:
    """The docs-table columns ``doc_values`` gives, in its order."""
    return [
        "id", "version", *schema.flags, *schema.keywords, *schema.multi, *schema.numbers, *schema.dates, "data"
    ]  # fmt: skip


def doc_values(schema: EntitySchema, d: dict[str, Any]) -> list[Any]:
    """The docs-table row: filter, facet and sort values, and the display JSON."""
    row: list[Any] = [int(d["id"]), int(d.get("version") or 1)]
    for f in schema.flags:
        row.append(1 if d.get(f) else 0)
    for f in schema.keywords:
        v = d.get(f)
        row.append(None if v is None else str(v))
    for f in schema.multi:
        values = d.get(f) or []
        row.append((" " + " ".join(str(v) for v in values) + " ") if values else "")
    for f in schema.numbers:
        row.append(d.get(f))
    for f in schema.dates:
        when: Any = d.get(f)
        row.append(when.isoformat() if hasattr(when, "isoformat") else when)
    # orjson: a quarter of the time of json's encoder for the same JSON (without spaces).
    row.append(orjson.dumps(d.get("display") or {}, default=str).decode())
    return row
