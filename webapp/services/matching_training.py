"""Training and evaluating the ranker on past applications (``vieclam ranker train|evaluate``).

Only decided applications (hired, rejected, withdrawn) of pairs that were
eligible when the person applied are used: the ranker only ever ranks
eligible pairs. Evaluation is split by time: fit on applications before a
date, measure on the weeks after, every method ranking the same pools (the
applicants of each vacancy in the test weeks).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching import exclusions, pair_features, save_ranker, train_ranker, weighted_scores
from matching.evaluation import bm25_scores, evaluate_rankings

from ..models import Application, Jobseeker, Vacancy
from ..models.enums import ApplicationStatus as S
from . import search
from .errors import ValidationError
from .matching import JS_LOAD, V_LOAD, currency_rates, job_of, profile_of, query_text

__all__ = ["OutcomeData", "evaluate", "load_outcomes", "train"]

log = logging.getLogger(__name__)

_DECIDED = (S.HIRED, S.REJECTED, S.WITHDRAWN)
# Applications younger than this (before the newest one on file) are left out: a
# hire takes weeks of shortlisting and interviews, so the few recent ones that are
# already decided are nearly all quick rejections, a censored, biased sample.
MATURE_DAYS = 7
# How far an application got: the graded relevance used by NDCG.
_REACHED = {S.INTERVIEWED: 1, S.OFFERED: 1, S.HIRED: 2}


@dataclass
class OutcomeData:
    X: np.ndarray
    hired: np.ndarray  # 1 when the application ended in a hire
    relevance: np.ndarray  # 2 hired, 1 reached an interview, 0 otherwise
    applied_at: np.ndarray  # datetime64
    vacancy_id: np.ndarray
    jobseeker_id: np.ndarray
    female: np.ndarray
    profile_text: list[str]
    job_text: list[str]
    skipped_ineligible: int
    job_query: dict[int, str]  # vacancy id -> the text matching retrieval sends to the search backend


def load_outcomes(session: Session, mature_days: int = MATURE_DAYS) -> OutcomeData:
    newest = session.scalar(select(func.max(Application.applied_at)))
    cutoff = (newest or dt.datetime.max) - dt.timedelta(days=mature_days)
    rows = session.execute(
        select(
            Application.id,
            Application.jobseeker_id,
            Application.vacancy_id,
            Application.status,
            Application.applied_at,
        )
        .where(Application.status.in_(_DECIDED), Application.applied_at <= cutoff)
        .order_by(Application.applied_at, Application.id)
    ).all()
    reached: dict[int, int] = {}
    from ..models import ApplicationEvent

    for app_id, to in session.execute(
        select(ApplicationEvent.application_id, ApplicationEvent.to_status).where(
            ApplicationEvent.to_status.in_(list(_REACHED))
        )
    ):
        reached[app_id] = max(reached.get(app_id, 0), _REACHED[to])
    js_ids = sorted({r[1] for r in rows})
    v_ids = sorted({r[2] for r in rows})
    people = {
        j.id: j for j in session.scalars(select(Jobseeker).where(Jobseeker.id.in_(js_ids)).options(*JS_LOAD))
    }
    vacancies = {
        v.id: v for v in session.scalars(select(Vacancy).where(Vacancy.id.in_(v_ids)).options(*V_LOAD))
    }
    rates = currency_rates(session)
    p_index = {jid: k for k, jid in enumerate(people)}
    j_index = {vid: k for k, vid in enumerate(vacancies)}
    profiles = [profile_of(p) for p in people.values()]
    # The vacancy was open when the person applied, whatever its status now.
    jobs = [replace(job_of(v, rates), open=True, deadline=None) for v in vacancies.values()]
    keep, pi, ji, days = [], [], [], []
    skipped = 0
    for n, (_aid, jid, vid, _status, at) in enumerate(rows):
        if jid not in p_index or vid not in j_index:
            continue
        p, j = profiles[p_index[jid]], jobs[j_index[vid]]
        if exclusions(p, j, at.date()):
            skipped += 1
            continue
        keep.append(n)
        pi.append(p_index[jid])
        ji.append(j_index[vid])
        days.append(at.date())
    X = pair_features(profiles, jobs, (np.array(pi, dtype=int), np.array(ji, dtype=int)), days)
    kept = [rows[n] for n in keep]
    hired = np.array([r[3] == S.HIRED for r in kept], dtype=int)
    relevance = np.array([2 if r[3] == S.HIRED else reached.get(r[0], 0) for r in kept], dtype=float)
    return OutcomeData(
        X=X,
        hired=hired,
        relevance=np.minimum(relevance, 2),
        applied_at=np.array([r[4] for r in kept], dtype="datetime64[s]"),
        vacancy_id=np.array([r[2] for r in kept], dtype=int),
        jobseeker_id=np.array([r[1] for r in kept], dtype=int),
        female=np.array([people[r[1]].sex == "female" for r in kept], dtype=float),
        profile_text=[profiles[i].text for i in pi],
        job_text=[jobs[j].text for j in ji],
        skipped_ineligible=skipped,
        job_query={
            v.id: query_text(
                v.title, v.occupation.name_vi if v.occupation else "", [k.name for k in v.skills]
            )
            for v in vacancies.values()
        },
    )


def train(session: Session, path: str | Path, min_outcomes: int = 0) -> dict[str, Any]:
    """Train on every decided application and save the model and its card; returns the card."""
    data = load_outcomes(session)
    if len(data.hired) < max(min_outcomes, 2) or len(np.unique(data.hired)) < 2:
        raise ValidationError(
            f"Only {len(data.hired)} decided applications with both outcomes are on file; "
            f"at least {min_outcomes} are needed before a trained ranker can replace the weighted score."
        )
    started = time.perf_counter()
    ranker = train_ranker(data.X, data.hired, data.applied_at.astype("int64"))
    ranker.card["data"]["skipped_ineligible"] = data.skipped_ineligible
    ranker.card["data"]["applied_from"] = str(data.applied_at.min())
    ranker.card["data"]["applied_to"] = str(data.applied_at.max())
    ranker.card["training_seconds"] = round(time.perf_counter() - started, 2)
    save_ranker(ranker, path)
    return ranker.card


def evaluate(session: Session, test_share: float = 0.25, text_backend: str | None = None) -> dict[str, Any]:
    """Time-split comparison of the trained ranker, the weighted score, BM25 text relevance and random."""
    data = load_outcomes(session)
    if len(data.hired) < 50:
        raise ValidationError(f"Only {len(data.hired)} decided applications: too few to evaluate.")
    order = np.argsort(data.applied_at, kind="stable")
    split_at = data.applied_at[order[int(len(order) * (1 - test_share))]]
    train_rows = data.applied_at < split_at
    test_rows = ~train_rows
    ranker = train_ranker(
        data.X[train_rows], data.hired[train_rows], data.applied_at[train_rows].astype("int64")
    )
    Xt = data.X[test_rows]
    text, text_method = _backend_text_scores(
        session, data.vacancy_id[test_rows], data.jobseeker_id[test_rows], data.job_query
    )
    if text is None:
        text = bm25_scores(
            [data.job_text[i] for i in np.flatnonzero(test_rows)],
            [data.profile_text[i] for i in np.flatnonzero(test_rows)],
            corpus=sorted(set(data.profile_text)),
        )
        text_method = "bm25 computed on folded text (search.text.fold), k1=1.2 b=0.75"
    result = evaluate_rankings(
        data.vacancy_id[test_rows],
        data.relevance[test_rows],
        {"model": ranker.predict_proba(Xt), "weighted": weighted_scores(Xt), "text": text},
        female=data.female[test_rows],
    )
    ndcg: dict[str, float] = result["ndcg@10"]  # type: ignore[assignment]
    result["ratios"] = {
        "model_vs_weighted": round(ndcg["model"] / ndcg["weighted"], 3) if ndcg["weighted"] else None,
        "model_vs_text": round(ndcg["model"] / ndcg["text"], 3) if ndcg["text"] else None,
        "model_vs_random": round(ndcg["model"] / ndcg["random"], 3) if ndcg["random"] else None,
    }
    result["text_method"] = text_backend or text_method
    result["split"] = {
        "train_before": str(split_at),
        "train_rows": int(train_rows.sum()),
        "test_rows": int(test_rows.sum()),
        "skipped_ineligible": data.skipped_ineligible,
    }
    result["relevance"] = "2 hired, 1 reached interview or offer, 0 otherwise; precision/recall count hires"
    result["model_validation"] = ranker.card.get("validation", {})
    return result


# Enough to score every profile that matches a query on the demo data (and the
# Elasticsearch result window allows it).
TEXT_BASELINE_LIMIT = 10_000


def _backend_text_scores(
    session: Session, vacancy_ids: np.ndarray, jobseeker_ids: np.ndarray, job_query: dict[int, str]
) -> tuple[np.ndarray | None, str]:
    """Plain text relevance from the active search backend: for each vacancy, the query that
    matching retrieval sends, scored over all indexed profiles; applicants it does not
    match score 0. None when the backend cannot answer (no index yet)."""
    out = np.zeros(len(vacancy_ids))
    try:
        name = type(search._backend(session)).__name__
        for vid in np.unique(vacancy_ids):
            rows = np.flatnonzero(vacancy_ids == vid)
            hits = dict(
                search.retrieve_candidates(
                    session,
                    job_query.get(int(vid), ""),
                    {"include_non_searchable": True},
                    TEXT_BASELINE_LIMIT,
                )
            )
            out[rows] = [hits.get(int(j), 0.0) for j in jobseeker_ids[rows]]
    except Exception as err:  # noqa: BLE001 - any backend failure means: use the local BM25
        log.warning("Search backend text scores unavailable, using local BM25: %s", err)
        return None, ""
    if not out.any():
        return None, ""
    return out, f"search backend relevance ({name}: bm25 over the profile index, the retrieval query)"


def outcome_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(Application.status.in_(_DECIDED))) or 0)


__all__ += ["outcome_count"]
