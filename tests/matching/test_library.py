"""The matching library alone: eligibility reasons, hand-checked features, estimator contract, saved models."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from matching import (
    FEATURES,
    FeatureClipper,
    Job,
    Language,
    Profile,
    RankerMismatchError,
    exclusions,
    load_ranker,
    make_pipeline,
    pair_features,
    rank_pairs,
    save_ranker,
    train_ranker,
)

DAY = dt.date(2026, 6, 1)
EPS_RULES = {"min_age": 18, "max_age": 39, "language": {"code": "ko", "test": "EPS-TOPIK", "min_score": 80}}


def eps_job(**kw: object) -> Job:
    base: dict[str, object] = dict(
        id=1, employer_id=9, title="Sản xuất chế tạo Hàn Quốc", isco="8212", overseas=True, country_code="KR",
        country_vi="Hàn Quốc", country_en="Korea", agency=True, agency_verified=True,
        licence_expires=DAY + dt.timedelta(days=30), programme_code="KR_EPS", programme_rules=EPS_RULES,
    )  # fmt: skip
    base.update(kw)
    return Job(**base)  # type: ignore[arg-type]


def person(age: int = 25, **kw: object) -> Profile:
    base: dict[str, object] = dict(id=1, birth_date=dt.date(DAY.year - age, 1, 1))
    base.update(kw)
    return Profile(**base)  # type: ignore[arg-type]


def codes(p: Profile, j: Job) -> set[str]:
    return {r.code for r in exclusions(p, j, DAY)}


def test_eps_rules_with_readable_reasons() -> None:
    topik = (Language("ko", "EPS-TOPIK", "150"),)
    assert codes(person(30, languages=topik), eps_job()) == set()
    old = exclusions(person(41, languages=topik), eps_job(), DAY)
    assert [r.en for r in old] == ["over the programme's age limit of 39"]
    assert codes(person(30), eps_job()) == {"language"}
    assert codes(person(30, languages=(Language("ko", "EPS-TOPIK", "70"),)), eps_job()) == {"language"}
    expired = eps_job(licence_expires=DAY - dt.timedelta(days=1))
    assert codes(person(30, languages=topik), expired) == {"licence"}
    assert "under_18" in codes(person(17, languages=topik), eps_job(programme_rules={}))


def test_jlpt_levels_compare_the_right_way() -> None:
    job = eps_job(programme_rules={"language": {"code": "ja", "test": "JLPT", "min_level": "N4"}})
    assert codes(person(25, languages=(Language("ja", "JLPT", "N3"),)), job) == set()
    assert codes(person(25, languages=(Language("ja", "JLPT", "N5"),)), job) == {"language"}


def test_features_match_hand_computed_values() -> None:
    p = person(
        30, isco="7212", title="Thợ hàn", skills=frozenset({"han tig", "han mig"}), experience_years=5,
        education_rank=3, lat=18.0, lon=106.0, desired_salary_vnd=10_000_000, updated_on=DAY - dt.timedelta(days=10),
    )  # fmt: skip
    j = Job(
        id=2, title="Thợ hàn", isco="7213", skills=frozenset({"han tig", "doc ban ve"}), min_experience_years=2,
        min_education_rank=2, lat=18.0, lon=107.0, salary_min_vnd=18_000_000, salary_max_vnd=22_000_000,
    )  # fmt: skip
    x = dict(zip(FEATURES, pair_features([p], [j], on=DAY)[0], strict=True))
    assert x["occupation_agreement"] == 3
    assert x["title_similarity"] == 1.0
    assert x["skill_coverage"] == 0.5
    assert x["experience_gap"] == 3
    assert x["education_gap"] == 1
    assert x["distance_km"] == pytest.approx(
        2 * 6371 * math.asin(math.cos(math.radians(18)) * math.sin(math.radians(0.5))), rel=1e-9
    )
    assert x["salary_ratio"] == pytest.approx(1.0)  # 20M offered vs 10M wanted: log2(2)
    assert math.isnan(x["language_margin"])
    assert x["overseas_fit"] == 0 and x["is_overseas"] == 0
    assert x["profile_age_days"] == 10
    again = pair_features([p], [j], on=DAY)
    np.testing.assert_array_equal(
        np.nan_to_num(again, nan=-9), np.nan_to_num(pair_features([p], [j], on=DAY), nan=-9)
    )


def test_ineligible_pairs_are_recorded_not_ranked() -> None:
    topik = (Language("ko", "EPS-TOPIK", "150"),)
    people = [person(30, languages=topik), person(45, languages=topik)]
    people[1].id = 2
    ranking = rank_pairs(people, [eps_job()], (np.array([0, 1]), np.array([0, 0])), DAY)
    assert [m.profile.id for m in ranking.items] == [1]
    assert ranking.excluded[(2, 1)][0].code == "too_old"


def _known_failures(estimator: object) -> dict[str, str]:
    if type(estimator).__name__ == "Pipeline":
        # Pipeline fits its steps in place by design; sklearn does not hold it to this check either.
        return {
            "check_estimators_overwrite_params": "Pipeline fits the step objects it was given",
            "check_dont_overwrite_parameters": "Pipeline fits the step objects it was given",
            "check_estimators_nan_inf": "missing values are accepted on purpose (the booster handles NaN)",
        }
    return {}


@parametrize_with_checks(
    [FeatureClipper(), make_pipeline(max_iter=10, min_samples_leaf=5)],
    expected_failed_checks=_known_failures,
)
def test_sklearn_estimator_contract(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


def _fitted() -> object:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, len(FEATURES)))
    y = (X[:, 0] + rng.normal(scale=0.5, size=400) > 0).astype(int)
    return train_ranker(X, y, np.arange(400)), X


def test_saved_model_round_trips(tmp_path: Path) -> None:
    ranker, X = _fitted()  # type: ignore[misc]
    path = save_ranker(ranker, tmp_path / "ranker.joblib")
    again = load_ranker(path)
    np.testing.assert_allclose(again.predict_proba(X), ranker.predict_proba(X))
    assert (tmp_path / "ranker.card.json").exists()
    assert again.card["features"] == list(FEATURES)


def test_mismatched_model_is_refused_clearly(tmp_path: Path) -> None:
    ranker, _X = _fitted()  # type: ignore[misc]
    path = save_ranker(ranker, tmp_path / "ranker.joblib")
    bundle = joblib.load(path)
    bundle["features"] = [*FEATURES[:-1], "age"]
    joblib.dump(bundle, path)
    with pytest.raises(
        RankerMismatchError, match=rf"missing {FEATURES[-1]}; unknown age.*vieclam ranker train"
    ):
        load_ranker(path)


def test_distance_reason_reads_naturally() -> None:
    from matching.explanations import _reason

    job = Job(id=1, employer_id=1, title="Thợ hàn", lat=18.07, lon=106.3)
    near = _reason("distance_km", 0.0, person(), job)
    far = _reason("distance_km", 12.4, person(), job)
    assert near is not None and (near.vi, near.en) == ("cùng huyện", "same district")
    assert far is not None and (far.vi, far.en) == ("cách 12 km", "12 km away")
