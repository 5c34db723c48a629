"""The SQL side of the SQLite backend: FTS5 match expressions, filter clauses, and the
plain-SQL path for totals, facets and ranked pages (used inside a transaction that has
written to the index, where the in-process columns of ``sqlite_columns`` are stale, and
by matching retrieval)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..query import Query
from ..schemas import EntitySchema
from . import Vocabulary

__all__ = [
    "EXACT_WEIGHT",
    "PAIRS_MAIN_WEIGHT",
    "PAIRS_WEIGHT",
    "Pair",
    "aggregate",
    "bm25_score",
    "cover_index",
    "from_clause",
    "match_expression",
    "quote",
    "ranked_page",
    "where_clauses",
]

EXACT_WEIGHT = 2.0
PAIRS_WEIGHT = 1.0
PAIRS_MAIN_WEIGHT = 4.0

# A required syllable pair: the two query syllables and the pair tokens that may stand for them.
Pair = tuple[str, str, tuple[str, ...]]


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def bm25_score(schema: EntitySchema) -> str:
    """The relevance column, higher is better: bm25 with the schema's field weights, then the
    pairs and pairs_main columns."""
    weights = ", ".join(str(w) for w in [*schema.text_fields.values(), PAIRS_WEIGHT, PAIRS_MAIN_WEIGHT])
    return f"-bm25(fts_{schema.name}, {weights})"


def match_expression(
    schema: EntitySchema,
    terms: list[str],
    vocab: Vocabulary | None,
    boost: bool = True,
    pair_terms: Sequence[Pair] = (),
    fixes: dict[str, list[str]] | None = None,
) -> str:
    """The FTS5 expression: every term (or a correction of it) in some text field, and every
    syllable pair of ``pair_terms`` (see ``SQLiteBackend._pairs``); with ``boost``, an ORed phrase
    clause that only raises the score (marks typed by the user count in ``SQLiteBackend._rerank``)."""
    cols = " ".join(schema.text_fields)
    covered = {w for a, b, _alts in pair_terms for w in (a, b)}
    parts = []
    for t in terms:
        if t in covered:
            continue  # implied by its pair, and scoring it too would cost a walk of its long list
        if fixes is not None:
            alts = [t, *fixes.get(t, [])]
        else:
            alts = [t, *(vocab.corrections(t) if vocab is not None else [])]
        parts.append("(" + " OR ".join(quote(a) for a in alts) + ")")
    clauses = []
    if pair_terms:
        groups = ["(" + " OR ".join(quote(p) for p in alts) + ")" for _a, _b, alts in pair_terms]
        clauses.append("{pairs pairs_main} : (" + " AND ".join(groups) + ")")
    if parts:
        clauses.append("{" + cols + "} : (" + " AND ".join(parts) + ")")
    expr = " AND ".join(clauses)
    if boost and 1 < len(terms) <= 6 and not pair_terms:
        expr = "(" + expr + ") OR ({" + cols + "} : " + quote(" ".join(terms)) + ")"
    return expr


def where_clauses(schema: EntitySchema, q: Query, params: dict[str, Any]) -> list[str]:
    where = []
    if q.visible_on is not None and "visible" in schema.flags:
        where.append("d.visible = 1 AND d.visible_until >= :visible_on")
        params["visible_on"] = q.visible_on.isoformat()
    if q.only_searchable and "searchable" in schema.flags:
        where.append("d.searchable = 1")
    for f, values in sorted(q.filters.items()):
        values = [str(v) for v in values if v not in (None, "")]
        if not values:
            continue
        if f in schema.keywords:
            names = []
            for i, v in enumerate(values):
                params[f"f_{f}_{i}"] = v
                names.append(f":f_{f}_{i}")
            where.append(f"d.{f} IN ({', '.join(names)})")
        elif f in schema.multi:
            ors = []
            for i, v in enumerate(values):
                params[f"f_{f}_{i}"] = f"% {v} %"
                ors.append(f"d.{f} LIKE :f_{f}_{i}")
            where.append("(" + " OR ".join(ors) + ")")
    if q.salary_min is not None and "salary_vnd" in schema.numbers:
        where.append("d.salary_vnd >= :salary_min")
        params["salary_min"] = q.salary_min
    if q.salary_max is not None and "salary_vnd" in schema.numbers:
        where.append("d.salary_vnd <= :salary_max")
        params["salary_max"] = q.salary_max
    return where


def cover_index(conn: Connection, schema: EntitySchema) -> str | None:
    """The docs table's covering index, when it exists (a bulk load may have dropped it)."""
    name = f"ix_fts_{schema.name}_docs_cover"
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
    ).first()
    return name if found else None


