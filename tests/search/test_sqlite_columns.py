"""SQLite search with in-process columns (``search.backends.sqlite_columns``) and syllable pairs.

These run on their own database file with committed data, because the column path is
only taken outside a transaction that has written to the index (the contract suite runs
inside one, so it exercises the SQL path). The column path must give exactly what the
SQL path gives: same totals, same facet counts, same page.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine

from search.backends import sqlite as sqlite_backend
from search.backends import sqlite_columns
from search.backends.sqlite import SQLiteBackend
from search.query import Query
from tests.conftest import migrate
from webapp.db import make_engine

TODAY = dt.date(2026, 11, 25)
TITLES = ["Thợ hàn điện", "Công nhân may công nghiệp", "Nhân viên bán hàng", "Lái xe tải", "Điều dưỡng viên"]
PLACES = ["Vũng Áng", "Hồng Lĩnh", "Kỳ Anh", "Đài Loan"]


def vacancy_doc(i: int, rng: random.Random, title: str | None = None) -> dict[str, Any]:
    overseas = rng.random() < 0.3
    salary = rng.choice([None, 6_000_000, 12_000_000, 25_000_000])
    return {
        "id": i,
        "version": 1,
        "text": {
            "title": title or rng.choice(TITLES),
            "employer": f"Công ty TNHH {rng.choice(PLACES)}",
            "place": rng.choice(PLACES),
            "description": "Làm việc theo ca, có bảo hiểm.",
        },
        "visible": rng.random() < 0.9,
        "kind": "overseas" if overseas else "domestic",
        "district": None if overseas else rng.choice(["436", "449", "443"]),
        "country": rng.choice(["TW", "JP"]) if overseas else None,
        "education": rng.choice(["primary", "secondary", ""]),
        "languages": rng.sample(["ko", "ja", "en"], rng.randrange(0, 3)),
        "salary_vnd": salary,
        "salary_band": None if salary is None else str(salary // 10_000_000),
        "posted_at": dt.datetime(2026, 11, 1) + dt.timedelta(hours=rng.randrange(0, 500)),
        "deadline": TODAY + dt.timedelta(days=rng.randrange(-5, 30)),
        "visible_until": TODAY + dt.timedelta(days=rng.randrange(-5, 30)),
        "display": {"title": title},
    }


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setattr(sqlite_columns, "MIN_DOCS", 10)
    url = f"sqlite:///{tmp_path / 'columns.db'}"
    migrate(url)
    eng = make_engine(url)
    rng = random.Random(5)
    with eng.begin() as conn:
        SQLiteBackend().upsert(conn, "vacancies", [vacancy_doc(i, rng) for i in range(1, 401)])
    yield eng
    eng.dispose()


def both_paths(conn: Any, query: Query) -> tuple[Any, Any]:
    backend = SQLiteBackend()
    assert sqlite_columns.columns_for(conn, sqlite_backend.SCHEMAS["vacancies"]) is not None
    with_columns = backend.search(conn, "vacancies", query)
    sqlite_columns.CACHE.enabled = False
    try:
        with_sql = backend.search(conn, "vacancies", query)
    finally:
        sqlite_columns.CACHE.enabled = True
    return with_columns, with_sql


QUERIES = [
    Query(),
    Query(text="thợ hàn"),
    Query(text="cong nhan may", filters={"district": ["449", "436"]}),
    Query(text="lai xe", filters={"kind": ["overseas"], "country": ["TW"]}),
    Query(filters={"languages": ["ko"]}, salary_min=10_000_000),
    Query(text="nhan vien", sort="salary", page=2, per_page=7),
    Query(sort="newest", page=3, per_page=11),
    Query(text="vung ang", sort="deadline"),
    Query(text="dieu duong", filters={"education": ["primary"]}, salary_max=12_000_000),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.text or 'browse'}-{q.sort}-{q.filters}")
def test_columns_give_the_same_totals_facets_and_pages_as_sql(engine: Engine, query: Query) -> None:
    query.visible_on = TODAY
    with engine.connect() as conn:
        fast, slow = both_paths(conn, query)
    assert fast.total == slow.total > 0
    assert fast.facets == slow.facets
    assert sum(fast.facets["kind"].values()) == fast.total
    assert [h.id for h in fast.hits] == [h.id for h in slow.hits]


def test_uncommitted_writes_are_searched_and_a_rollback_leaves_the_columns_true(engine: Engine) -> None:
    backend = SQLiteBackend()
    q = Query(text="thợ mộc mỹ nghệ", visible_on=TODAY)
    with engine.connect() as conn:
        assert backend.search(conn, "vacancies", q).total == 0  # loads the columns
        conn.rollback()
        tx = conn.begin()
        doc = vacancy_doc(1000, random.Random(1), title="Thợ mộc mỹ nghệ")
        doc.update(visible=True, visible_until=TODAY, district="449")
        backend.upsert(conn, "vacancies", [doc])
        found = backend.search(conn, "vacancies", Query(text="tho moc", visible_on=TODAY))
        assert [h.id for h in found.hits] == [1000]
        assert found.facets["district"] == {"449": 1}
        tx.rollback()
        assert backend.search(conn, "vacancies", Query(text="tho moc", visible_on=TODAY)).total == 0


def test_a_commit_from_another_connection_is_seen_at_once(engine: Engine) -> None:
    backend = SQLiteBackend()
    browse = Query(visible_on=TODAY)
    with engine.connect() as reader:
        loaded = sqlite_columns.columns_for(reader, sqlite_backend.SCHEMAS["vacancies"])
        reader.rollback()
        with engine.begin() as writer:
            doc = vacancy_doc(2000, random.Random(2), title="Thợ mộc")
            doc.update(visible=True, visible_until=TODAY)
            backend.upsert(writer, "vacancies", [doc])
            backend.delete(writer, "vacancies", [1, 2, 3])
        assert sqlite_columns.columns_for(reader, sqlite_backend.SCHEMAS["vacancies"]) is not loaded
        fast, slow = both_paths(reader, browse)
        assert fast.total == slow.total
        assert fast.facets == slow.facets
        assert [
            h.id for h in backend.search(reader, "vacancies", Query(text="tho moc", visible_on=TODAY)).hits
        ] == [2000]


def test_common_syllables_must_be_side_by_side_rare_pairs_fall_back(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = SQLiteBackend()
    monkeypatch.setattr(sqlite_backend, "PAIR_MIN_DOCS", 5)
    monkeypatch.setattr(sqlite_backend, "PAIR_MIN_FRACTION", 0.0)
    with engine.connect() as conn:
        total_words = backend.search(conn, "vacancies", Query(text="cong nhan")).total
        side_by_side = conn.exec_driver_sql(
            "SELECT count(*) FROM fts_vacancies WHERE fts_vacancies MATCH 'pairs : \"cong_nhan\"'"
        ).scalar()
        both_words = conn.exec_driver_sql(
            'SELECT count(*) FROM fts_vacancies WHERE fts_vacancies MATCH \'"cong" AND "nhan"\''
        ).scalar()
        # "Công ty" employers make "cong" common; only the side-by-side pair is required.
        assert total_words == side_by_side < both_words
        # Mixed word order is a rare pair: plain AND matching, every document with both words.
        assert backend.search(conn, "vacancies", Query(text="nhan cong")).total == both_words


def _decoded(columns: sqlite_columns.Columns) -> dict[str, list[Any]]:
    """Every column as plain values per present id, whatever the codes."""
    ids = np.flatnonzero(columns.present)
    out: dict[str, list[Any]] = {"ids": ids.tolist()}
    for f, kw in columns.keywords.items():
        out[f] = [kw.values[c] if c >= 0 else None for c in kw.codes[ids]]
    for f, mu in columns.multi.items():
        out[f] = [sorted(mu.sets[c]) for c in mu.combos[ids]]
    for f, arr in {**columns.flags, **columns.numbers}.items():
        out[f] = [None if v != v else v for v in arr[ids].tolist()]
    for f, arr in columns.dates.items():
        out[f] = [str(v) for v in arr[ids]]
    return out


def test_small_changes_are_patched_in_and_equal_a_full_reload(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = SQLiteBackend()
    schema = sqlite_backend.SCHEMAS["vacancies"]
    rng = random.Random(9)
    with engine.connect() as reader:
        loaded = sqlite_columns.columns_for(reader, schema)
        reader.rollback()
        with engine.begin() as writer:
            new = vacancy_doc(5000, rng, title="Thợ hàn")  # beyond the arrays' end
            new.update(district="999", languages=["de", "ko"], visible=True, visible_until=TODAY)
            changed = vacancy_doc(10, rng, title="Lái xe tải")
            changed.update(salary_vnd=None, education="")
            backend.upsert(writer, "vacancies", [new, changed])
            backend.delete(writer, "vacancies", [11, 12])
        full_load = sqlite_columns._load
        monkeypatch.setattr(sqlite_columns, "_load", None)  # a full reload would fail here
        patched = sqlite_columns.columns_for(reader, schema)
        monkeypatch.setattr(sqlite_columns, "_load", full_load)
        assert patched is not None and loaded is not None and patched is not loaded
        fresh = full_load(reader, schema, patched.counter)
        assert fresh is not None
        assert _decoded(patched) == _decoded(fresh)
        fast, slow = both_paths(reader, Query(text="tho han", visible_on=TODAY))
        assert (fast.total, fast.facets) == (slow.total, slow.facets)
        assert fast.facets["district"]["999"] == 1


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windowed ranking from a dozen matches on, among the newest 40."""
    monkeypatch.setattr(sqlite_backend, "RANK_ALL", 10)
    monkeypatch.setattr(sqlite_backend, "RANK_SURVIVORS", 10)
    monkeypatch.setattr(sqlite_backend, "RANK_WINDOW", 40)


