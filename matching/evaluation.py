"""Offline evaluation: ranking metrics per pool, a BM25 text baseline, and the exposure check.

A *pool* is the set of candidates ranked together (the applicants of one
vacancy in the test weeks). Every method ranks the same pools; metrics are
averaged over pools that contain at least one hire.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from search.text import tokens

__all__ = ["bm25_scores", "evaluate_rankings", "ndcg_at_k", "precision_at_k", "recall_at_k"]


def ndcg_at_k(relevance_in_rank_order: np.ndarray, k: int) -> float:
    """Graded NDCG with gain 2^rel − 1; the ideal order is the same items sorted by relevance."""
    rel = np.asarray(relevance_in_rank_order, dtype=float)
    disc = 1.0 / np.log2(np.arange(2, min(k, len(rel)) + 2))
    dcg = float(((2 ** rel[:k] - 1) * disc).sum())
    ideal = np.sort(rel)[::-1][:k]
    idcg = float(((2**ideal - 1) * disc[: len(ideal)]).sum())
    return dcg / idcg if idcg > 0 else 0.0


def precision_at_k(hit_in_rank_order: np.ndarray, k: int) -> float:
    """Share of the top k that are hits (a short pool still divides by k, as a page of k would show)."""
    return float(np.asarray(hit_in_rank_order[:k], dtype=float).sum() / k)


def recall_at_k(hit_in_rank_order: np.ndarray, k: int) -> float:
    total = float(np.asarray(hit_in_rank_order, dtype=float).sum())
    return float(np.asarray(hit_in_rank_order[:k], dtype=float).sum() / total) if total else 0.0


def bm25_scores(
    queries: Sequence[str],
    docs: Sequence[str],
    corpus: Sequence[str] | None = None,
    k1: float = 1.2,
    b: float = 0.75,
) -> np.ndarray:
    """Okapi BM25 of docs[i] for queries[i] on folded syllables; IDF and length norm from ``corpus``."""
    corpus_tokens = [tokens(d) for d in (corpus if corpus is not None else docs)]
    n = len(corpus_tokens)
    df: Counter[str] = Counter()
    for toks in corpus_tokens:
        df.update(set(toks))
    avgdl = (sum(len(t) for t in corpus_tokens) / n) if n else 1.0
    cache: dict[str, list[str]] = {}
    out = np.zeros(len(docs))
    for i, (q, d) in enumerate(zip(queries, docs, strict=True)):
        qt = cache.setdefault(q, tokens(q))
        dt_ = tokens(d)
        tf = Counter(dt_)
        norm = k1 * (1 - b + b * len(dt_) / (avgdl or 1.0))
        s = 0.0
        for term in set(qt):
            f = tf.get(term, 0)
            if f:
                idf = math.log(1 + (n - df.get(term, 0) + 0.5) / (df.get(term, 0) + 0.5))
                s += idf * f * (k1 + 1) / (f + norm)
        out[i] = s
    return out


def evaluate_rankings(
    pools: np.ndarray,
    relevance: np.ndarray,
    scores: dict[str, np.ndarray],
    female: np.ndarray | None = None,
    random_repeats: int = 20,
    seed: int = 0,
) -> dict[str, object]:
    """NDCG@10, precision@10 and recall@50 (hits = relevance 2, a hire) per method, plus exposure of women.

    ``scores`` maps a method name to one score per row; "random" is added here
    (averaged over ``random_repeats`` shuffles). Pools without a hire are skipped.
    """
    pools = np.asarray(pools)
    relevance = np.asarray(relevance, dtype=float)
    rng = np.random.default_rng(seed)
    groups = [np.flatnonzero(pools == g) for g in np.unique(pools)]
    groups = [g for g in groups if (relevance[g] >= 2).any()]
    methods = [*scores.keys(), "random"]
    sums = {m: {"ndcg@10": 0.0, "precision@10": 0.0, "recall@50": 0.0, "women_top10": 0.0} for m in methods}
    women_eligible = 0.0
    women_pools = 0
    for g in groups:
        rel = relevance[g]
        has_women = female is not None
        if has_women:
            women_eligible += float(female[g].mean())  # type: ignore[index]
            women_pools += 1
        for m in methods:
            reps = random_repeats if m == "random" else 1
            for _ in range(reps):
                order = rng.permutation(len(g)) if m == "random" else np.argsort(-scores[m][g], kind="stable")
                r = rel[order]
                hits = r >= 2
                sums[m]["ndcg@10"] += ndcg_at_k(r, 10) / reps
                sums[m]["precision@10"] += precision_at_k(hits, 10) / reps
                sums[m]["recall@50"] += recall_at_k(hits, 50) / reps
                if has_women:
                    sums[m]["women_top10"] += float(female[g][order][:10].mean()) / reps  # type: ignore[index]
    n = max(1, len(groups))
    result: dict[str, object] = {}
    for metric in ("ndcg@10", "precision@10", "recall@50"):
        result[metric] = {m: round(sums[m][metric] / n, 4) for m in methods}
    if female is not None and women_pools:
        share = women_eligible / women_pools
        result["fairness"] = {
            "women_share_eligible": round(share, 4),
            "women_share_top10": {m: round(sums[m]["women_top10"] / n, 4) for m in methods},
            "note": "mean over pools of the share of women among eligible candidates vs in the top 10",
        }
    result["pools"] = len(groups)
    return result
