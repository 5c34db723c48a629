"""vieclam import jobseekers: walk-in registers and lists from other offices."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from search.text import fold

from ...models import Country, Education, Jobseeker, JobseekerLanguage, Occupation, Skill
from ..placements import MIN_WORKING_AGE
from ..privacy.rules import age_on
from ..profiles import PHONE, normalise_phone
from ..reference import country_codes_by_name
from .common import (
    SEX,
    YES_NO,
    ImportReport,
    RowCheck,
    RowError,
    RowInvalid,
    alias_map,
    choice,
    country_code,
    fail_on_errors,
    find_district,
    parse_date,
    read_table,
    text,
    unique_external_id,
)

COLUMNS = alias_map(
    {
        "external_id": ["ma", "ma nguoi lao dong", "ma ho so", "id"],
        "full_name": ["ho va ten", "ho ten", "name"],
        "sex": ["gioi tinh", "gender"],
        "birth_date": ["ngay sinh"],
        "district": ["huyen", "quan huyen", "dia ban", "noi cu tru"],
        "phone": ["dien thoai", "so dien thoai", "sdt"],
        "education": ["trinh do", "trinh do hoc van", "hoc van"],
        "occupation_wanted": ["nghe mong muon", "nghe", "vi tri mong muon", "occupation"],
        "skills": ["ky nang"],
        "experience_years": ["kinh nghiem", "so nam kinh nghiem"],
        "languages": ["ngoai ngu"],
        "overseas": ["di nuoc ngoai", "muon di nuoc ngoai", "xuat khau lao dong"],
        "countries": ["nuoc mong muon", "thi truong mong muon", "quoc gia"],
    }
)
REQUIRED = ("external_id", "full_name", "sex", "birth_date", "district")
EDUCATION = {e.value.replace("_", " "): e.value for e in Education} | {
    "khong": "none", "chua qua dao tao": "none", "tieu hoc": "primary", "thcs": "lower_secondary",
    "trung hoc co so": "lower_secondary", "thpt": "upper_secondary", "trung hoc pho thong": "upper_secondary",
    "so cap": "elementary_vocational", "trung cap": "intermediate", "cao dang": "college",
    "dai hoc": "university", "thac si": "postgraduate", "tien si": "postgraduate", "sau dai hoc": "postgraduate",
}  # fmt: skip
_LANG = re.compile(r"^([a-z]{2})\s*:\s*(.*)$", re.I)
_TESTS = ("EPS-TOPIK", "TOPIK", "JLPT", "IELTS", "TOEIC", "HSK", "TOCFL")


def parse_languages(value: str) -> list[tuple[str, str, str]]:
    """ "ko:EPS-TOPIK 150; ja:N4" → [("ko", "EPS-TOPIK", "150"), ("ja", "JLPT", "N4")]."""
    out = []
    for part in filter(None, (p.strip() for p in (value or "").split(";"))):
        m = _LANG.match(part)
        if not m:
            raise RowInvalid(_("languages: cannot read %(v)s (write ko:EPS-TOPIK 150)", v=part))
        code, rest = m.group(1).lower(), m.group(2).strip()
        test, level = "", rest
        for t in _TESTS:
            if rest.upper().startswith(t):
                test, level = t, rest[len(t) :].strip()
                break
        if not test and re.fullmatch(r"N[1-5]", rest.upper()):
            test, level = "JLPT", rest.upper()
        out.append((code, test, level))
    return out


def _experience(raw: str) -> float:
    value = raw.replace(",", ".")
    try:
        years = float(value) if value else 0.0
    except ValueError:
        raise RowInvalid(_("experience_years is not a number: %(v)s", v=raw)) from None
    if not 0 <= years <= 80:
        raise RowInvalid(_("experience_years is out of range: %(v)s", v=raw))
    return years


def _occupation(session: Session, wanted: str) -> Occupation | None:
    """The catalogue occupation a free-text wish names (code, name or alias, marks optional)."""
    found = session.scalars(
        select(Occupation).where(
            or_(Occupation.isco_code == wanted, Occupation.name_vi == wanted, Occupation.name_en == wanted)
        )
    ).first()
    if found is not None:
        return found
    folded = fold(wanted)
    return next(
        (
            o
            for o in session.scalars(select(Occupation))
            if fold(o.name_vi) == folded or folded in [fold(a) for a in o.aliases.split(";") if a.strip()]
        ),
        None,
    )


def import_jobseekers(
    session: Session, actor: Any, path: Path | str, *, skip_invalid: bool = False
) -> ImportReport:
    report = ImportReport("jobseekers")
    countries = set(session.scalars(select(Country.code)))
    names = country_codes_by_name(session)
    today = dt.date.today()
    valid = []
    seen: set[str] = set()
    for line, row in read_table(path, COLUMNS, REQUIRED):
        check = RowCheck()
        ext = check(unique_external_id, row, seen)
        name = text(row, "full_name")
        if not name:
            check.fail(_("full_name is missing"))
        sex = check(choice, row.get("sex"), SEX, "sex")
        birth = check(parse_date, row.get("birth_date"), "birth_date")
        if birth is None and not text(row, "birth_date"):
            check.fail(_("birth_date is missing"))
        elif birth is not None and not MIN_WORKING_AGE <= age_on(birth, today) <= 100:
            check.fail(_("birth_date is not plausible for a jobseeker: %(d)s", d=birth.isoformat()))
        district = check(find_district, session, row)
        phone = normalise_phone(text(row, "phone"))
        if phone and not PHONE.match(phone):
            check.fail(_("phone is not a phone number: %(v)s (write it like 0912345678)", v=text(row, "phone")))
        education = check(choice, row.get("education") or "none", EDUCATION, "education")
        experience = check(_experience, text(row, "experience_years"))
        overseas = check(choice, row.get("overseas") or "no", YES_NO, "overseas") == "yes"
        wanted = [country_code(c, names) or "" for c in text(row, "countries").split(";") if c.strip()]
        bad = [c for c in wanted if c not in countries or c == "VN"]
        if bad:
            check.fail(_("unknown country: %(v)s", v=", ".join(bad)))
        languages = check(parse_languages, text(row, "languages"))
        if not check.ok or district is None or ext is None:
            report.errors.append(RowError(line, check.message))
            continue
        occ_text = text(row, "occupation_wanted")
        occupation = _occupation(session, occ_text) if occ_text else None
        skills = [s.strip() for s in text(row, "skills").split(";") if s.strip()]
        valid.append((line, ext, dict(
            full_name=name, sex=sex, birth_date=birth, district_id=district.id, phone=phone,
            education=education, occupation_id=occupation.id if occupation else None,
            desired_title=occ_text, experience_years=experience, willing_overseas=overseas or bool(wanted),
            preferred_countries=wanted,
        ), skills, languages or []))  # fmt: skip
    fail_on_errors(report, skip_invalid)

    existing = set(session.scalars(select(Jobseeker.external_id).where(Jobseeker.external_id.in_(seen))))
    skill_cache = {s.name_folded: s for s in session.scalars(select(Skill))}
    for _line, ext, values, skills, languages in valid:
        if ext in existing:
            report.unchanged += 1
            continue
        js = Jobseeker(external_id=ext, **values)
        for name in skills:
            key = fold(name)
            if key not in skill_cache:
                skill_cache[key] = Skill(name=name[:120], name_folded=key[:120])
            if skill_cache[key] not in js.skills:
                js.skills.append(skill_cache[key])
        for code, test, level in dict.fromkeys(languages):
            js.languages.append(JobseekerLanguage(code=code, test=test, level=level))
        session.add(js)
        report.created += 1
    session.flush()
    return report
