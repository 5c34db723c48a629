"""Registration for a fair: online or at the door, short codes with QR slips, idempotent check-in.

The duplicate warning for people registered at the door is the job centre's
walk-in check (``webapp.services.walkins.find_similar``), so the desk and the
fair door warn about the same people.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

import segno
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import (
    District,
    Education,
    FairRegistration,
    FairStatus,
    JobFair,
    Jobseeker,
    Role,
    Sex,
    utcnow,
)
from ..errors import Conflict, NotFound, PermissionDenied, ValidationError
from ..permissions import is_staff, require_role
from ..privacy.rules import check_min_age
from ..walkins import find_similar

__all__ = [
    "CheckIn",
    "check_in",
    "new_code",
    "normalise_code",
    "qr_svg",
    "register_jobseeker",
    "register_walk_in",
    "registration_for",
    "similar_jobseekers",
]

# No 0/O, 1/I/L: codes are read aloud and typed on phones at a noisy venue.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(FairRegistration.id).where(FairRegistration.code == code)) is None:
            return code


def normalise_code(text: str) -> str:
    """What a scanner or a person typed ("abc-234 ", a URL ending in the code) → "ABC234"."""
    text = (text or "").strip().upper().rsplit("/", 1)[-1]
    return _NOT_CODE.sub("", text)


def qr_svg(code: str, scale: int = 4) -> str:
    """An inline SVG of the code's QR (no XML declaration, so it can sit in HTML)."""
    return segno.make_qr(code, error="m").svg_inline(scale=scale, dark="#000", light="#fff")


def _open_for_registration(fair: JobFair) -> None:
    if fair.status in (FairStatus.FINISHED, FairStatus.CANCELLED):
        raise Conflict(_("This fair is closed for registration."))


def registration_for(session: Session, fair: JobFair, jobseeker_id: int) -> FairRegistration | None:
    return session.scalar(
        select(FairRegistration).where(
            FairRegistration.fair_id == fair.id, FairRegistration.jobseeker_id == jobseeker_id
        )
    )


def register_jobseeker(
    session: Session, actor: Any, fair: JobFair, jobseeker: Jobseeker, *, walk_in: bool = False
) -> FairRegistration:
    """Pre-registration by the jobseeker (or by staff for a person on file); once per fair."""
    if not (is_staff(actor) or (getattr(actor, "is_authenticated", False) and jobseeker.user_id == actor.id)):
        raise PermissionDenied(_("You can only register yourself."))
    _open_for_registration(fair)
    existing = registration_for(session, fair, jobseeker.id)
    if existing is not None:
        return existing
    reg = FairRegistration(
        fair_id=fair.id,
        jobseeker_id=jobseeker.id,
        code=new_code(session),
        walk_in=walk_in,
        registered_by_id=getattr(actor, "id", None),
    )
    session.add(reg)
    session.flush()
    return reg


@dataclass
class WalkIn:
    full_name: str
    sex: str
    birth_date: dt.date | None
    phone: str
    district_id: int
    education: str = Education.UPPER_SECONDARY.value
    desired_title: str = ""
    occupation_id: int | None = None


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def similar_jobseekers(
    session: Session, full_name: str, birth_date: dt.date | None, phone: str, limit: int = 5
) -> list[tuple[Jobseeker, int]]:
    """People on file who may be this walk-in, with a score out of 100 (see ``find_similar``)."""
    return [(d.jobseeker, int(d.score)) for d in find_similar(session, full_name, birth_date, phone, limit)]


def register_walk_in(
    session: Session,
    actor: Any,
    fair: JobFair,
    values: WalkIn,
    *,
    existing_jobseeker_id: int | None = None,
    confirm_new: bool = False,
) -> FairRegistration:
    """Register a person at the door, checked in at once.

    Raises Conflict with the possible duplicates in ``field_errors["duplicates"]``
    unless staff chose one of them (``existing_jobseeker_id``) or confirmed the
    person is new (``confirm_new``).
    """
    require_role(actor, Role.STAFF, Role.ADMIN)
    _open_for_registration(fair)
    if existing_jobseeker_id is not None:
        jobseeker = session.get(Jobseeker, existing_jobseeker_id)
        if jobseeker is None:
            raise NotFound(_("There is no such jobseeker."))
    else:
        errors: dict[str, str] = {}
        if not values.full_name.strip():
            errors["full_name"] = _("Enter the person's full name.")
        try:
            sex = Sex(values.sex)
        except ValueError:
            errors["sex"] = _("Choose male or female.")
        try:
            check_min_age(values.birth_date, fair.held_on)
        except ValidationError as err:
            errors.update(err.field_errors)
        if session.get(District, values.district_id) is None:
            errors["district_id"] = _("Unknown district.")
        if len(_digits(values.phone)) not in (0, 10, 11):
            errors["phone"] = _("A phone number has 10 digits.")
        if errors:
            raise ValidationError(_("Please correct the walk-in form."), errors)
        if not confirm_new:
            dups = similar_jobseekers(session, values.full_name, values.birth_date, values.phone)
            if dups:
                raise Conflict(
                    _("This person may already be on file. Choose the right person or confirm a new one."),
                    {"duplicates": ",".join(str(js.id) for js, _score in dups)},
                )
        assert values.birth_date is not None
        jobseeker = Jobseeker(
            full_name=values.full_name.strip(),
            sex=sex,
            birth_date=values.birth_date,
            phone=values.phone.strip(),
            district_id=values.district_id,
            education=Education(values.education),
            desired_title=values.desired_title.strip(),
            occupation_id=values.occupation_id,
            priority_groups=[],
            preferred_countries=[],
        )
        session.add(jobseeker)
        session.flush()
    reg = registration_for(session, fair, jobseeker.id)
    if reg is None:
        reg = FairRegistration(
            fair_id=fair.id,
            jobseeker_id=jobseeker.id,
            code=new_code(session),
            walk_in=True,
            registered_by_id=getattr(actor, "id", None),
        )
        session.add(reg)
    if reg.checked_in_at is None:
        reg.checked_in_at = utcnow()
        reg.checked_in_by_id = getattr(actor, "id", None)
    session.flush()
    return reg


@dataclass
class CheckIn:
    registration: FairRegistration
    first_time: bool


def check_in(session: Session, actor: Any, fair: JobFair, code: str) -> CheckIn:
    """Mark a registration present. A second scan of the same code changes nothing and says so."""
    require_role(actor, Role.STAFF, Role.ADMIN)
    code = normalise_code(code)
    if not code:
        raise ValidationError(_("Type or scan the code on the slip."), {"code": _("Enter a code.")})
    reg = session.scalar(
        select(FairRegistration).where(FairRegistration.fair_id == fair.id, FairRegistration.code == code)
    )
    if reg is None:
        raise NotFound(_("No registration for this fair has the code %(code)s.", code=code))
    if reg.checked_in_at is not None:
        return CheckIn(reg, False)
    reg.checked_in_at = utcnow()
    reg.checked_in_by_id = getattr(actor, "id", None)
    session.flush()
    return CheckIn(reg, True)


def counts(session: Session, fair: JobFair) -> dict[str, int]:
    row = session.execute(
        select(
            func.count(FairRegistration.id),
            func.count(FairRegistration.checked_in_at),
        ).where(FairRegistration.fair_id == fair.id)
    ).one()
    return {"registered": int(row[0]), "checked_in": int(row[1])}
