"""Keeping the search index true to the database.

Nobody has to remember to index: SQLAlchemy session events notice every
change to a vacancy or jobseeker (and to what their documents are built from:
skills, languages, the employer's name, verification and licence) and

- on the embedded profile (SQLite, no Elasticsearch) write the FTS5 rows on
  the same connection before commit, so a rollback undoes both;
- on the scale profile write ``OutboxEvent`` rows in the same transaction;
  ``vieclam search sync`` (``sync_outbox``) delivers them to Elasticsearch
  after commit, with external versions so a replay never overwrites newer data.

Bulk inserts done with Core (seed, imports) bypass ORM events: call
``index_entities(session, "vacancies", ids)`` after them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import String, event, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session, aliased

from search.schemas import salary_band

from ..models import (
    Country,
    District,
    Employer,
    Jobseeker,
    JobseekerLanguage,
    Occupation,
    OutboxEvent,
    OutboxStatus,
    OverseasProgramme,
    Skill,
    Vacancy,
    VacancyKind,
    VacancyStatus,
    VerificationStatus,
    jobseeker_skills,
    utcnow,
    vacancy_skills,
)
from ..models.enums import EmployerKind

__all__ = [
    "ENTITY_TYPES",
    "backend_name_for",
    "build_jobseeker_docs",
    "build_vacancy_docs",
    "bulk_indexing",
    "index_entities",
    "register_index_events",
]

log = logging.getLogger(__name__)

ENTITY_TYPES = ("vacancies", "jobseekers")
OVERSEAS_WORDS = "xuất khẩu lao động đi làm việc ở nước ngoài đơn hàng"
_EMPLOYER_FIELDS = {"name", "verification", "licence_expires", "kind"}
_CHUNK = 500

# Phone numbers and e-mail addresses that people type into free-text summaries
# must not reach the index.
_CONTACT = re.compile(r"(\+?\d[\d .\-]{6,}\d)|([\w.+-]+@[\w-]+\.[\w.]+)")

LANGUAGE_NAMES = {
    "ko": "tiếng Hàn Korean",
    "ja": "tiếng Nhật Japanese",
    "zh": "tiếng Trung Chinese",
    "en": "tiếng Anh English",
    "de": "tiếng Đức German",
}


def _chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def age_band(birth: dt.date | None, today: dt.date) -> str | None:
    if birth is None:
        return None
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    for upper, label in (
        (18, "<18"),
        (25, "18-24"),
        (30, "25-29"),
        (35, "30-34"),
        (40, "35-39"),
        (50, "40-49"),
    ):
        if age < upper:
            return label
    return "50+"


# ------------------------------------------------------------------ documents


def build_vacancy_docs(
    session: Session, ids: Sequence[int], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Search documents for the given vacancy ids (missing ids are simply absent)."""
    today = today or dt.date.today()
    out: list[dict[str, Any]] = []
    for chunk in _chunks(list(ids)):
        skills: dict[int, list[str]] = {}
        for vid, name in session.execute(
            select(vacancy_skills.c.vacancy_id, Skill.name)
            .join(Skill, Skill.id == vacancy_skills.c.skill_id)
            .where(vacancy_skills.c.vacancy_id.in_(chunk))
        ):
            skills.setdefault(vid, []).append(name)
        rows = session.execute(
            select(
                Vacancy,
                Employer.name,
                Employer.kind,
                Employer.verification,
                Employer.licence_expires,
                District.code,
                District.name,
                Country.name_vi,
                Country.name_en,
                Country.vnd_rate,
                OverseasProgramme.code,
                OverseasProgramme.name_vi,
                Occupation.isco_code,
                Occupation.name_vi,
                Occupation.name_en,
                Occupation.aliases,
            )
            .join(Employer, Employer.id == Vacancy.employer_id)
            .outerjoin(District, District.id == Vacancy.district_id)
            .outerjoin(Country, Country.code == Vacancy.country_code)
            .outerjoin(OverseasProgramme, OverseasProgramme.id == Vacancy.programme_id)
            .outerjoin(Occupation, Occupation.id == Vacancy.occupation_id)
            .where(Vacancy.id.in_(chunk))
            .execution_options(populate_existing=False)
        ).all()
        for r in rows:
            out.append(_vacancy_doc(r, skills.get(r[0].id, []), today))
    return out


