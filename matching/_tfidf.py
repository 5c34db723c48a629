"""TF-IDF cosine of (profile, job) pairs, the ``text_similarity`` feature, without a fit per call.

It computes exactly what ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
dtype=float32)`` fitted on the given documents computes (the IDF still comes from
the documents of the call, as the trained ranker expects), but each distinct text
is folded and tokenised once per process and the rest is a few numpy operations.
Matching a vacancy scores a few hundred profiles whose texts repeat from request
to request, and refitting the vectoriser (tokenising every text again) was most
of the cost of ranking them.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from search.text import fold

__all__ = ["tfidf_pair_cosine"]

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern
_MAX_TEXTS = 200_000  # distinct texts kept; the cache starts afresh beyond that


class _Analysed:
    """Term ids and counts per raw text; term ids are global to one cache generation."""

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}
        self.docs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.lock = threading.Lock()

    def get(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        hit = self.docs.get(text)
        if hit is not None:
            return hit
        tokens = _TOKEN.findall(fold(text).lower())
        grams = Counter(tokens)
        grams.update(" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1))
        with self.lock:
            ids = np.fromiter(
                (self.terms.setdefault(g, len(self.terms)) for g in grams), np.int64, len(grams)
            )
        counts = np.fromiter(grams.values(), np.float32, len(grams))
        self.docs[text] = (ids, counts)
        return ids, counts


_STATE = _Analysed()


def _state() -> _Analysed:
    global _STATE
    if len(_STATE.docs) > _MAX_TEXTS:
        _STATE = _Analysed()
    return _STATE


def tfidf_pair_cosine(
    profile_texts: Sequence[str], job_texts: Sequence[str], pi: np.ndarray, ji: np.ndarray
) -> np.ndarray:
    """Cosine of the TF-IDF vectors of profile ``pi[k]`` and job ``ji[k]``, IDF over all the texts."""
    state = _state()
    analysed = [state.get(t) for t in [*profile_texts, *job_texts]]
    lengths = np.fromiter((len(a[0]) for a in analysed), np.int64, len(analysed))
    if not lengths.sum():
        return np.zeros(len(pi))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    terms = np.concatenate([a[0] for a in analysed])
    counts = np.concatenate([a[1] for a in analysed])
    _vocab, cols = np.unique(terms, return_inverse=True)
    n_docs = np.float32(len(analysed) + 1)
    df = np.bincount(cols).astype(np.float32) + np.float32(1.0)
    idf = np.log(n_docs / df) + np.float32(1.0)
    data = (np.log(counts) + np.float32(1.0)) * idf[cols]
    x = sp.csr_matrix((data, cols, indptr), shape=(len(analysed), len(_vocab)), dtype=np.float32)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sp.diags(np.float32(1.0) / norms.astype(np.float32)) @ x
    n_p = len(profile_texts)
    xp, xj = x[:n_p], x[n_p:]
    return np.asarray(xp[pi].multiply(xj[ji]).sum(axis=1)).ravel().astype(float)
