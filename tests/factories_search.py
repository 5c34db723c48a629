"""Factories for search tests: vacancies and profiles with readable wording."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import make_employer, make_jobseeker, make_vacancy
from webapp.models import Employer, Jobseeker, Skill, Vacancy


def skill(session: Session, name: str) -> Skill:
    found = session.scalar(select(Skill).where(Skill.name == name))
    if found is None:
        from search.text import fold

        found = Skill(name=name, name_folded=fold(name))
        session.add(found)
        session.flush()
    return found


def vacancy(session: Session, title: str, employer: Employer | None = None, **kw: Any) -> Vacancy:
    skills = kw.pop("skills", [])
    v = make_vacancy(session, title=title, employer=employer, **kw)
    for name in skills:
        v.skills.append(skill(session, name))
    session.flush()
    return v


def agency(session: Session, **kw: Any) -> Employer:
    return make_employer(session, agency=True, **kw)


def jobseeker(session: Session, **kw: Any) -> Jobseeker:
    skills = kw.pop("skills", [])
    js = make_jobseeker(session, **kw)
    for name in skills:
        js.skills.append(skill(session, name))
    session.flush()
    return js