def _vacancy_doc(r: Any, skills: list[str], today: dt.date) -> dict[str, Any]:
    (v, emp_name, emp_kind, verification, licence_expires, d_code, d_name, c_vi, c_en, rate) = r[:10]
    (p_code, p_name, isco, o_vi, o_en, o_aliases) = r[10:]
    overseas = v.kind == VacancyKind.OVERSEAS
    visible = v.status == VacancyStatus.OPEN and verification == VerificationStatus.VERIFIED
    visible_until = v.deadline
    if overseas:
        # Only licensed agencies may post overseas orders; the order vanishes when the licence lapses.
        if emp_kind != EmployerKind.AGENCY or licence_expires is None:
            visible = False
        else:
            visible_until = min(v.deadline, licence_expires)
    salary = v.salary_max if v.salary_max is not None else v.salary_min
    rate = rate if (rate and v.currency != "VND") else 1.0
    salary_vnd = int(salary * rate) if salary is not None else None
    lang = v.language_requirement or {}
    languages = [lang["code"]] if lang.get("code") else []
    lang_text = " ".join(
        [
            LANGUAGE_NAMES.get(lang.get("code", ""), ""),
            str(lang.get("test") or ""),
            str(lang.get("level") or ""),
        ]
    ).strip()
    occupation_text = " ".join(x for x in (o_vi, o_en, (o_aliases or "").replace(";", " ")) if x)
    place = " ".join(x for x in (d_name, c_vi, c_en, p_name, OVERSEAS_WORDS if overseas else "") if x)
    return {
        "id": v.id,
        "version": v.version,
        "text": {
            "title": v.title,
            "occupation": occupation_text,
            "skills": " ".join([*skills, lang_text, v.required_certificate or ""]),
            "employer": " ".join(x for x in (emp_name, v.employer_abroad) if x),
            "place": place,
            "description": " ".join(x for x in (v.description, v.benefits) if x),
        },
        "visible": visible,
        "kind": v.kind.value,
        "district": d_code,
        "country": v.country_code,
        "programme": p_code,
        "occupation_group": isco[0] if isco else None,
        "education": v.min_education.value if v.min_education else None,
        "salary_band": salary_band(salary_vnd),
        "languages": languages,
        "salary_vnd": salary_vnd,
        "posted_at": v.posted_at,
        "deadline": v.deadline,
        "visible_until": visible_until,
        "display": {
            "id": v.id,
            "title": v.title,
            "employer": emp_name,
            "kind": v.kind.value,
            "district": d_code,
            "district_name": d_name,
            "country": v.country_code,
            "country_name": c_vi,
            "programme": p_code,
            "occupation": o_vi,
            "salary_min": v.salary_min,
            "salary_max": v.salary_max,
            "currency": v.currency,
            "quantity": v.quantity,
            "deadline": v.deadline.isoformat(),
            "posted_at": v.posted_at.isoformat() if v.posted_at else None,
            "excerpt": (v.description or "")[:600],
        },
    }


