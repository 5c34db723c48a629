"""What Elasticsearch stores: the index settings and mappings (folded text fields with
syllable-bigram sub-fields, an ``exact`` field with the marks kept) and the ``_source``
built from a document. Folding is done here in Python, for the server core has no
asciifolding or ICU."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from ..schemas import EntitySchema, text_for_index
from ..text import expand, fold, normalize

__all__ = ["index_body", "to_source"]


def index_body(schema: EntitySchema, shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "long"},
        "all": {"type": "text", "analyzer": "folded"},
        "exact": {"type": "text", "analyzer": "folded"},
        "display": {"type": "object", "enabled": False},
    }
    for f in schema.text_fields:
        props[f] = {
            "type": "text",
            "analyzer": "folded",
            # No copy into an "all" bigram field: no query used one, and bigrams are
            # the costliest part of indexing (the per-field .bi sub-fields serve ranking).
            "copy_to": ["all"],
            "fields": {"bi": {"type": "text", "analyzer": "bigram"}},
        }
    for f in (*schema.keywords, *schema.multi):
        props[f] = {"type": "keyword"}
    for f in schema.numbers:
        props[f] = {"type": "double"}
    for f in schema.dates:
        props[f] = {"type": "date"}
    for f in schema.flags:
        props[f] = {"type": "boolean"}
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": {
                "filter": {
                    "syllable_bigrams": {
                        "type": "shingle",
                        "min_shingle_size": 2,
                        "max_shingle_size": 2,
                        "output_unigrams": False,
                    }
                },
                "analyzer": {
                    "folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                    "bigram": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "syllable_bigrams"],
                    },
                },
            },
        },
        "mappings": {"dynamic": False, "properties": props},
    }


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date | dt.datetime) else v


# Short field values repeat across documents (occupation names with aliases, places,
# employers, skill lists): fold and normalise each distinct one once per process.
_CACHED_LEN = 200


@lru_cache(maxsize=50_000)
def _folded_cached(text: str) -> str:
    return expand(fold(text))


@lru_cache(maxsize=50_000)
def _normalized_cached(text: str) -> str:
    return normalize(text)


def _folded(text: str) -> str:
    return _folded_cached(text) if len(text) <= _CACHED_LEN else expand(fold(text))


def _normalized(text: str) -> str:
    return _normalized_cached(text) if len(text) <= _CACHED_LEN else normalize(text)


def to_source(schema: EntitySchema, d: dict[str, Any]) -> dict[str, Any]:
    originals = text_for_index(d, schema)
    src: dict[str, Any] = {f: _folded(v) for f, v in originals.items()}
    # Field by field (cached) rather than the joined text: the standard tokenizer sees
    # the same tokens either way.
    src["exact"] = " ".join(x for x in map(_normalized, originals.values()) if x)
    src["id"] = int(d["id"])
    for f in (*schema.keywords, *schema.numbers, *schema.flags):
        src[f] = d.get(f)
    for f in schema.multi:
        src[f] = list(d.get(f) or [])
    for f in schema.dates:
        src[f] = _iso(d.get(f))
    src["display"] = d.get("display") or {}
    return src
