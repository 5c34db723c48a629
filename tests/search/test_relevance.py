"""The relevance set: each backend must put the expected vacancies in the first ten."""

from __future__ import annotations

from tests.search.relevance.run import run


def test_relevance_on_sqlite() -> None:
    report = run(None)
    assert report["sqlite"]["queries"] >= 100
    assert report["sqlite"]["recall@10"] >= 0.95, report["sqlite"]["misses"]
    # the plain LIKE search misses most of what people type
    assert report["like"]["recall@10"] < 0.5
    assert report["sqlite"]["finds_of_like_misses"] >= 0.9 * report["like"]["missed_queries"]


def test_relevance_on_elasticsearch(elasticsearch_url: str) -> None:
    report = run(elasticsearch_url)
    assert report["elasticsearch"]["recall@10"] >= 0.95, report["elasticsearch"]["misses"]