def build_jobseeker_docs(
    session: Session, ids: Sequence[int], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Profile documents: no name, national ID, phone, address or birth date (age band only).

    Core statements on the session's connection (no ORM rows), and every derived text
    (occupation, place, languages, summary with contacts removed) worked out once per
    distinct value: profiles share most of them, and bulk indexing spends its time here.
    """
    today = today or dt.date.today()
    out: list[dict[str, Any]] = []
    conn = session.connection()
    countries = dict(conn.execute(select(Country.code, Country.name_vi)).all())
    occ = aliased(Occupation)
    occupation_text: dict[tuple[Any, ...], str] = {}
    places: dict[tuple[Any, ...], str] = {}
    lang_texts: dict[tuple[tuple[str, str, str], ...], tuple[str, list[str], list[str]]] = {}
    summaries: dict[tuple[Any, Any], tuple[str, str]] = {}
    bands: dict[dt.date | None, str | None] = {}
    decoded: dict[str | None, list[str]] = {}
    for chunk in _chunks(sorted(ids), 5000):
        contiguous = bool(chunk) and chunk[-1] - chunk[0] + 1 == len(chunk)

        def among(col: Any, chunk: list[int] = chunk, contiguous: bool = contiguous) -> Any:
            # A range instead of thousands of bound parameters when the ids are consecutive.
            return col.between(chunk[0], chunk[-1]) if contiguous else col.in_(chunk)

        skills: dict[int, list[str]] = {}
        for jid, name in conn.execute(
            select(jobseeker_skills.c.jobseeker_id, Skill.name)
            .join(Skill, Skill.id == jobseeker_skills.c.skill_id)
            .where(among(jobseeker_skills.c.jobseeker_id))
        ).all():
            skills.setdefault(jid, []).append(name)
        langs: dict[int, list[tuple[str, str, str]]] = {}
        for lang in conn.execute(
            select(
                JobseekerLanguage.jobseeker_id,
                JobseekerLanguage.code,
                JobseekerLanguage.test,
                JobseekerLanguage.level,
            ).where(among(JobseekerLanguage.jobseeker_id))
        ).all():
            langs.setdefault(lang[0], []).append((lang[1], lang[2], lang[3]))
        rows = conn.execute(
            select(
                Jobseeker.id,
                Jobseeker.version,
                Jobseeker.status,
                Jobseeker.searchable,
                Jobseeker.sex,
                Jobseeker.birth_date,
                Jobseeker.education,
                Jobseeker.desired_title,
                Jobseeker.summary,
                Jobseeker.vocational_training,
                Jobseeker.experience_years,
                Jobseeker.willing_overseas,
                type_coerce(Jobseeker.preferred_countries, String),  # decoded once per distinct value
                Jobseeker.profile_updated_at,
                District.code,
                District.name,
                occ.isco_code,
                occ.name_vi,
                occ.name_en,
                occ.aliases,
            )
            .join(District, District.id == Jobseeker.district_id)
            .outerjoin(occ, occ.id == Jobseeker.occupation_id)
            .where(among(Jobseeker.id))
            .order_by(Jobseeker.id)
        ).all()
        for row in rows:
            r: Any = tuple(row)
            (jid, version, status, searchable, sex, birth, edu, title, summary, training, exp) = r[:11]
            (overseas, prefs, updated, d_code, d_name, isco, o_vi, o_en, o_aliases) = r[11:]
            if status != "active":
                continue
            js_langs = langs.get(jid, [])
            lang_key = tuple(js_langs)
            lang_info = lang_texts.get(lang_key)
            if lang_info is None:
                lang_info = lang_texts[lang_key] = (
                    " ".join(f"{LANGUAGE_NAMES.get(c, c)} {t} {lv}" for c, t, lv in js_langs),
                    sorted({c for c, _t, _l in js_langs}),
                    [" ".join(x for x in lang if x) for lang in js_langs],
                )
            lang_text, lang_codes, lang_display = lang_info
            if prefs in decoded:
                prefs = list(decoded[prefs])
            else:
                raw, prefs = prefs, list((json.loads(prefs) if prefs is not None else None) or [])
                decoded[raw] = list(prefs)
            place_key = (d_name, *prefs)
            place = places.get(place_key)
            if place is None:
                place = places[place_key] = " ".join([d_name or "", *(countries.get(c, c) for c in prefs)])
            occ_key = (o_vi, o_en, o_aliases)
            occupation = occupation_text.get(occ_key)
            if occupation is None:
                occupation = occupation_text[occ_key] = " ".join(
                    x for x in (o_vi, o_en, (o_aliases or "").replace(";", " ")) if x
                )
            sum_key = (summary, training)
            cleaned = summaries.get(sum_key)
            if cleaned is None:
                cleaned = summaries[sum_key] = (
                    _CONTACT.sub(" ", " ".join(x for x in (summary, training) if x)),
                    _CONTACT.sub(" ", summary or "")[:400],
                )
            if birth in bands:
                band = bands[birth]
            else:
                band = bands[birth] = age_band(birth, today)
            js_skills = skills.get(jid, [])
            education = edu.value if edu else None
            experience = float(exp or 0)
            out.append(
                {
                    "id": jid,
                    "version": version,
                    "text": {
                        "title": title or "",
                        "occupation": occupation,
                        "skills": " ".join([*js_skills, lang_text]),
                        "place": place,
                        "summary": cleaned[0],
                    },
                    "searchable": bool(searchable),
                    "district": d_code,
                    "occupation_group": isco[0] if isco else None,
                    "education": education,
                    "age_band": band,
                    "sex": sex.value if sex else None,
                    "overseas": "yes" if overseas else "no",
                    "languages": list(lang_codes),
                    "countries": prefs,
                    "experience_years": experience,
                    "updated_at": updated,
                    "display": {
                        "id": jid,
                        "title": title or o_vi or "",
                        "occupation": o_vi,
                        "district": d_code,
                        "district_name": d_name,
                        "education": education,
                        "age_band": band,
                        "experience_years": experience,
                        "skills": js_skills,
                        "languages": list(lang_display),
                        "overseas": bool(overseas),
                        "countries": prefs,
                        "excerpt": cleaned[1],
                    },
                }
            )
    return out


BUILDERS = {"vacancies": build_vacancy_docs, "jobseekers": build_jobseeker_docs}
MODELS: dict[str, Any] = {"vacancies": Vacancy, "jobseekers": Jobseeker}


# ------------------------------------------------------------------ which backend


def backend_name_for(session: Session) -> str:
    """``session.info["search_backend"]`` when the app set it, else by dialect (DESIGN.md)."""
    name = session.info.get("search_backend")
    if name:
        return str(name)
    bind = session.get_bind()
    return "sqlite" if bind.dialect.name == "sqlite" else "elasticsearch"


_fts_ready: dict[str, bool] = {}


def _fts_available(session: Session) -> bool:
    conn = session.connection()
    key = str(conn.engine.url)
    if key not in _fts_ready:
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('fts_vacancies', 'fts_jobseekers')"
        ).scalar()
        _fts_ready[key] = found == 2
        if not _fts_ready[key]:
            log.warning("SQLite search tables missing (run `vieclam db upgrade`); search is not indexed")
    return _fts_ready[key]


def index_entities(session: Session, entity_type: str, ids: Iterable[int]) -> None:
    """Bring the index up to date for these ids (after Core bulk writes that skip ORM events).

    Embedded profile: FTS rows now, in this transaction. Scale profile: outbox events
    carrying each row's current version, delivered by ``vieclam search sync``.
    """
    if entity_type not in BUILDERS:
        raise ValueError(f"unknown entity type {entity_type!r}")
    id_list = sorted({int(i) for i in ids})
    if not id_list:
        return
    if backend_name_for(session) == "sqlite":
        if not _fts_available(session):
            return
        from search.backends.sqlite import SQLiteBackend

        backend = SQLiteBackend()
        conn = session.connection()
        if len(id_list) < 10_000:
            for chunk in _chunks(id_list, 2000):
                docs = BUILDERS[entity_type](session, chunk)
                present = {d["id"] for d in docs}
                backend.upsert(conn, entity_type, docs)
                backend.delete(conn, entity_type, [i for i in chunk if i not in present])
            return
        # Bulk (seeding, imports): FTS5 merges less eagerly meanwhile (see bulk_load).
        with backend.bulk_load(conn, entity_type):
            for chunk in _chunks(id_list, 10_000):
                docs = BUILDERS[entity_type](session, chunk)
                present = {d["id"] for d in docs}
                backend.upsert(conn, entity_type, docs)
                backend.delete(conn, entity_type, [i for i in chunk if i not in present])
        return
    model = MODELS[entity_type]
    now = utcnow()
    for chunk in _chunks(id_list, 2000):
        versions: dict[int, int] = dict(
            session.execute(select(model.id, model.version).where(model.id.in_(chunk))).all()
        )
        rows = [
            {
                "entity_type": entity_type,
                "entity_id": i,
                "version": versions.get(i, 0) + (0 if i in versions else 1),
                "op": "upsert" if i in versions else "delete",
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "created_at": now,
                "last_error": "",
            }
            for i in chunk
        ]
        session.execute(insert(OutboxEvent), rows)


@contextmanager
def bulk_indexing(session: Session, entity_type: str) -> Iterator[None]:
    """Around many ``index_entities`` calls in one transaction (seeding, imports).

    Embedded profile: the FTS docs table's secondary indexes are rebuilt once at the
    end instead of row by row, and FTS5 merges less eagerly meanwhile. Elsewhere (or
    without search tables) nothing changes.
    """
    if backend_name_for(session) != "sqlite" or not _fts_available(session):
        yield
        return
    from search.backends.sqlite import SQLiteBackend

    with SQLiteBackend().bulk_load(session.connection(), entity_type, drop_indexes=True):
        yield


# ------------------------------------------------------------------ session events

_STATE_KEY = "vieclam.search_changes"


def _state(session: Session) -> dict[str, Any]:
    return session.info.setdefault(_STATE_KEY, {"objects": set(), "deleted": {}})


def _touch(obj: Any) -> None:
    """Force an UPDATE so the row's version (a version_id_col) moves on."""
    obj.updated_at = utcnow()


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    state = _state(session)
    objects: set[Any] = state["objects"]
    deleted: dict[tuple[str, int], int] = state["deleted"]
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty) + list(session.deleted):
            is_deleted = obj in session.deleted
            if isinstance(obj, Vacancy | Jobseeker):
                entity = "vacancies" if isinstance(obj, Vacancy) else "jobseekers"
                if is_deleted:
                    if obj.id is not None:
                        deleted[(entity, obj.id)] = (obj.version or 0) + 1
                    objects.discard(obj)
                    continue
                if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                    if not session.is_modified(obj):
                        continue
                    _touch(obj)  # only skills changed: the document did
                objects.add(obj)
            elif isinstance(obj, JobseekerLanguage):
                parent = obj.jobseeker
                if parent is None and obj.jobseeker_id is not None:
                    parent = session.get(Jobseeker, obj.jobseeker_id)
                if parent is not None and parent not in session.deleted:
                    if parent not in session.new:
                        _touch(parent)
                    objects.add(parent)
            elif (
                isinstance(obj, Employer)
                and obj in session.dirty
                and not is_deleted
                and _changed_attrs(obj) & _EMPLOYER_FIELDS
            ):
                for vac in session.scalars(select(Vacancy).where(Vacancy.employer_id == obj.id)):
                    if vac not in session.deleted:
                        _touch(vac)
                        objects.add(vac)


