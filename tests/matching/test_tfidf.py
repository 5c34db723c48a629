"""The cached TF-IDF feature gives what a TfidfVectorizer fitted on the same texts gives."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching._tfidf import tfidf_pair_cosine
from search.text import fold

PROFILES = [
    "Thợ hàn Hàn TIG, MIG; 5 năm ở Formosa hàn điện hàn kết cấu thép",
    "Công nhân may may công nghiệp",
    "",
    "Điều dưỡng viên chăm sóc người cao tuổi điều dưỡng",
    "Thợ hàn",
]
JOBS = ["Thợ hàn điện kết cấu thép Vũng Áng", "Điều dưỡng viên làm việc tại Đức"]


def _sklearn(pi: np.ndarray, ji: np.ndarray) -> np.ndarray:
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, dtype=np.float32)
    x = vec.fit_transform([fold(t) for t in [*PROFILES, *JOBS]])
    xp, xj = x[: len(PROFILES)], x[len(PROFILES) :]
    return np.asarray(xp[pi].multiply(xj[ji]).sum(axis=1)).ravel().astype(float)


def test_same_values_as_a_fitted_vectoriser() -> None:
    pi = np.repeat(np.arange(len(PROFILES)), len(JOBS))
    ji = np.tile(np.arange(len(JOBS)), len(PROFILES))
    ours = tfidf_pair_cosine(PROFILES, JOBS, pi, ji)
    np.testing.assert_allclose(ours, _sklearn(pi, ji), atol=1e-6)
    # A second call (texts now cached) gives the same; the welder matches the welding job best.
    np.testing.assert_array_equal(tfidf_pair_cosine(PROFILES, JOBS, pi, ji), ours)
    assert ours[0] > ours[2] and ours[7] > ours[6] and ours[4] == 0.0


def test_no_text_at_all_scores_zero() -> None:
    assert tfidf_pair_cosine(["", ""], [""], np.array([0, 1]), np.array([0, 0])).tolist() == [0.0, 0.0]