def from_clause(
    schema: EntitySchema, q: Query, match: str | None, params: dict[str, Any], cover: str | None = None
) -> str:
    """FROM ... WHERE for the matching, visible, filtered documents (FTS drives the join).

    With ``cover`` (see ``cover_index``) each match is looked up in that narrow index rather
    than in the table, whose rows carry the display JSON: a quarter less time per match for
    a filtered search over a million profiles (benchmarks/RESULTS-search.md).
    """
    name = schema.name
    where = where_clauses(schema, q, params)
    if match is not None:
        params["match"] = match
        docs = f"fts_{name}_docs d INDEXED BY {cover}" if cover else f"fts_{name}_docs d"
        sql = f"FROM fts_{name} CROSS JOIN {docs} ON d.id = fts_{name}.rowid WHERE fts_{name} MATCH :match"
    else:
        sql = f"FROM fts_{name}_docs d WHERE 1 = 1"
    return sql + "".join(f" AND {w}" for w in where)


def aggregate(
    conn: Connection, schema: EntitySchema, q: Query, match: str | None
) -> tuple[int, dict[str, dict[str, int]]]:
    """Total and facet counts in one statement, aggregated by SQLite rather than in Python."""
    params: dict[str, Any] = {}
    source = from_clause(schema, q, match, params, cover_index(conn, schema))
    if not q.facets:
        total = conn.execute(text(f"SELECT count(*) {source}"), params).scalar() or 0
        return int(total), {}
    cols = ", ".join(f"d.{f}" for f in schema.facets)
    parts = ["SELECT '', '', count(*) FROM m"]
    for f in schema.facets:
        parts.append(f"SELECT '{f}', {f}, count(*) FROM m WHERE {f} IS NOT NULL AND {f} <> '' GROUP BY {f}")
    sql = f"WITH m AS MATERIALIZED (SELECT {cols} {source}) " + " UNION ALL ".join(parts)
    total = 0
    facets: dict[str, dict[str, int]] = {f: {} for f in schema.facets}
    for field, value, count in conn.execute(text(sql), params):
        if field == "":
            total = int(count)
        elif field in schema.multi:
            for v in str(value).split():
                facets[field][v] = facets[field].get(v, 0) + int(count)
        else:
            facets[field][str(value)] = int(count)
    return total, {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in facets.items()}


def ranked_page(
    conn: Connection, schema: EntitySchema, q: Query, match: str | None, limit: int, offset: int
) -> list[tuple[int, float]]:
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    source = from_clause(schema, q, match, params, cover_index(conn, schema))
    score = bm25_score(schema) if match is not None else "0.0"
    order = ["score DESC", "d.id"] if match is not None else ["d.id"]
    sort_field, direction = schema.sorts.get(q.sort, (None, ""))
    if sort_field:
        order = [f"d.{sort_field} IS NULL", f"d.{sort_field} {direction.upper()}", *order]
    sql = f"SELECT d.id, {score} AS score {source} ORDER BY {', '.join(order)} LIMIT :limit OFFSET :offset"
    return [(int(i), float(sc)) for i, sc in conn.execute(text(sql), params)]