def _changed_attrs(obj: Any) -> set[str]:
    from sqlalchemy import inspect

    return {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}


def _after_flush(session: Session, _ctx: Any) -> None:
    state = session.info.get(_STATE_KEY)
    if not state or (not state["objects"] and not state["deleted"]):
        return
    objects: set[Any] = state["objects"]
    deleted: dict[tuple[str, int], int] = state["deleted"]
    upserts: dict[str, dict[int, int]] = {"vacancies": {}, "jobseekers": {}}
    for obj in objects:
        if obj.id is None:
            continue
        entity = "vacancies" if isinstance(obj, Vacancy) else "jobseekers"
        upserts[entity][obj.id] = obj.version
    state["objects"] = set()
    state["deleted"] = {}
    if backend_name_for(session) == "sqlite":
        if not _fts_available(session):
            return
        from search.backends.sqlite import SQLiteBackend

        backend = SQLiteBackend()
        conn = session.connection()
        for entity in ENTITY_TYPES:
            ids = sorted(upserts[entity])
            gone = [i for (e, i) in deleted if e == entity]
            if gone:
                backend.delete(conn, entity, gone)
            if ids:
                docs = BUILDERS[entity](session, ids)
                present = {d["id"] for d in docs}
                backend.upsert(conn, entity, docs)
                backend.delete(conn, entity, [i for i in ids if i not in present])
        return
    now = utcnow()
    rows = []
    for entity in ENTITY_TYPES:
        for i, version in sorted(upserts[entity].items()):
            rows.append((entity, i, version, "upsert"))
    for (entity, i), version in sorted(deleted.items()):
        rows.append((entity, i, version, "delete"))
    if rows:
        session.connection().execute(
            insert(OutboxEvent),
            [
                {
                    "entity_type": e,
                    "entity_id": i,
                    "version": v,
                    "op": op,
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                    "created_at": now,
                    "last_error": "",
                }
                for e, i, v, op in rows
            ],
        )


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_STATE_KEY, None)


