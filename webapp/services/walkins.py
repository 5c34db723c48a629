"""Walk-in registration at the job centre: a short form, done in under a minute.

Before a new record is made, people with a similar name (rapidfuzz on folded
names), the same birth date or the same phone are looked up; staff then either
merge the new details into the existing record or confirm it is someone else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from rapidfuzz import fuzz
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from search.text import fold

from ..models import AuditLog, Jobseeker, Role
from . import permissions
from .crypto import encrypt_national_id
from .errors import Conflict, ValidationError
from .profiles import ProfileValues, get_profile, normalise_phone
from .profiles import validate as validate_profile

__all__ = ["Duplicate", "WalkinValues", "find_similar", "merge_walkin", "register_walkin"]

WARN_SCORE = 70.0


@dataclass
class WalkinValues:
    full_name: str = ""
    sex: str | None = None
    birth_date: dt.date | None = None
    phone: str = ""
    district_code: str | None = None
    education: str | None = None
    occupation_code: str | None = None
    desired_title: str = ""
    willing_overseas: bool = False
    national_id: str = ""

    def as_profile(self) -> ProfileValues:
        return ProfileValues(
            full_name=self.full_name,
            sex=self.sex,
            birth_date=self.birth_date,
            phone=self.phone,
            district_code=self.district_code,
            education=self.education,
            occupation_code=self.occupation_code,
            desired_title=self.desired_title,
            willing_overseas=self.willing_overseas,
            national_id=self.national_id,
        )


@dataclass
class Duplicate:
    jobseeker: Jobseeker
    score: float
    same_birth_date: bool
    same_phone: bool
    name_similarity: float


def find_similar(
    session: Session, full_name: str, birth_date: dt.date | None, phone: str, limit: int = 5
) -> list[Duplicate]:
    """Active people on file who may be this person: the same phone (last nine digits, so
    "+84 912 ..." and "0912 ..." agree) or the same birth date, with a close folded name.

    The one duplicate check for every walk-in form (job centre desk and fair door).
    """
    digits = re.sub(r"\D", "", normalise_phone(phone))
    conditions = []
    if birth_date is not None:
        conditions.append(Jobseeker.birth_date == birth_date)
    if len(digits) >= 9:
        conditions.append(Jobseeker.phone.like(f"%{digits[-9:]}"))
    elif digits:
        conditions.append(Jobseeker.phone == digits)
    if not conditions:
        return []
    name = fold(full_name)
    found: list[Duplicate] = []
    rows = session.scalars(select(Jobseeker).where(or_(*conditions), Jobseeker.status == "active").limit(500))
    for js in rows:
        similarity = fuzz.token_sort_ratio(name, fold(js.full_name))
        same_birth = birth_date is not None and js.birth_date == birth_date
        theirs = re.sub(r"\D", "", normalise_phone(js.phone or ""))
        same_phone = bool(digits) and theirs[-9:] == digits[-9:]
        score = similarity * 0.5 + (25 if same_birth else 0) + (25 if same_phone else 0)
        if score >= WARN_SCORE:
            found.append(Duplicate(js, round(score, 1), same_birth, same_phone, round(similarity, 1)))
    found.sort(key=lambda d: d.score, reverse=True)
    return found[:limit]


@dataclass
class WalkinResult:
    jobseeker: Jobseeker | None
    duplicates: list[Duplicate]


def register_walkin(
    session: Session,
    actor: Any,
    values: WalkinValues,
    *,
    confirm_new: bool = False,
    day: dt.date | None = None,
) -> WalkinResult:
    """A new jobseeker without an account; returns the likely duplicates instead unless confirmed."""
    day = day or dt.date.today()
    permissions.require_role(actor, Role.STAFF, Role.ADMIN)
    cols = validate_profile(session, values.as_profile(), day, require_contact=True)
    duplicates = find_similar(session, cols["full_name"], cols["birth_date"], cols["phone"])
    if duplicates and not confirm_new:
        return WalkinResult(None, duplicates)
    national_id = cols.pop("national_id")
    cols.pop("languages")
    cols.pop("skills")
    js = Jobseeker(**cols)
    if national_id:
        _set_national_id(session, js, national_id)
    session.add(js)
    session.flush()
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="jobseeker.walkin",
            object_type="jobseeker",
            object_id=str(js.id),
            detail={"duplicates_overridden": [d.jobseeker.id for d in duplicates]},
        )
    )
    session.flush()
    return WalkinResult(js, duplicates)


def _set_national_id(session: Session, js: Jobseeker, national_id: str) -> None:
    try:
        enc, digest = encrypt_national_id(national_id)
    except ValidationError as err:
        raise ValidationError(_("Please correct the highlighted fields."), err.field_errors) from None
    clash = session.scalar(select(Jobseeker.id).where(Jobseeker.national_id_hash == digest))
    if clash is not None and clash != js.id:
        raise Conflict(
            _("Jobseeker no. %(id)d already has this national ID; open that record instead.", id=clash),
            {"national_id": _("Already on file.")},
        )
    js.national_id_enc, js.national_id_hash = enc, digest


def merge_walkin(
    session: Session, actor: Any, target_id: int, values: WalkinValues, *, day: dt.date | None = None
) -> Jobseeker:
    """Bring today's details into the existing record instead of making a second one."""
    day = day or dt.date.today()
    permissions.require_role(actor, Role.STAFF, Role.ADMIN)
    js = get_profile(session, target_id)
    cols = validate_profile(session, values.as_profile(), day, require_contact=True)
    changed = []
    for key in ("phone", "district_id", "occupation_id", "desired_title", "education"):
        new = cols.get(key)
        if new not in (None, "") and getattr(js, key) != new:
            setattr(js, key, new)
            changed.append(key)
    if cols["willing_overseas"] and not js.willing_overseas:
        js.willing_overseas = True
        changed.append("willing_overseas")
    if cols["national_id"] and js.national_id_enc is None:
        _set_national_id(session, js, cols["national_id"])
        changed.append("national_id")
    session.add(
        AuditLog(
            actor_id=actor.id,
            action="jobseeker.merge_walkin",
            object_type="jobseeker",
            object_id=str(js.id),
            detail={"changed": changed},
        )
    )
    session.flush()
    return js
