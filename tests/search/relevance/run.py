"""Relevance of vacancy search: recall@10 and MRR per backend, against a plain SQL LIKE baseline.

    .venv/bin/python -m tests.search.relevance.run [--elasticsearch-url URL] [--json]

Seeds corpus.json into a fresh SQLite database (migrated like production),
indexes it in SQLite FTS5 and, when a URL is given, in Elasticsearch, then runs
every query of queries.json as typed. A query's expected vacancies are the
ones that must appear in the first ten results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

HERE = Path(__file__).resolve().parent


def build_database(url: str) -> Session:
    from alembic import command

    from search.text import fold
    from webapp.cli.database import alembic_config
    from webapp.db import make_engine
    from webapp.models import (
        Country,
        District,
        Education,
        Employer,
        EmployerKind,
        Occupation,
        OverseasProgramme,
        Sex,
        Vacancy,
        VacancyKind,
        VerificationStatus,
    )
    from webapp.services.indexing import register_index_events
    from webapp.services.reference import load_reference

    register_index_events()
    cfg = alembic_config(url)
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")
    session = Session(make_engine(url), expire_on_commit=False)
    session.info["search_backend"] = "sqlite"
    load_reference(session)
    session.flush()
    corpus = json.loads((HERE / "corpus.json").read_text())
    districts = {d.code: d.id for d in session.scalars(select(District))}
    occupations = {o.isco_code: o.id for o in session.scalars(select(Occupation))}
    programmes = {p.code: p for p in session.scalars(select(OverseasProgramme))}
    assert session.scalars(select(Country)).first() is not None
    today = dt.date.today()
    employers: dict[str, Employer] = {}
    for i, (key, e) in enumerate(corpus["employers"].items()):
        agency = bool(e.get("agency"))
        emp = Employer(
            name=e["name"],
            name_folded=fold(e["name"]),
            kind=EmployerKind.AGENCY if agency else EmployerKind.ENTERPRISE,
            tax_code=f"31{i:08d}",
            district_id=districts.get(e.get("district", "436")),
            verification=VerificationStatus.VERIFIED,
            licence_no=f"{i:03d}/LĐTBXH-GP" if agency else None,
            licence_expires=today + dt.timedelta(days=400) if agency else None,
        )
        session.add(emp)
        employers[key] = emp
    session.flush()
    keys: dict[int, str] = {}
    for n, v in enumerate(corpus["vacancies"]):
        prog = programmes.get(v.get("programme", ""))
        overseas = prog is not None
        lang = v.get("language")
        vac = Vacancy(
            employer_id=employers[v["employer"]].id,
            title=v["title"],
            description=v["description"],
            kind=VacancyKind.OVERSEAS if overseas else VacancyKind.DOMESTIC,
            district_id=None if overseas else districts[v["district"]],
            country_code=(v.get("country") or (prog.country_code if prog else None)) if overseas else None,
            programme_id=prog.id if prog else None,
            occupation_id=occupations[v["isco"]],
            quantity=5,
            salary_min=v["salary"][0],
            salary_max=v["salary"][1],
            currency=v.get("currency", "VND"),
            deadline=today + dt.timedelta(days=30 + n),
            posted_at=dt.datetime(2026, 1, 1) + dt.timedelta(hours=n),
            min_education=Education(v["education"]) if v.get("education") else None,
            sex_required=Sex(v["sex"]) if v.get("sex") else None,
            language_requirement={"code": lang[0], "test": lang[1], "level": lang[2]} if lang else None,
        )
        session.add(vac)
        session.flush()
        keys[vac.id] = v["key"]
    session.commit()
    session.info["keys"] = keys
    return session


def like_baseline(session: Session, q: str, limit: int = 10) -> list[int]:
    """What a plain SQL search does: the query as typed, anywhere in the text, newest first."""
    rows = session.execute(
        text(
            "SELECT v.id FROM vacancies v JOIN employers e ON e.id = v.employer_id "
            "LEFT JOIN occupations o ON o.id = v.occupation_id "
            "LEFT JOIN countries c ON c.code = v.country_code "
            "LEFT JOIN districts d ON d.id = v.district_id "
            "WHERE lower(v.title || ' ' || v.description || ' ' || e.name || ' ' || coalesce(o.name_vi, '') "
            "|| ' ' || coalesce(c.name_vi, '') || ' ' || coalesce(d.name, '')) LIKE :p "
            "ORDER BY v.posted_at DESC LIMIT :n"
        ),
        {"p": f"%{q.lower()}%", "n": limit},
    )
    return [r[0] for r in rows]


def evaluate(
    found: dict[str, list[int]], queries: list[dict[str, Any]], keys: dict[int, str]
) -> dict[str, Any]:
    recall_sum = rr_sum = 0.0
    misses = []
    for item in queries:
        got = [keys.get(i) for i in found[item["q"]][:10]]
        expected = set(item["expected"])
        recall = len(expected & set(got)) / len(expected)
        rank = next((n for n, k in enumerate(got, 1) if k in expected), None)
        recall_sum += recall
        rr_sum += 1.0 / rank if rank else 0.0
        if recall < 1.0:
            misses.append(item["q"])
    n = len(queries)
    return {
        "recall@10": round(recall_sum / n, 4),
        "mrr": round(rr_sum / n, 4),
        "queries": n,
        "misses": misses,
    }


def run(es_url: str | None = None) -> dict[str, Any]:
    from search.backends.sqlite import SQLiteBackend
    from webapp.services.indexing import iter_docs
    from webapp.services.search import search_vacancies

    queries = json.loads((HERE / "queries.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        session = build_database(f"sqlite:///{tmp}/relevance.db")
        keys = session.info["keys"]
        backends: dict[str, Any] = {"sqlite": SQLiteBackend()}
        es = None
        if es_url:
            from search.backends.elasticsearch import ElasticsearchBackend

            es = ElasticsearchBackend(es_url, prefix=f"relevance-{uuid.uuid4().hex[:8]}", refresh=True)
            es.ensure_indices()
            es.reindex("vacancies", iter_docs(session, "vacancies"))
            backends["elasticsearch"] = es
        report: dict[str, Any] = {}
        results: dict[str, dict[str, list[int]]] = {}
        for name, backend in backends.items():
            session.info["search_backend_obj"] = backend
            results[name] = {
                item["q"]: [
                    i["id"] for i in search_vacancies(session, {"q": item["q"], "per_page": 10})["items"]
                ]
                for item in queries
            }
            report[name] = evaluate(results[name], queries, keys)
        results["like"] = {item["q"]: like_baseline(session, item["q"]) for item in queries}
        report["like"] = evaluate(results["like"], queries, keys)
        like_missed = set(report["like"]["misses"])
        for name in backends:
            report[name]["finds_of_like_misses"] = len(like_missed - set(report[name]["misses"]))
        report["like"]["missed_queries"] = len(like_missed)
        if es is not None:
            es.drop_all()
        session.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elasticsearch-url", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = run(args.elasticsearch_url)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"{'method':<15}{'recall@10':>10}{'MRR':>8}{'queries':>9}  finds LIKE's misses")
    for name, r in report.items():
        extra = str(r.get("finds_of_like_misses", f"(misses {r.get('missed_queries')})"))
        print(f"{name:<15}{r['recall@10']:>10.3f}{r['mrr']:>8.3f}{r['queries']:>9}  {extra}")
    for name, r in report.items():
        if r["misses"] and name != "like":
            print(f"\n{name} misses: {', '.join(r['misses'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
