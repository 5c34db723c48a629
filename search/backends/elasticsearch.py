"""Elasticsearch backend (official client, 8.x like the server).

Every entity has an alias (``<prefix>-vacancies``) in front of a versioned
index (``<prefix>-vacancies-v<millis>``); ``reindex`` fills a new index with
the bulk helper and swaps the alias in one atomic call, so searches never see
a half-built index. Writes use external versioning (the row's ``version``
column) so a replayed or duplicated event never overwrites newer data, and
every item of a bulk response is checked: a 200 can hide item failures.

Folding is done in Python (``search.text``), so the mappings need only the
analysers of the server core: the standard tokenizer, lowercase and shingle
(syllable bigrams: Vietnamese words are mostly two syllables). The mappings and the
stored documents are in ``elasticsearch_docs``, the search requests in
``elasticsearch_query``.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError, helpers
from rapidfuzz.distance import Levenshtein

from ..query import Hit, Query, SearchResult, query_terms
from ..schemas import SCHEMAS, EntitySchema
from . import Vocabulary
from .elasticsearch_docs import index_body, to_source
from .elasticsearch_query import query_body

__all__ = ["BulkOutcome", "ElasticsearchBackend", "index_body"]

# Matching retrieval sends a vacancy's or a profile's whole title + occupation + skills
# (often 15-30 words); fuzzy expansion of every word makes such a query slow and adds
# little, so fuzziness is kept for queries of at most this many words (people's typing).
FUZZY_MAX_TERMS = 4
# Bulk responses: only what is needed to check every item (not the whole echo).
BULK_FILTER_PATH = "errors,items.*._id,items.*.status,items.*.error"
# Settings used while a new versioned index is filled, and restored before the alias switch.
_BULK_LOAD_SETTINGS = {"refresh_interval": "-1", "translog.durability": "async"}


@dataclass
class BulkOutcome:
    """Per-document outcome of a bulk write: done (incl. already newer) or failed with a reason."""

    done: list[int]
    failed: dict[int, str]


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(
        self,
        url: str | None = None,
        prefix: str = "vieclam",
        client: Elasticsearch | None = None,
        refresh: bool = False,
        timeout: float = 10.0,
        replicas: int = 0,
    ) -> None:
        self.client = client or Elasticsearch(
            url, request_timeout=timeout, retry_on_timeout=False, max_retries=0
        )
        self.prefix = prefix
        self.refresh = refresh
        self.replicas = replicas
        self.timeout = timeout
        self.last_merge_seconds = 0.0  # the last reindex's force merge, after its `seconds`

    # ------------------------------------------------------------------ indices

    def alias(self, entity: str) -> str:
        return f"{self.prefix}-{entity}"

    def ping(self) -> bool:
        # GET / is not allowed on every distribution; the health endpoint is.
        try:
            self.client.cluster.health(timeout="2s")
            return True
        except Exception:
            return False

    def ensure_indices(self) -> None:
        for entity in SCHEMAS:
            alias = self.alias(entity)
            if not self.client.indices.exists_alias(name=alias):
                self._create_index(entity, alias_it=True)

    def _create_index(self, entity: str, alias_it: bool, bulk_load: bool = False) -> str:
        name = f"{self.alias(entity)}-v{time.time_ns() // 1_000_000}"
        # A bulk load starts without replicas, refresh or per-request fsync.
        body = index_body(SCHEMAS[entity], replicas=0 if bulk_load else self.replicas)
        if bulk_load:
            body["settings"].update(_BULK_LOAD_SETTINGS)
        if alias_it:
            body["aliases"] = {self.alias(entity): {"is_write_index": True}}
        self.client.indices.create(index=name, **body)
        return name

    def drop_all(self) -> None:
        """Delete every index behind this prefix (tests, `reindex --drop`)."""
        for entity in SCHEMAS:
            try:
                found = self.client.indices.get_alias(name=self.alias(entity))
            except NotFoundError:
                continue
            for index in found:
                self.client.indices.delete(index=index)

    def reindex(
        self,
        entity: str,
        docs: Iterable[dict[str, Any]],
        chunk_size: int = 2000,
        threads: int = 2,
    ) -> tuple[int, float]:
        """Build a fresh index from ``docs`` and switch the alias to it; returns (count, seconds).

        ``seconds`` is the bulk load up to the refresh; the force merge into one segment
        that follows is timed apart (``last_merge_seconds``).

        The new index is filled with no replicas, no refresh and asynchronous translog
        fsync; ``threads`` bulk requests are in flight at once (so that building and
        folding documents in Python overlaps with Elasticsearch indexing). The normal
        settings are restored, and the index refreshed, before the alias switch.
        """
        schema = SCHEMAS[entity]
        alias = self.alias(entity)
        new = self._create_index(entity, alias_it=False, bulk_load=True)
        started = time.perf_counter()
        # Building, folding and serialising a million acyclic documents makes the cyclic
        # garbage collector rescan them over and over: without it the Python side costs
        # about half as much CPU, which on a small machine Elasticsearch gets instead.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            outcome = self._bulk(
                new,
                schema,
                ((d, "upsert") for d in docs),
                chunk_size=chunk_size,
                threads=threads,
                refresh=False,  # the new index is refreshed once, before the alias switch
            )
        finally:
            if gc_was_enabled:
                gc.enable()
        if outcome.failed:
            self.client.indices.delete(index=new)
            first = next(iter(outcome.failed.items()))
            raise RuntimeError(
                f"{len(outcome.failed)} documents failed to index, e.g. id {first[0]}: {first[1]}"
            )
        self.client.indices.put_settings(
            index=new,
            settings={
                "refresh_interval": "1s",
                "translog.durability": "request",
                "number_of_replicas": self.replicas,
            },
        )
        self.client.indices.refresh(index=new)
        elapsed = time.perf_counter() - started
        # Merged before it serves: left to itself, Elasticsearch merges the bulk load's many
        # segments in the background for minutes after the switch, and on a small machine
        # those merges take the CPU the searches need (matching p95 174 ms against ~115 ms,
        # benchmarks/RESULTS-matching.md). The old index serves until the alias moves.
        self.client.options(request_timeout=max(self.timeout, 600.0)).indices.forcemerge(
            index=new, max_num_segments=1
        )
        self.last_merge_seconds = time.perf_counter() - started - elapsed
        if self.replicas:
            self.client.cluster.health(index=new, wait_for_status="green", timeout="120s")
        try:
            old = list(self.client.indices.get_alias(name=alias))
        except NotFoundError:
            old = []
        actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": alias}} for o in old]
        actions.append({"add": {"index": new, "alias": alias, "is_write_index": True}})
        self.client.indices.update_aliases(actions=actions)
        for o in old:
            self.client.indices.delete(index=o)
        return len(outcome.done), elapsed

    # ------------------------------------------------------------------ writing

    def _actions(
        self, index: str, schema: EntitySchema, items: Iterable[tuple[dict[str, Any], str]]
    ) -> Iterator[dict[str, Any]]:
        for d, op in items:
            base = {
                "_index": index,
                "_id": str(int(d["id"])),
                "version": int(d.get("version") or 1),
                "version_type": "external",
            }
            if op == "delete":
                yield {"_op_type": "delete", **base}
            else:
                yield {"_op_type": "index", **base, "_source": to_source(schema, d)}

    def _bulk(
        self,
        index: str,
        schema: EntitySchema,
        items: Iterable[tuple[dict[str, Any], str]],
        chunk_size: int = 500,
        threads: int = 1,
        refresh: bool | None = None,
    ) -> BulkOutcome:
        """Every item's outcome is checked (a 200 can hide item failures).

        ``threads`` > 1 (reindex into a fresh index only) sends chunks in parallel;
        it has no per-item retry, so order and 429 back-off matter only for ``write``,
        which stays on one thread.
        """
        done: list[int] = []
        failed: dict[int, str] = {}
        actions = self._actions(index, schema, items)
        common: dict[str, Any] = {
            "chunk_size": chunk_size,
            "max_chunk_bytes": 10 * 1024 * 1024,
            "raise_on_error": False,
            "raise_on_exception": False,
            "refresh": self.refresh if refresh is None else refresh,
            "filter_path": BULK_FILTER_PATH,
        }
        results: Iterable[tuple[bool, dict[str, Any]]]
        if threads > 1:
            results = helpers.parallel_bulk(
                self.client, actions, thread_count=threads, queue_size=threads, **common
            )
        else:
            results = helpers.streaming_bulk(self.client, actions, max_retries=2, initial_backoff=1, **common)
        for ok, item in results:
            op, result = next(iter(item.items()))
            doc_id = int(result.get("_id"))
            status = int(result.get("status", 500))
            if ok or status == 409 or (op == "delete" and status == 404):
                # 409: the index already holds this or a newer version, which is what we want.
                done.append(doc_id)
            else:
                error = result.get("error")
                failed[doc_id] = str(error.get("reason") if isinstance(error, dict) else error)[:500]
        return BulkOutcome(done, failed)

    def write(self, entity: str, items: Sequence[tuple[dict[str, Any], str]]) -> BulkOutcome:
        """Upserts (doc, "upsert") and deletes ({"id", "version"}, "delete") with external versions."""
        if not items:
            return BulkOutcome([], {})
        return self._bulk(self.alias(entity), SCHEMAS[entity], items)

    def upsert(self, conn: Any, entity: str, docs: Sequence[dict[str, Any]]) -> None:
        outcome = self.write(entity, [(d, "upsert") for d in docs])
        if outcome.failed:
            raise RuntimeError(f"indexing failed: {outcome.failed}")

    def delete(self, conn: Any, entity: str, ids: Iterable[int]) -> None:
        # Without a version a delete is unconditional; callers that can, pass versions via write().
        for i in ids:
            with contextlib.suppress(NotFoundError):
                self.client.delete(index=self.alias(entity), id=str(int(i)), refresh=self.refresh)

    def versions(self, conn: Any, entity: str) -> dict[int, int]:
        """Every (id, version) pair in the index, for consistency checks."""
        out: dict[int, int] = {}
        after: list[Any] | None = None
        while True:
            kwargs: dict[str, Any] = {"search_after": after} if after else {}
            resp = self.client.search(
                index=self.alias(entity),
                query={"match_all": {}},
                sort=[{"id": "asc"}],
                size=5000,
                version=True,
                source=False,
                **kwargs,
            )
            hits = resp["hits"]["hits"]
            if not hits:
                return out
            for h in hits:
                out[int(h["_id"])] = int(h["_version"])
            after = hits[-1]["sort"]

    # ------------------------------------------------------------------ reading

    def search(self, conn: Any, entity: str, query: Query) -> SearchResult:
        schema = SCHEMAS[entity]
        terms = query_terms(query.text)
        sort_field, direction = schema.sorts.get(query.sort, (None, ""))
        sort: list[Any] = []
        if sort_field:
            sort.append({sort_field: {"order": direction, "missing": "_last"}})
        sort += ["_score", {"id": "asc"}]
        aggs = {f: {"terms": {"field": f, "size": 100}} for f in schema.facets} if query.facets else None
        resp = self.client.search(
            index=self.alias(entity),
            query=query_body(schema, query, terms, query.fuzzy),
            sort=sort,
            from_=query.offset,
            size=query.per_page,
            track_total_hits=True,
            aggs=aggs,
            source_includes=["display"],
        )
        total = int(resp["hits"]["total"]["value"])
        hits = [
            Hit(id=int(h["_id"]), score=float(h["_score"] or 0.0), display=h["_source"].get("display", {}))
            for h in resp["hits"]["hits"]
        ]
        facets: dict[str, dict[str, int]] = {}
        for f in schema.facets if query.facets else ():
            buckets = resp["aggregations"][f]["buckets"]
            facets[f] = {str(b["key"]): int(b["doc_count"]) for b in buckets}
        suggestion = None
        if total == 0 and terms and query.suggest:
            suggestion = self._suggest(schema, query, terms)
        return SearchResult(total=total, hits=hits, facets=facets, suggestion=suggestion)

    def _suggest(self, schema: EntitySchema, q: Query, terms: list[str]) -> str | None:
        resp = self.client.search(
            index=self.alias(schema.name),
            size=0,
            suggest={
                "fix": {
                    "text": " ".join(terms),
                    "term": {
                        "field": "all",
                        "suggest_mode": "missing",
                        "min_word_length": 3,
                        "prefix_length": 0,
                        "max_edits": 2,
                    },
                }
            },
        )
        fixed = []
        for entry in resp["suggest"]["fix"]:
            # The same edit budget as the SQLite backend: the suggester allows two everywhere.
            edits = Vocabulary.suggestion_edits(entry["text"])
            options = [
                o["text"]
                for o in entry.get("options") or []
                if Levenshtein.distance(entry["text"], o["text"]) <= edits
            ]
            fixed.append(options[0] if options else entry["text"])
        if fixed == terms:
            return None
        count = self.client.count(
            index=self.alias(schema.name), query=query_body(schema, q, fixed, fuzzy=False)
        )["count"]
        return " ".join(fixed) if count else None

    def retrieve(self, conn: Any, entity: str, query: Query, limit: int) -> list[tuple[int, float]]:
        """Candidates for matching; see ``elasticsearch_retrieval``."""
        from .elasticsearch_retrieval import retrieve

        return retrieve(self, entity, query, limit)
