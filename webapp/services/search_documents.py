"""Search documents built from the database: what the index knows of a vacancy or a profile.

Profile documents carry no name, national ID, phone, address or exact birth date
(an age band is enough), and contact details are stripped from free text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from search.schemas import age_band_of, salary_band

from ..models import (
    Country,
    District,
    Employer,
    Jobseeker,
    JobseekerLanguage,
    Occupation,
    OverseasProgramme,
    Skill,
    Vacancy,
    VacancyKind,
    VacancyStatus,
    VerificationStatus,
    jobseeker_skills,
    vacancy_skills,
)
from ..models.enums import EmployerKind
from .privacy.rules import age_on

log = logging.getLogger(__name__)

ENTITY_TYPES = ("vacancies", "jobseekers")
OVERSEAS_WORDS = "xuất khẩu lao động đi làm việc ở nước ngoài đơn hàng"
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


def chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def age_band(birth: dt.date | None, today: dt.date) -> str | None:
    if birth is None:
        return None
    return age_band_of(age_on(birth, today))


# ------------------------------------------------------------------ documents


def build_vacancy_docs(
    session: Session, ids: Sequence[int], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Search documents for the given vacancy ids (missing ids are simply absent)."""
    today = today or dt.date.today()
    out: list[dict[str, Any]] = []
    for chunk in chunks(list(ids)):
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


class JobseekerDocMaker:
    """Profile documents from plain row values: no name, national ID, phone, address or
    birth date (age band only), contacts stripped from free text.

    Every derived text (occupation, place, languages, summary with contacts removed, age
    band, decoded preferred countries) is worked out once per distinct value: profiles
    share most of them, and bulk indexing spends its time here. Both the database path
    (``build_jobseeker_docs``) and the bulk seeder (documents straight from the generated
    rows) go through ``make``, so they cannot drift apart.
    """

    def __init__(self, countries: dict[str, str], today: dt.date) -> None:
        self.countries = countries
        self.today = today
        self._occupation: dict[tuple[Any, ...], str] = {}
        self._places: dict[tuple[Any, ...], str] = {}
        self._langs: dict[tuple[tuple[str, str, str], ...], tuple[str, list[str], list[str]]] = {}
        self._summaries: dict[tuple[Any, Any], tuple[str, str]] = {}
        self._bands: dict[dt.date | None, str | None] = {}
        self._decoded: dict[str | None, list[str]] = {}

    def make(
        self, r: Sequence[Any], js_skills: list[str], js_langs: list[tuple[str, str, str]]
    ) -> dict[str, Any] | None:
        """The document for one row in ``JOBSEEKER_DOC_COLUMNS`` order, or None if not indexed.

        ``preferred_countries`` is the stored JSON text or the decoded list; enumerations may be
        members or values.
        """
        (jid, version, status, searchable, sex, birth, edu, title, summary, training, exp) = r[:11]
        (overseas, prefs, updated, d_code, d_name, isco, o_vi, o_en, o_aliases) = r[11:]
        if status != "active":
            return None
        lang_key = tuple(js_langs)
        lang_info = self._langs.get(lang_key)
        if lang_info is None:
            lang_info = self._langs[lang_key] = (
                " ".join(f"{LANGUAGE_NAMES.get(c, c)} {t} {lv}" for c, t, lv in js_langs),
                sorted({c for c, _t, _l in js_langs}),
                [" ".join(x for x in lang if x) for lang in js_langs],
            )
        lang_text, lang_codes, lang_display = lang_info
        if isinstance(prefs, list):  # PostgreSQL's driver decodes JSON itself
            prefs = list(prefs)
        elif prefs in self._decoded:
            prefs = list(self._decoded[prefs])
        else:
            raw, prefs = prefs, list((json.loads(prefs) if prefs is not None else None) or [])
            self._decoded[raw] = list(prefs)
        place_key = (d_name, *prefs)
        place = self._places.get(place_key)
        if place is None:
            countries = self.countries
            place = self._places[place_key] = " ".join([d_name or "", *(countries.get(c, c) for c in prefs)])
        occ_key = (o_vi, o_en, o_aliases)
        occupation = self._occupation.get(occ_key)
        if occupation is None:
            occupation = self._occupation[occ_key] = " ".join(
                x for x in (o_vi, o_en, (o_aliases or "").replace(";", " ")) if x
            )
        sum_key = (summary, training)
        cleaned = self._summaries.get(sum_key)
        if cleaned is None:
            cleaned = self._summaries[sum_key] = (
                _CONTACT.sub(" ", " ".join(x for x in (summary, training) if x)),
                _CONTACT.sub(" ", summary or "")[:400],
            )
        if birth in self._bands:
            band = self._bands[birth]
        else:
            band = self._bands[birth] = age_band(birth, self.today)
        education = str(edu) if edu else None
        experience = float(exp or 0)
        return {
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
            "sex": str(sex) if sex else None,
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


def country_names(session: Session) -> dict[str, str]:
    return dict(session.connection().execute(select(Country.code, Country.name_vi)).all())  # type: ignore[arg-type]


def build_jobseeker_docs(
    session: Session, ids: Sequence[int], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Profile documents for these ids (see ``JobseekerDocMaker``), read with Core statements
    on the session's connection (no ORM rows), 5,000 ids per query."""
    conn = session.connection()
    maker = JobseekerDocMaker(country_names(session), today or dt.date.today())
    out: list[dict[str, Any]] = []
    occ = aliased(Occupation)
    for chunk in chunks(sorted(ids), 5000):
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
            jid = row[0]
            doc = maker.make(tuple(row), skills.get(jid, []), langs.get(jid, []))
            if doc is not None:
                out.append(doc)
    return out


BUILDERS = {"vacancies": build_vacancy_docs, "jobseekers": build_jobseeker_docs}
MODELS: dict[str, Any] = {"vacancies": Vacancy, "jobseekers": Jobseeker}


def all_ids(session: Session, entity_type: str) -> list[int]:
    model = MODELS[entity_type]
    return list(session.scalars(select(model.id).order_by(model.id)))


def iter_docs(session: Session, entity_type: str, chunk: int = 2000) -> Iterable[dict[str, Any]]:
    ids = all_ids(session, entity_type)
    for part in chunks(ids, chunk):
        yield from BUILDERS[entity_type](session, part)