@pytest.mark.usefixtures("small_window")
def test_broad_queries_rank_the_newest_matches_and_still_count_all(engine: Engine) -> None:
    query = Query(text="vung ang", visible_on=TODAY, per_page=10)
    with engine.connect() as conn:
        fast, slow = both_paths(conn, query)
        assert fast.total == slow.total > 40
        assert fast.facets == slow.facets
        pages = [
            SQLiteBackend().search(
                conn, "vacancies", Query(text="vung ang", visible_on=TODAY, per_page=10, page=p)
            )
            for p in (1, 2, 3)
        ]
    seen = [h.id for page in pages for h in page.hits]
    assert len(seen) == len(set(seen)) == 30  # stable pages, no repeats
    scores = [h.score for page in pages for h in page.hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.usefixtures("small_window")
def test_filtered_broad_queries_rank_the_newest_survivors_and_still_count_all(engine: Engine) -> None:

    def query(page: int = 1, per_page: int = 10) -> Query:
        return Query(
            text="vung ang", filters={"kind": ["domestic"]}, visible_on=TODAY, page=page, per_page=per_page
        )

    with engine.connect() as conn:
        fast, slow = both_paths(conn, query())
        assert fast.total == slow.total > 40
        assert fast.facets == slow.facets
        assert fast.facets["kind"] == {"domestic": fast.total}
        sqlite_columns.CACHE.enabled = False  # the SQL path: every survivor, all scored
        try:
            survivors = [h.id for h in SQLiteBackend().search(conn, "vacancies", query(per_page=1000)).hits]
        finally:
            sqlite_columns.CACHE.enabled = True
        pages = [SQLiteBackend().search(conn, "vacancies", query(page=p)) for p in (1, 2, 3)]
    assert len(survivors) == fast.total
    seen = [h.id for page in pages for h in page.hits]
    assert len(seen) == len(set(seen)) == 30  # stable pages, no repeats
    assert set(seen) <= set(sorted(survivors, reverse=True)[:40])  # the newest survivors only
    scores = [h.score for page in pages for h in page.hits]
    assert scores == sorted(scores, reverse=True)