_registered = False


def register_index_events() -> None:
    """Install the session listeners once per process (idempotent)."""
    global _registered
    if _registered:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_soft_rollback", _forget)
    _registered = True


register_index_events()


# ------------------------------------------------------------------ outbox delivery


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(2 ** max(attempts, 1), 300))


def sync_outbox_batch(
    session: Session, backend: Any, batch: int = 1000, max_attempts: int = 12, now: dt.datetime | None = None
) -> dict[str, int]:
    """Deliver one batch of due outbox events to Elasticsearch; flushes, never commits.

    Events of one entity are delivered as the entity's current state with its current
    version (so order per entity holds and intermediate states are skipped safely);
    Elasticsearch's external versioning rejects anything older than what it holds,
    and such a rejection counts as delivered. When Elasticsearch is unreachable the
    events stay pending with a growing delay; nothing is lost.
    """
    now = now or utcnow()
    stmt = (
        select(OutboxEvent)
        .where(
            OutboxEvent.status == OutboxStatus.PENDING,
            (OutboxEvent.next_attempt_at.is_(None)) | (OutboxEvent.next_attempt_at <= now),
        )
        .order_by(OutboxEvent.id)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    events = list(session.scalars(stmt))
    stats = {"delivered": 0, "failed": 0, "retry": 0, "events": len(events)}
    if not events:
        return stats
    by_entity: dict[str, dict[int, list[OutboxEvent]]] = {}
    for ev in events:
        by_entity.setdefault(ev.entity_type, {}).setdefault(ev.entity_id, []).append(ev)
    for entity, per_id in by_entity.items():
        if entity not in BUILDERS:
            for evs in per_id.values():
                for ev in evs:
                    ev.status, ev.last_error = OutboxStatus.FAILED, f"unknown entity type {entity}"
            continue
        ids = sorted(per_id)
        docs = {d["id"]: d for d in BUILDERS[entity](session, ids)}
        model = MODELS[entity]
        current: dict[int, int] = dict(
            session.execute(select(model.id, model.version).where(model.id.in_(ids))).all()
        )
        items: list[tuple[dict[str, Any], str]] = []
        for i in ids:
            if i in docs:
                items.append((docs[i], "upsert"))
            else:
                newest = max(ev.version for ev in per_id[i])
                items.append(({"id": i, "version": max(newest, current.get(i, 0))}, "delete"))
        try:
            outcome = backend.write(entity, items)
            done, failed = set(outcome.done), outcome.failed
        except Exception as exc:  # connection refused, timeout, cluster down: retry later
            done, failed = set(), {i: f"{type(exc).__name__}: {exc}"[:500] for i in ids}
        for i, evs in per_id.items():
            for ev in evs:
                if i in done:
                    ev.status, ev.processed_at, ev.last_error = OutboxStatus.DONE, now, ""
                    stats["delivered"] += 1
                else:
                    ev.attempts += 1
                    ev.last_error = failed.get(i, "not acknowledged")
                    if ev.attempts >= max_attempts:
                        ev.status = OutboxStatus.FAILED
                        stats["failed"] += 1
                    else:
                        ev.next_attempt_at = now + _backoff(ev.attempts)
                        stats["retry"] += 1
    session.flush()
    return stats


def pending_outbox(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(OutboxEvent.status == OutboxStatus.PENDING)) or 0)


def requeue_outbox(session: Session, since_id: int = 0, include_failed: bool = True) -> int:
    """Mark delivered (and failed) events pending again: a replay, harmless thanks to versions."""
    statuses = [OutboxStatus.DONE, OutboxStatus.FAILED] if include_failed else [OutboxStatus.DONE]
    result = session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id > since_id, OutboxEvent.status.in_(statuses))
        .values(status=OutboxStatus.PENDING, next_attempt_at=None, attempts=0)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def all_ids(session: Session, entity_type: str) -> list[int]:
    model = MODELS[entity_type]
    return list(session.scalars(select(model.id).order_by(model.id)))


def iter_docs(session: Session, entity_type: str, chunk: int = 2000) -> Iterable[dict[str, Any]]:
    ids = all_ids(session, entity_type)
    for part in _chunks(ids, chunk):
        yield from BUILDERS[entity_type](session, part)
