"""Search benchmark: seed, index, and run a fixed mix of realistic queries on each backend.

    .venv/bin/python benchmarks/search.py --vacancies 100000 --jobseekers 1000000 \
        [--elasticsearch-url URL | --start-elasticsearch] [--queries 1000] [--json]

Seeds a fresh SQLite database (migrated like production) with Core bulk inserts,
indexes it in SQLite FTS5 (and Elasticsearch when a URL is given), then answers
the same 1,000 vacancy queries (free text with and without marks, typos,
abbreviations, plus facet filters, with facet counts) and 1,000 profile queries
on each backend and with a plain SQL LIKE baseline. Prints indexing throughput,
latency p50/p95/p99, and how many of the queries LIKE finds nothing for (folded
or misspelled) the backend answers.

Latencies are cold in the sense that matters: nothing caches results. The SQLite
backend keeps the docs table's filter and facet columns in memory (reloaded after
any index write); loading them is the first query of each entity, reported on its
own as ``first_query_ms`` and left out of the percentiles with the other warm-up
queries. ``--like-sample-jobseekers N`` runs the LIKE baseline of the profile mix
on a fixed random subset of N queries (said so in the output), for 1,000,000
profiles where each LIKE query scans the whole table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

MODIFIERS = [
    "",
    "",
    "bậc 3",
    "ca đêm",
    "có kinh nghiệm",
    "thu nhập cao",
    "làm việc lâu dài",
    "không cần kinh nghiệm",
]
SENTENCES = [
    "Làm việc theo ca, có chế độ bảo hiểm xã hội đầy đủ.",
    "Ưu tiên người có kinh nghiệm và chứng chỉ nghề.",
    "Công ty hỗ trợ chỗ ở và bữa trưa.",
    "Môi trường làm việc an toàn, được đào tạo tại chỗ.",
    "Thưởng tháng 13, tăng lương hằng năm.",
    "Yêu cầu sức khỏe tốt, chăm chỉ, trung thực.",
    "Làm việc tại khu kinh tế Vũng Áng, có xe đưa đón.",
    "Hợp đồng 3 năm, phí theo quy định của nhà nước.",
]
TYPO_RATE = 0.2


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return (
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if rng.random() < 0.5
        else word[:i] + word[i] + word[i:]
    )


def seed(session: Session, n_vac: int, n_js: int, rng: random.Random) -> dict[str, Any]:
    from search.text import fold
    from webapp.models import (
        District,
        Education,
        Employer,
        EmployerKind,
        Jobseeker,
        JobseekerLanguage,
        Occupation,
        OverseasProgramme,
        Sex,
        Skill,
        Vacancy,
        VacancyKind,
        VacancyStatus,
        VerificationStatus,
        jobseeker_skills,
        vacancy_skills,
    )

    today = dt.date.today()
    now = dt.datetime.now()
    districts = list(session.scalars(select(District)))
    occupations = list(session.scalars(select(Occupation)))
    programmes = [p for p in session.scalars(select(OverseasProgramme)) if p.country_code]
    skills = list(session.scalars(select(Skill)))
    educations = list(Education)
    emp_rows = []
    for i in range(600):
        agency = i % 5 == 0
        name = f"Công ty {'CP Nhân lực' if agency else 'TNHH'} {rng.choice(['Hà Tĩnh', 'Vũng Áng', 'Hồng Lĩnh', 'Sông Lam', 'Thiên Cầm'])} {i}"
        emp_rows.append(
            {
                "name": name,
                "name_folded": fold(name),
                "kind": EmployerKind.AGENCY if agency else EmployerKind.ENTERPRISE,
                "tax_code": f"32{i:08d}",
                "district_id": rng.choice(districts).id,
                "verification": VerificationStatus.VERIFIED if i % 20 else VerificationStatus.PENDING,
                "licence_no": f"{i}/GP" if agency else None,
                "licence_expires": today + dt.timedelta(days=300) if agency else None,
                "created_at": now,
                "updated_at": now,
            }
        )
    session.execute(insert(Employer), emp_rows)
    emps = list(session.execute(select(Employer.id, Employer.kind)))
    agencies = [e for e, k in emps if k == EmployerKind.AGENCY]
    enterprises = [e for e, k in emps if k != EmployerKind.AGENCY]
    t0 = time.perf_counter()
    batch: list[dict[str, Any]] = []
    for _ in range(n_vac):
        occ = rng.choice(occupations)
        overseas = rng.random() < 0.35
        prog = rng.choice(programmes) if overseas else None
        lo = rng.randrange(5, 30) * 1_000_000
        batch.append(
            {
                "employer_id": rng.choice(agencies if overseas else enterprises),
                "title": f"{occ.name_vi} {rng.choice(MODIFIERS)}".strip()
                + (f" đi {prog.name_vi.split(' ')[-1]}" if prog and rng.random() < 0.3 else ""),
                "description": " ".join(rng.sample(SENTENCES, 3)),
                "kind": VacancyKind.OVERSEAS if overseas else VacancyKind.DOMESTIC,
                "status": VacancyStatus.OPEN if rng.random() < 0.85 else VacancyStatus.CLOSED,
                "district_id": None if overseas else rng.choice(districts).id,
                "country_code": prog.country_code if prog else None,
                "programme_id": prog.id if prog else None,
                "occupation_id": occ.id,
                "quantity": rng.randrange(1, 50),
                "salary_min": lo,
                "salary_max": lo + rng.randrange(1, 10) * 1_000_000,
                "currency": "VND",
                "posted_at": now - dt.timedelta(minutes=rng.randrange(0, 400_000)),
                "deadline": today + dt.timedelta(days=rng.randrange(-20, 90)),
                "min_education": rng.choice(educations),
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "description_extra": None,
            }
        )
        batch[-1].pop("description_extra")
        if len(batch) == 5000:
            session.execute(insert(Vacancy), batch)
            batch = []
    if batch:
        session.execute(insert(Vacancy), batch)
    vac_ids = list(session.scalars(select(Vacancy.id)))
    links = [
        {"vacancy_id": v, "skill_id": s.id} for v in vac_ids for s in rng.sample(skills, rng.randrange(0, 3))
    ]
    for i in range(0, len(links), 20000):
        session.execute(insert(vacancy_skills), links[i : i + 20000])
    seed_vac = time.perf_counter() - t0

    t0 = time.perf_counter()
    batch = []
    first_id = (session.scalar(select(Jobseeker.id).order_by(Jobseeker.id.desc()).limit(1)) or 0) + 1
    langs: list[dict[str, Any]] = []
    js_skills: list[dict[str, Any]] = []
    for i in range(n_js):
        occ = rng.choice(occupations)
        jid = first_id + i
        batch.append(
            {
                "id": jid,
                "full_name": f"Người lao động {i}",
                "sex": Sex.MALE if rng.random() < 0.55 else Sex.FEMALE,
                "birth_date": dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(0, 12_500)),
                "phone": f"09{i:08d}",
                "district_id": rng.choice(districts).id,
                "education": rng.choice(educations),
                "occupation_id": occ.id,
                "desired_title": occ.name_vi,
                "summary": " ".join(rng.sample(SENTENCES, 2)),
                "experience_years": rng.randrange(0, 20),
                "willing_overseas": rng.random() < 0.3,
                "preferred_countries": [],
                "priority_groups": [],
                "searchable": rng.random() < 0.7,
                "status": "active",
                "profile_updated_at": now,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        if rng.random() < 0.2:
            langs.append(
                {"jobseeker_id": jid, "code": rng.choice(["ko", "ja", "zh", "en"]), "test": "", "level": ""}
            )
        for s in rng.sample(skills, rng.randrange(0, 3)):
            js_skills.append({"jobseeker_id": jid, "skill_id": s.id})
        if len(batch) == 10000:
            session.execute(insert(Jobseeker), batch)
            session.execute(insert(JobseekerLanguage), langs) if langs else None
            session.execute(insert(jobseeker_skills), js_skills) if js_skills else None
            batch, langs, js_skills = [], [], []
    if batch:
        session.execute(insert(Jobseeker), batch)
    if langs:
        session.execute(insert(JobseekerLanguage), langs)
    if js_skills:
        session.execute(insert(jobseeker_skills), js_skills)
    session.commit()
    return {
        "seed_vacancies_s": round(seed_vac, 1),
        "seed_jobseekers_s": round(time.perf_counter() - t0, 1),
        "occupations": [(o.name_vi, o.name_en, o.isco_code) for o in occupations],
        "districts": [d.code for d in districts],
    }


def query_mix(
    info: dict[str, Any], n: int, rng: random.Random, profiles: bool = False
) -> list[dict[str, Any]]:
    from search.text import fold

    relevance = json.loads((ROOT / "tests/search/relevance/queries.json").read_text())
    texts = [q["q"] for q in relevance]
    mix = []
    for _ in range(n):
        r = rng.random()
        name_vi, name_en, isco = rng.choice(info["occupations"])
        if r < 0.3:
            q = rng.choice(texts)
        elif r < 0.55:
            q = name_vi
        elif r < 0.8:
            q = fold(name_vi)
        elif r < 0.9:
            words = fold(name_vi).split()
            q = " ".join(typo(w, rng) for w in words)
        elif r < 0.95:
            q = name_en.split(" ")[0].lower()
        else:
            q = ""
        params: dict[str, Any] = {"q": q}
        if rng.random() < 0.4:
            params["district"] = rng.choice(info["districts"])
        if not profiles and rng.random() < 0.2:
            params["kind"] = rng.choice(["domestic", "overseas"])
        if profiles and rng.random() < 0.2:
            params["occupation"] = isco[0]
        if rng.random() < 0.15:
            params["page"] = rng.randrange(2, 5)
        mix.append(params)
    return mix


def like_query(session: Session, params: dict[str, Any], today: str, profiles: bool) -> int:
    """The baseline: the query as typed inside the text, with the same filters, count + first page."""
    where = []
    args: dict[str, Any] = {"p": f"%{params['q'].lower()}%", "today": today}
    if profiles:
        base = (
            "FROM jobseekers j JOIN districts d ON d.id = j.district_id "
            "WHERE j.status = 'active' AND j.searchable = 1 AND "
            "lower(j.desired_title || ' ' || j.summary) LIKE :p"
        )
        if "district" in params:
            where.append("d.code = :district")
    else:
        base = (
            "FROM vacancies v JOIN employers e ON e.id = v.employer_id LEFT JOIN districts d ON d.id = v.district_id "
            "WHERE v.status = 'open' AND v.deadline >= :today AND e.verification = 'verified' AND "
            "lower(v.title || ' ' || v.description || ' ' || e.name) LIKE :p"
        )
        if "district" in params:
            where.append("d.code = :district")
        if "kind" in params:
            where.append("v.kind = :kind")
    for k in ("district", "kind"):
        if k in params:
            args[k] = params[k]
    sql = base + "".join(f" AND {w}" for w in where)
    total = session.execute(text("SELECT count(*) " + sql), args).scalar() or 0
    alias = "j" if profiles else "v"
    session.execute(text(f"SELECT {alias}.id " + sql + f" ORDER BY {alias}.id DESC LIMIT 20"), args).all()
    return int(total)


def run_mix(session: Session, mix: list[dict[str, Any]], fn: Any) -> tuple[list[float], list[int]]:
    times, totals = [], []
    for params in mix:
        t = time.perf_counter()
        totals.append(fn(params))
        times.append((time.perf_counter() - t) * 1000)
    return times, totals


def stats(times: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "p99_ms": round(percentile(times, 99), 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--jobseekers", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--elasticsearch-url", default=None)
    parser.add_argument("--workdir", default=None, help="Where to put the SQLite file (default: a temp dir)")
    parser.add_argument(
        "--db", default=None, help="Keep the seeded SQLite file here; reuse it (no seeding) if it exists"
    )
    parser.add_argument("--skip-like", action="store_true", help="Leave out the LIKE baseline")
    parser.add_argument(
        "--like-sample-jobseekers",
        type=int,
        default=0,
        help="Run the profile LIKE baseline on a fixed random subset of this many queries (0: all)",
    )
    parser.add_argument(
        "--start-elasticsearch",
        action="store_true",
        help="Start a throwaway local Elasticsearch node (tests/services.py) and stop it afterwards",
    )
    parser.add_argument("--reindex", action="store_true", help="With --db: rebuild the FTS index anyway")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.start_elasticsearch and not args.elasticsearch_url:
        from tests import services

        es_tmp = tempfile.TemporaryDirectory(dir=args.workdir)
        args.elasticsearch_url = services.start_elasticsearch(es_tmp.name)
        if not args.elasticsearch_url:
            print(
                f"Elasticsearch did not start: {services.unavailable_reason('elasticsearch')}",
                file=sys.stderr,
            )
            return 1
        try:
            return _run(args)
        finally:
            services.stop_elasticsearch()
            es_tmp.cleanup()
    return _run(args)


def _run(args: argparse.Namespace) -> int:

    from alembic import command

    from search.backends.sqlite import SQLiteBackend
    from webapp.cli.database import alembic_config
    from webapp.db import make_engine
    from webapp.models import Role
    from webapp.runtime import freeze_startup_heap
    from webapp.services import indexing
    from webapp.services.reference import load_reference
    from webapp.services.search import search_jobseekers, search_vacancies

    rng = random.Random(20261125)
    tmp = tempfile.TemporaryDirectory(dir=args.workdir)
    db_path = Path(args.db) if args.db else Path(tmp.name) / "bench.db"
    reuse = db_path.exists()
    url = f"sqlite:///{db_path}"
    cfg = alembic_config(url)
    cfg.attributes["skip_logging"] = True
    command.upgrade(cfg, "head")
    engine = make_engine(url)
    session = Session(engine, expire_on_commit=False)
    session.info["search_backend"] = "sqlite"
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    info_file = db_path.with_suffix(".info.json")
    if reuse:
        log(f"reusing {db_path}")
        info = json.loads(info_file.read_text())
        version, state, gauss = info["rng_state"]
        rng.setstate((version, tuple(state), gauss))  # the same query mix as the seeding run
    else:
        load_reference(session)
        session.commit()
        log(f"seeding {args.vacancies} vacancies and {args.jobseekers} jobseekers ...")
        info = seed(session, args.vacancies, args.jobseekers, rng)
        info["rng_state"] = rng.getstate()
        if args.db:
            info_file.write_text(json.dumps(info, default=str))
    staff = type("Actor", (), {"is_authenticated": True, "role": Role.EMPLOYER, "employer_id": 1})()
    report: dict[str, Any] = {
        "vacancies": args.vacancies,
        "jobseekers": args.jobseekers,
        "queries": args.queries,
        "seed_s": {"vacancies": info["seed_vacancies_s"], "jobseekers": info["seed_jobseekers_s"]},
        "machine": {"cpus": os.cpu_count(), "load_before": [round(x, 2) for x in os.getloadavg()]},
        "backends": {},
    }
    vac_mix = query_mix(info, args.queries, rng)
    js_mix = query_mix(info, args.queries, rng, profiles=True)
    today = dt.date.today().isoformat()

    # LIKE baseline (totals of -1: not run for that query)
    like_j_idx = list(range(len(js_mix)))
    if args.like_sample_jobseekers and args.like_sample_jobseekers < len(js_mix):
        like_j_idx = sorted(random.Random(7).sample(like_j_idx, args.like_sample_jobseekers))
    if args.skip_like:
        like_v_times, like_v_tot = [1.0], [-1] * len(vac_mix)
        like_j_times, like_j_tot = [1.0], [-1] * len(js_mix)
    else:
        log("LIKE baseline ...")
        like_v_times, like_v_tot = run_mix(session, vac_mix, lambda p: like_query(session, p, today, False))
        sub_times, sub_tot = run_mix(
            session, [js_mix[i] for i in like_j_idx], lambda p: like_query(session, p, today, True)
        )
        like_j_times, like_j_tot = sub_times, [-1] * len(js_mix)
        for i, t in zip(like_j_idx, sub_tot, strict=True):
            like_j_tot[i] = t
    report["like"] = {
        "vacancies": stats(like_v_times),
        "jobseekers": {**stats(like_j_times), "queries": len(like_j_idx)},
    }

    backends: list[tuple[str, Any]] = [("sqlite", SQLiteBackend())]
    if args.elasticsearch_url:
        from search.backends.elasticsearch import ElasticsearchBackend

        backends.append(
            (
                "elasticsearch",
                ElasticsearchBackend(
                    args.elasticsearch_url, prefix=f"bench-{uuid.uuid4().hex[:8]}", timeout=60
                ),
            )
        )
    for name, backend in backends:
        log(f"{name}: indexing ...")
        entry: dict[str, Any] = {"index": {}}
        for entity in ("vacancies", "jobseekers"):
            t = time.perf_counter()
            if name == "sqlite" and reuse and not args.reindex:
                n = len(backend.versions(session.connection(), entity))
                t = time.perf_counter()
                backend.optimize(session.connection(), entity)  # as after any bulk load
                session.commit()
                entry["index"][entity] = {
                    "docs": n,
                    "seconds": 0.0,
                    "docs_per_s": 0,
                    "optimize_seconds": round(time.perf_counter() - t, 1),
                }
                continue
            optimize_s = 0.0
            if name == "sqlite":
                backend.clear(session.connection(), entity)
                indexing.index_entities(session, entity, indexing.all_ids(session, entity))
                session.commit()
                # What `vieclam search reindex` / `search optimize` do after a bulk load:
                # one segment, so every query reads one posting list per term.
                t_opt = time.perf_counter()
                backend.optimize(session.connection(), entity)
                session.commit()
                optimize_s = time.perf_counter() - t_opt
                n = len(backend.versions(session.connection(), entity))
            else:
                backend.ensure_indices()
                n, _bulk_s = backend.reindex(entity, indexing.iter_docs(session, entity))
            elapsed = time.perf_counter() - t
            entry["index"][entity] = {
                "docs": n,
                "seconds": round(elapsed, 1),
                "docs_per_s": round(n / elapsed),
                "optimize_seconds": round(optimize_s, 1),
            }
        session.info["search_backend_obj"] = backend
        log(f"{name}: queries ...")
        # warm-up (vocabulary and column loads) is not measured; the first query of each is reported
        t = time.perf_counter()
        search_vacancies(session, vac_mix[0])
        entry["first_query_ms"] = {"vacancies": round((time.perf_counter() - t) * 1000, 1)}
        t = time.perf_counter()
        search_jobseekers(session, staff, js_mix[0])
        entry["first_query_ms"]["jobseekers"] = round((time.perf_counter() - t) * 1000, 1)
        for p in vac_mix[:20]:
            search_vacancies(session, p)
        for p in js_mix[:20]:
            search_jobseekers(session, staff, p)
        freeze_startup_heap()  # as `vieclam serve` does after start-up (webapp/runtime.py)
        v_times, v_tot = run_mix(session, vac_mix, lambda p: search_vacancies(session, p)["total"])
        j_times, j_tot = run_mix(session, js_mix, lambda p: search_jobseekers(session, staff, p)["total"])
        like_zero_v = [i for i, t in enumerate(like_v_tot) if t == 0 and vac_mix[i]["q"]]
        like_zero_j = [i for i, t in enumerate(like_j_tot) if t == 0 and js_mix[i]["q"]]
        entry["vacancies"] = {
            **stats(v_times),
            "like_ratio_p50": round(percentile(like_v_times, 50) / max(percentile(v_times, 50), 1e-6), 2),
            "like_empty": len(like_zero_v),
            "found_of_like_empty": sum(1 for i in like_zero_v if v_tot[i] > 0),
        }
        entry["jobseekers"] = {
            **stats(j_times),
            "like_ratio_p50": round(percentile(like_j_times, 50) / max(percentile(j_times, 50), 1e-6), 2),
            "like_empty": len(like_zero_j),
            "found_of_like_empty": sum(1 for i in like_zero_j if j_tot[i] > 0),
        }
        report["backends"][name] = entry
        session.info.pop("search_backend_obj", None)
        if name == "elasticsearch":
            backend.drop_all()
    session.close()
    engine.dispose()
    tmp.cleanup()
    report["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]

    if args.json:
        print(json.dumps(report))
        return 0
    print(
        f"\nSearch benchmark: {args.vacancies:,} vacancies, {args.jobseekers:,} jobseekers, {args.queries} queries each"
    )
    print(
        f"{'backend':<15}{'entity':<12}{'index docs/s':>13}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'LIKE p50/x':>11}{'LIKE-empty found':>18}"
    )
    for name, entry in report["backends"].items():
        for entity in ("vacancies", "jobseekers"):
            e = entry[entity]
            print(
                f"{name:<15}{entity:<12}{entry['index'][entity]['docs_per_s']:>13,}{e['p50_ms']:>9}{e['p95_ms']:>9}"
                f"{e['p99_ms']:>9}{e['like_ratio_p50']:>11}{str(e['found_of_like_empty']) + '/' + str(e['like_empty']):>18}"
            )
    for entity in ("vacancies", "jobseekers"):
        e = report["like"][entity]
        print(f"{'LIKE baseline':<15}{entity:<12}{'-':>13}{e['p50_ms']:>9}{e['p95_ms']:>9}{e['p99_ms']:>9}")
    if len(like_j_idx) < len(js_mix) and not args.skip_like:
        print(
            f"NOTE: the profile LIKE baseline ran on a fixed random subset of {len(like_j_idx)} of the "
            f"{len(js_mix)} profile queries (--like-sample-jobseekers); its percentiles and the "
            "'LIKE-empty found' column for profiles cover that subset only."
        )
    for name, entry in report["backends"].items():
        first = entry.get("first_query_ms", {})
        print(f"{name}: first query (loads vocabulary and columns, not in the percentiles): {first}")
        merged = {
            e: i.get("optimize_seconds") for e, i in entry.get("index", {}).items() if "optimize_seconds" in i
        }
        if merged:
            print(f"{name}: index merged into one segment after loading, seconds (in docs/s): {merged}")
    m = report["machine"]
    print(f"load average before {m['load_before']}, after {m['load_after']} ({m['cpus']} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
