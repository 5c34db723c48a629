"""Jobseekers as the matching library's ``Profile`` objects, a few hundred at a time, without the ORM.

Ranking a vacancy's pool loads up to a few hundred people per request; building
ORM objects with their skills, languages, district and occupation cost more than
scoring them. Here three Core queries (people, skills, languages) and the small
reference tables (read once per request) build the same ``Profile`` that
``matching.profile_of`` builds from a model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, Integer, any_, bindparam, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from matching import Language, Profile
from search.text import fold

from ..models import District, Jobseeker, JobseekerLanguage, Occupation, Skill, jobseeker_skills
from ..models.enums import EDUCATION_RANK, Education

__all__ = ["id_in", "load_profiles"]

_CHUNK = 500  # ids per IN list (SQLite's and PostgreSQL's limits are far above)


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[k : k + _CHUNK]) for k in range(0, len(ids), _CHUNK)]


def id_in(session: Session, column: Any, ids: Sequence[int]) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL as ``= ANY(array)``: one parameter instead of
    hundreds, which psycopg would otherwise parse into a new statement every time."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(ids), ARRAY(Integer)))
    # One expanding parameter: SQLAlchemy does not coerce each of the hundreds of values.
    return column.in_(bindparam(None, list(ids), expanding=True))  # type: ignore[no-any-return]


def load_profiles(
    session: Session, ids: Sequence[int], where: Sequence[ColumnElement[bool]] = ()
) -> list[Profile]:
    """Profiles of the people among ``ids`` who satisfy ``where``, by id."""
    if not ids:
        return []
    cols = (
        Jobseeker.id,
        Jobseeker.birth_date,
        Jobseeker.sex,
        Jobseeker.education,
        Jobseeker.occupation_id,
        Jobseeker.district_id,
        Jobseeker.desired_title,
        Jobseeker.summary,
        Jobseeker.vocational_training,
        Jobseeker.experience_years,
        Jobseeker.desired_salary_vnd,
        Jobseeker.willing_overseas,
        Jobseeker.preferred_countries,
        Jobseeker.profile_updated_at,
    )
    rows: list[Any] = []
    for part in _chunks(sorted(set(ids))):
        rows += session.execute(select(*cols).where(id_in(session, Jobseeker.id, part), *where)).all()
    if not rows:
        return []
    found = [r[0] for r in rows]
    skills: dict[int, list[str]] = defaultdict(list)
    langs: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    for part in _chunks(found):
        for jid, name in session.execute(
            select(jobseeker_skills.c.jobseeker_id, Skill.name)
            .join(Skill, Skill.id == jobseeker_skills.c.skill_id)
            .where(id_in(session, jobseeker_skills.c.jobseeker_id, part))
            .order_by(jobseeker_skills.c.jobseeker_id, jobseeker_skills.c.skill_id)
        ):
            skills[jid].append(name)
        for jid, code, test, level, cert in session.execute(
            select(
                JobseekerLanguage.jobseeker_id,
                JobseekerLanguage.code,
                JobseekerLanguage.test,
                JobseekerLanguage.level,
                JobseekerLanguage.certificate,
            )
            .where(id_in(session, JobseekerLanguage.jobseeker_id, part))
            .order_by(JobseekerLanguage.jobseeker_id, JobseekerLanguage.id)
        ):
            langs[jid].append((code, test, level, cert))
    occupations = {
        o.id: (o.isco_code, o.name_vi, o.aliases)
        for o in session.execute(
            select(Occupation.id, Occupation.isco_code, Occupation.name_vi, Occupation.aliases)
        )
    }
    districts = {
        d.id: (d.lat, d.lon) for d in session.execute(select(District.id, District.lat, District.lon))
    }
    folded: dict[str, str] = {}

    def fold_once(name: str) -> str:
        out = folded.get(name)
        if out is None:
            out = folded[name] = fold(name)
        return out

    out: list[Profile] = []
    for r in sorted(rows, key=lambda r: r[0]):
        (jid, birth, sex, edu, occ_id, district_id, title, summary, training) = r[:9]
        (exp, salary, overseas, prefs, updated) = r[9:]
        isco, occ_vi, aliases = occupations.get(occ_id, ("", "", "")) if occ_id else ("", "", "")
        names = skills.get(jid, [])
        person_langs = langs.get(jid, [])
        lat, lon = districts.get(district_id, (None, None))
        certs = " ".join([training, *(c for _code, _t, _l, c in person_langs)])
        out.append(
            Profile(
                id=jid,
                birth_date=birth,
                sex=str(sex.value if sex else ""),
                education_rank=EDUCATION_RANK.get(Education(edu), 0) if edu else 0,
                isco=isco or "",
                title=title or (occ_vi or ""),
                text=" ".join([title, summary, occ_vi or "", aliases or "", *names]),
                skills=frozenset(fold_once(n) for n in names),
                experience_years=float(exp or 0),
                lat=lat,
                lon=lon,
                desired_salary_vnd=float(salary) if salary else None,
                willing_overseas=bool(overseas),
                preferred_countries=frozenset(prefs or ()),
                languages=tuple(Language(c, t, lv) for c, t, lv, _cert in person_langs),
                certificates=fold(certs),
                updated_on=updated.date() if updated else None,
            )
        )
    return out
