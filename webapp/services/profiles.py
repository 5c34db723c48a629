"""Jobseeker profiles: the person keeps their own; staff may open any; employers see what they are owed.

What an employer sees is decided by ``permissions``: a profile (without contact
details) when the person consented to be found or applied to them; contact
details and the national ID only when the person applied to that employer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold

from ..models import (
    AuditLog,
    Country,
    Education,
    Jobseeker,
    JobseekerLanguage,
    PriorityGroup,
    Role,
    Sex,
    Skill,
    utcnow,
)
from . import permissions
from .crypto import decrypt_national_id, encrypt_national_id
from .errors import Conflict, NotFound, PermissionDenied, ValidationError
from .privacy.audit import record_access
from .privacy.rules import check_min_age
from .reference import district_by_code, occupation_by_code

__all__ = ["LanguageValue", "ProfileValues", "get_profile", "own_profile", "profile_view", "save_profile"]

PHONE = re.compile(r"^\+?\d{9,15}$")
LANG_CODE = re.compile(r"^[a-z]{2}$")
MAX_SKILLS = 30


@dataclass
class LanguageValue:
    code: str = ""
    test: str = ""
    level: str = ""
    certificate: str = ""


@dataclass
class ProfileValues:
    full_name: str = ""
    sex: str | None = None
    birth_date: dt.date | None = None
    national_id: str = ""  # empty: keep what is on file
    phone: str = ""
    email: str = ""
    address: str = ""
    commune: str = ""
    district_code: str | None = None
    education: str | None = None
    vocational_training: str = ""
    occupation_code: str | None = None
    desired_title: str = ""
    summary: str = ""
    skills: list[str] = field(default_factory=list)
    experience_years: float | None = 0
    languages: list[LanguageValue] = field(default_factory=list)
    desired_salary_vnd: int | None = None
    willing_overseas: bool = False
    preferred_countries: list[str] = field(default_factory=list)
    priority_groups: list[str] = field(default_factory=list)
    searchable: bool = False

    @classmethod
    def from_jobseeker(cls, js: Jobseeker) -> ProfileValues:
        return cls(
            full_name=js.full_name,
            sex=js.sex.value,
            birth_date=js.birth_date,
            phone=js.phone,
            email=js.email,
            address=js.address,
            commune=js.commune,
            district_code=js.district.code if js.district else None,
            education=js.education.value,
            vocational_training=js.vocational_training,
            occupation_code=js.occupation.isco_code if js.occupation else None,
            desired_title=js.desired_title,
            summary=js.summary,
            skills=[s.name for s in js.skills],
            experience_years=js.experience_years,
            languages=[
                LanguageValue(lang.code, lang.test, lang.level, lang.certificate) for lang in js.languages
            ],
            desired_salary_vnd=js.desired_salary_vnd,
            willing_overseas=js.willing_overseas,
            preferred_countries=list(js.preferred_countries or []),
            priority_groups=list(js.priority_groups or []),
            searchable=js.searchable,
        )


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits


def own_profile(session: Session, user: Any) -> Jobseeker | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return session.scalar(select(Jobseeker).where(Jobseeker.user_id == user.id))


def get_profile(session: Session, jobseeker_id: int) -> Jobseeker:
    js = session.get(Jobseeker, jobseeker_id)
    if js is None or js.status == "erased":
        raise NotFound(_("There is no jobseeker with this number."))
    return js


def _skills(session: Session, names: list[str], errors: dict[str, str]) -> list[Skill]:
    cleaned: dict[str, str] = {}
    for raw in names:
        name = " ".join((raw or "").split())
        if not name:
            continue
        if len(name) > 120:
            errors["skills"] = _("A skill name is too long (at most 120 characters).")
            continue
        cleaned.setdefault(fold(name), name)
    if len(cleaned) > MAX_SKILLS:
        errors["skills"] = _("List at most %(n)d skills.", n=MAX_SKILLS)
        return []
    if errors.get("skills"):
        return []
    existing = {
        s.name_folded: s for s in session.scalars(select(Skill).where(Skill.name_folded.in_(cleaned)))
    }
    out = []
    for key, name in cleaned.items():
        skill = existing.get(key)
        if skill is None:
            skill = Skill(name=name, name_folded=key)
            session.add(skill)
        out.append(skill)
    return out


def validate(
    session: Session, values: ProfileValues, day: dt.date, *, require_contact: bool = False
) -> dict[str, Any]:
    e: dict[str, str] = {}
    out: dict[str, Any] = {}
    name = " ".join((values.full_name or "").split())
    if not name:
        e["full_name"] = _("Enter your full name.")
    elif len(name) > 200:
        e["full_name"] = _("The name is too long (at most 200 characters).")
    out["full_name"] = name
    try:
        out["sex"] = Sex(values.sex or "")
    except ValueError:
        e["sex"] = _("Choose male or female.")
    try:
        check_min_age(values.birth_date, day)
    except ValidationError as err:
        e.update(err.field_errors or {"birth_date": err.message})
    if values.birth_date and values.birth_date.year < day.year - 100:
        e["birth_date"] = _("Check the year of birth.")
    out["birth_date"] = values.birth_date
    phone = normalise_phone(values.phone)
    if phone and not PHONE.match(phone):
        e["phone"] = _("Enter a phone number of 10 digits, e.g. 0912345678.")
    elif require_contact and not phone:
        e["phone"] = _("Enter a phone number.")
    out["phone"] = phone
    email = (values.email or "").strip().lower()
    if email and (not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email) or len(email) > 254):
        e["email"] = _("Enter a valid e-mail address.")
    out["email"] = email
    out["address"] = (values.address or "").strip()[:300]
    out["commune"] = (values.commune or "").strip()
    if len(out["commune"]) > 120:
        e["commune"] = _("The commune name is too long.")
    district = None
    if values.district_code:
        district = district_by_code(session, values.district_code)
    if district is None:
        e["district_code"] = _("Choose your district from the list.")
    out["district_id"] = district.id if district else None
    try:
        out["education"] = Education(values.education or "")
    except ValueError:
        e["education"] = _("Choose your highest level of education.")
    out["vocational_training"] = (values.vocational_training or "").strip()[:300]
    occupation = None
    if values.occupation_code:
        occupation = occupation_by_code(session, values.occupation_code)
        if occupation is None:
            e["occupation_code"] = _("Choose an occupation from the list.")
    out["occupation_id"] = occupation.id if occupation else None
    out["desired_title"] = (values.desired_title or "").strip()[:200]
    out["summary"] = (values.summary or "").strip()[:5000]
    exp = values.experience_years
    if exp is None or not 0 <= exp <= 60:
        e["experience_years"] = _("Enter between 0 and 60 years of experience.")
    out["experience_years"] = exp or 0
    salary = values.desired_salary_vnd
    if salary is not None and not 0 <= salary <= 1_000_000_000:
        e["desired_salary_vnd"] = _("Enter a monthly salary in VND, between 0 and 1.000.000.000.")
    out["desired_salary_vnd"] = salary
    out["willing_overseas"] = bool(values.willing_overseas)
    codes = sorted({c.strip().upper() for c in values.preferred_countries if c and c.strip()})
    if codes:
        known = set(session.scalars(select(Country.code).where(Country.code.in_(codes))))
        if set(codes) - known or "VN" in codes:
            e["preferred_countries"] = _("Choose countries from the list.")
    out["preferred_countries"] = codes if out["willing_overseas"] else []
    groups = sorted({g for g in values.priority_groups if g})
    if any(g not in {p.value for p in PriorityGroup} for g in groups):
        e["priority_groups"] = _("Choose groups from the list.")
    out["priority_groups"] = groups
    out["searchable"] = bool(values.searchable)
    langs: list[JobseekerLanguage] = []
    seen: set[tuple[str, str]] = set()
    for i, lang in enumerate(values.languages):
        code = (lang.code or "").strip().lower()
        if not code:
            if (lang.test or lang.level or lang.certificate).strip():
                e[f"languages-{i}-code"] = _("Choose the language.")
            continue
        if not LANG_CODE.match(code):
            e[f"languages-{i}-code"] = _("Choose the language from the list.")
            continue
        test = (lang.test or "").strip()[:30]
        if (code, test) in seen:
            e[f"languages-{i}-code"] = _("This language and test are listed twice.")
            continue
        seen.add((code, test))
        langs.append(
            JobseekerLanguage(
                code=code,
                test=test,
                level=(lang.level or "").strip()[:20],
                certificate=(lang.certificate or "").strip()[:500],
            )
        )
    out["languages"] = langs
    out["skills"] = _skills(session, values.skills, e)
    out["national_id"] = (values.national_id or "").strip()
    if e:
        raise ValidationError(_("Please correct the highlighted fields."), e)
    return out


def _apply(session: Session, js: Jobseeker, cols: dict[str, Any]) -> None:
    national_id = cols.pop("national_id")
    languages = cols.pop("languages")
    skills = cols.pop("skills")
    if national_id:
        try:
            enc, digest = encrypt_national_id(national_id)
        except ValidationError as err:
            raise ValidationError(_("Please correct the highlighted fields."), err.field_errors) from None
        clash = session.scalar(
            select(Jobseeker.id).where(Jobseeker.national_id_hash == digest, Jobseeker.id != js.id)
        )
        if clash is not None:
            raise Conflict(
                _(
                    "Another profile already has this national ID. Ask the Employment Service Centre for help."
                ),
                {"national_id": _("Already on file.")},
            )
        js.national_id_enc, js.national_id_hash = enc, digest
    for key, value in cols.items():
        setattr(js, key, value)
    js.skills = skills
    js.languages.clear()
    session.flush()  # the old language rows go before the new ones meet the unique constraint
    js.languages.extend(languages)
    js.profile_updated_at = utcnow()


def save_profile(
    session: Session,
    actor: Any,
    values: ProfileValues,
    *,
    jobseeker_id: int | None = None,
    day: dt.date | None = None,
) -> Jobseeker:
    """Create or update a profile. A jobseeker edits their own; staff may edit any."""
    day = day or dt.date.today()
    if jobseeker_id is None:
        permissions.require_role(actor, Role.JOBSEEKER)
        js = own_profile(session, actor)
    else:
        js = get_profile(session, jobseeker_id)
        if not (permissions.owns_profile(actor, js) or permissions.is_staff(actor)):
            raise PermissionDenied(_("You can only change your own profile."))
    cols = validate(session, values, day)
    if js is None:
        js = Jobseeker(user_id=actor.id, email=actor.email)
        session.add(js)
    _apply(session, js, cols)
    session.flush()
    if permissions.is_staff(actor) and not permissions.owns_profile(actor, js):
        session.add(
            AuditLog(
                actor_id=actor.id, action="profile.update", object_type="jobseeker", object_id=str(js.id)
            )
        )
    return js


def profile_view(session: Session, actor: Any, jobseeker_id: int) -> dict[str, Any]:
    """What this actor may see of a profile; contact details and national ID only when entitled."""
    js = get_profile(session, jobseeker_id)
    permissions.require_view_profile(session, actor, js)
    contact = permissions.can_view_contact(session, actor, js)
    view: dict[str, Any] = {
        "id": js.id,
        "full_name": js.full_name,
        "sex": js.sex.value,
        "age": js.age_on(dt.date.today()),
        "district": js.district.name if js.district else "",
        "education": js.education.value,
        "vocational_training": js.vocational_training,
        "occupation": js.occupation,
        "desired_title": js.desired_title,
        "summary": js.summary,
        "skills": [s.name for s in js.skills],
        "experience_years": js.experience_years,
        "languages": js.languages,
        "desired_salary_vnd": js.desired_salary_vnd,
        "willing_overseas": js.willing_overseas,
        "preferred_countries": js.preferred_countries or [],
        "priority_groups": js.priority_groups or [],
        "contact_visible": contact,
    }
    if contact:
        view.update(
            phone=js.phone,
            email=js.email,
            address=js.address,
            commune=js.commune,
            birth_date=js.birth_date,
            national_id=decrypt_national_id(js.national_id_enc) if js.national_id_enc else None,
        )
    if not permissions.owns_profile(actor, js):
        # The access audit records who saw what (never the data itself); the person can read it.
        record_access(session, actor, js, "contact" if contact else "profile")
        if view.get("national_id"):
            record_access(session, actor, js, "national_id")
    return view


def search_profiles(session: Session, actor: Any, query: str, limit: int = 50) -> list[Jobseeker]:
    """Staff look-up by name, phone or id."""
    permissions.require_role(actor, Role.STAFF, Role.ADMIN)
    query = (query or "").strip()
    stmt = select(Jobseeker).where(Jobseeker.status != "erased")
    if query.isdigit() and len(query) < 8:
        stmt = stmt.where(Jobseeker.id == int(query))
    elif query:
        phone = normalise_phone(query)
        if phone.isdigit():
            stmt = stmt.where(Jobseeker.phone == phone)
        else:
            stmt = stmt.where(Jobseeker.full_name.ilike(f"%{query}%"))
    return list(session.scalars(stmt.order_by(Jobseeker.id.desc()).limit(limit)))
