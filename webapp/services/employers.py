"""Employers and agencies: registration, editing, and verification by the job centre.

A new company starts as pending; its vacancies stay hidden until staff verify
it. For agencies the licence number and expiry are checked at verification;
changing them sends the agency back to the queue, and an expired licence hides
its orders (see ``visibility.hidden_reason``) until a renewed one is verified.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from search.text import fold

from ..models import (
    AuditLog,
    Employer,
    EmployerKind,
    Role,
    User,
    Vacancy,
    VerificationStatus,
    utcnow,
)
from . import alerts, permissions
from .errors import Conflict, NotFound, PermissionDenied, ValidationError
from .reference import district_by_code
from .visibility import is_public

__all__ = [
    "EmployerValues",
    "get_employer",
    "licence_state",
    "register_employer",
    "update_employer",
    "verification_queue",
    "verify_employer",
]

# Vietnamese tax code: 10 digits, or 10 digits, a dash and 3 digits for a branch.
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[\d .\-()]{8,20}$")
EXPIRING_DAYS = 30


@dataclass
class EmployerValues:
    name: str = ""
    kind: str = "enterprise"
    tax_code: str = ""
    industry: str = ""
    district_code: str | None = None
    economic_zone: str = ""
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    website: str = ""
    description: str = ""
    licence_no: str = ""
    licence_expires: dt.date | None = None

    @classmethod
    def from_employer(cls, e: Employer) -> EmployerValues:
        return cls(
            name=e.name,
            kind=e.kind.value,
            tax_code=e.tax_code or "",
            industry=e.industry,
            district_code=e.district.code if e.district else None,
            economic_zone=e.economic_zone,
            address=e.address,
            contact_name=e.contact_name,
            contact_phone=e.contact_phone,
            contact_email=e.contact_email,
            website=e.website,
            description=e.description,
            licence_no=e.licence_no or "",
            licence_expires=e.licence_expires,
        )


def audit(session: Session, actor: Any, action: str, obj: str, obj_id: Any, **detail: Any) -> None:
    session.add(
        AuditLog(
            actor_id=getattr(actor, "id", None),
            action=action,
            object_type=obj,
            object_id=str(obj_id),
            detail=detail,
        )
    )


def _validate(
    session: Session, values: EmployerValues, day: dt.date, current: Employer | None
) -> dict[str, Any]:
    e: dict[str, str] = {}
    name = (values.name or "").strip()
    if not name:
        e["name"] = _("Enter the company name.")
    elif len(name) > 255:
        e["name"] = _("The name is too long (at most 255 characters).")
    try:
        kind = EmployerKind(values.kind)
    except ValueError:
        e["kind"] = _("Choose enterprise or overseas recruitment agency.")
        kind = EmployerKind.ENTERPRISE
    tax = (values.tax_code or "").strip().replace(" ", "")
    if not TAX_CODE.match(tax):
        e["tax_code"] = _("A tax code has 10 digits (or 10 digits, a dash and 3 digits for a branch).")
    else:
        clash = session.scalar(select(Employer.id).where(Employer.tax_code == tax))
        if clash is not None and (current is None or clash != current.id):
            e["tax_code"] = _(
                "A company with this tax code is already registered; ask the centre for access."
            )
    district = None
    if values.district_code:
        district = district_by_code(session, values.district_code)
        if district is None:
            e["district_code"] = _("Choose a district from the list.")
    zone = (values.economic_zone or "").strip()
    if district is None and not zone and "district_code" not in e:
        e["district_code"] = _("Choose the district or enter the economic zone.")
    phone = (values.contact_phone or "").strip()
    if not PHONE.match(phone):
        e["contact_phone"] = _("Enter a phone number (at least 8 digits).")
    email = (values.contact_email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        e["contact_email"] = _("Enter a valid e-mail address.")
    contact = (values.contact_name or "").strip()
    if not contact:
        e["contact_name"] = _("Enter the name of a contact person.")
    website = (values.website or "").strip()
    if website and not website.startswith(("http://", "https://")):
        e["website"] = _("A website address starts with http:// or https://.")
    licence_no = (values.licence_no or "").strip()
    expires = values.licence_expires
    if kind == EmployerKind.AGENCY:
        if not licence_no:
            e["licence_no"] = _("Agencies must enter their licence number for sending workers abroad.")
        elif len(licence_no) > 60:
            e["licence_no"] = _("The licence number is too long.")
        if expires is None:
            e["licence_expires"] = _("Enter the licence expiry date.")
        elif expires < day:
            e["licence_expires"] = _(
                "This licence expired on %(date)s. Only agencies with a valid licence may register.",
                date=expires.isoformat(),
            )
    else:
        licence_no, expires = "", None
    for field, limit in (("industry", 200), ("address", 300), ("description", 10_000), ("contact_name", 200)):
        if len((getattr(values, field) or "").strip()) > limit:
            e[field] = _("Too long (at most %(n)d characters).", n=limit)
    if e:
        raise ValidationError(_("Please correct the highlighted fields."), e)
    return {
        "name": name,
        "name_folded": fold(name),
        "kind": kind,
        "tax_code": tax,
        "industry": (values.industry or "").strip(),
        "district_id": district.id if district else None,
        "economic_zone": zone[:120],
        "address": (values.address or "").strip(),
        "contact_name": contact,
        "contact_phone": phone,
        "contact_email": email,
        "website": website[:300],
        "description": (values.description or "").strip(),
        "licence_no": licence_no or None,
        "licence_expires": expires,
    }


def register_employer(
    session: Session, actor: Any, values: EmployerValues, *, day: dt.date | None = None
) -> Employer:
    """An employer account registers its company; it waits for verification."""
    day = day or dt.date.today()
    permissions.require_role(actor, Role.EMPLOYER)
    if actor.employer_id is not None:
        raise Conflict(_("Your account already belongs to a company; edit it instead."))
    cols = _validate(session, values, day, None)
    employer = Employer(verification=VerificationStatus.PENDING, **cols)
    session.add(employer)
    session.flush()
    actor.employer_id = employer.id
    audit(session, actor, "employer.register", "employer", employer.id)
    session.flush()
    return employer


def get_employer(session: Session, employer_id: int) -> Employer:
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise NotFound(_("There is no employer with this number."))
    return employer


# A change to any of these needs a new check by the centre.
_REVERIFY = ("name", "kind", "tax_code", "licence_no", "licence_expires")


def update_employer(
    session: Session, actor: Any, employer_id: int, values: EmployerValues, *, day: dt.date | None = None
) -> Employer:
    day = day or dt.date.today()
    employer = get_employer(session, employer_id)
    if not permissions.can_edit_employer(actor, employer):
        raise PermissionDenied(_("You can only edit your own company."))
    cols = _validate(session, values, day, employer)
    changed = [k for k in _REVERIFY if getattr(employer, k) != cols[k]]
    for key, value in cols.items():
        setattr(employer, key, value)
    if changed and not permissions.is_staff(actor) and employer.verification != VerificationStatus.PENDING:
        employer.verification = VerificationStatus.PENDING
        employer.verification_note = _(
            "Changed %(fields)s; waiting for a new check.", fields=", ".join(changed)
        )
    audit(session, actor, "employer.update", "employer", employer.id, changed=changed)
    session.flush()
    return employer


def licence_state(employer: Employer, day: dt.date | None = None) -> str:
    """none (not an agency), valid, expiring (within 30 days), expired."""
    day = day or dt.date.today()
    if not employer.is_agency:
        return "none"
    if not employer.licence_expires or employer.licence_expires < day:
        return "expired"
    if employer.licence_expires <= day + dt.timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "valid"


def verification_queue(session: Session, actor: Any, *, day: dt.date | None = None) -> list[Employer]:
    """Pending companies, and verified agencies whose licence expired or expires within 30 days."""
    day = day or dt.date.today()
    permissions.require_role(actor, Role.STAFF, Role.ADMIN)
    stmt = (
        select(Employer)
        .where(
            or_(
                Employer.verification == VerificationStatus.PENDING,
                (Employer.kind == EmployerKind.AGENCY)
                & (Employer.verification == VerificationStatus.VERIFIED)
                & (Employer.licence_expires <= day + dt.timedelta(days=EXPIRING_DAYS)),
            )
        )
        .order_by(Employer.created_at, Employer.id)
    )
    return list(session.scalars(stmt))


DECISIONS = ("verify", "reject", "suspend")


def verify_employer(
    session: Session,
    actor: Any,
    employer_id: int,
    decision: str,
    note: str = "",
    *,
    licence_checked: bool = False,
    day: dt.date | None = None,
) -> Employer:
    """Staff decide. Verifying an agency needs a valid licence that the staff member has checked."""
    day = day or dt.date.today()
    permissions.require_role(actor, Role.STAFF, Role.ADMIN)
    employer = get_employer(session, employer_id)
    note = (note or "").strip()
    if decision not in DECISIONS:
        raise ValidationError(_("Choose verify, reject or suspend."), {"decision": _("Choose a decision.")})
    if decision == "verify":
        if employer.is_agency:
            if not employer.licence_expires or employer.licence_expires < day:
                raise ValidationError(
                    _(
                        "The licence of %(name)s expired on %(date)s; an agency cannot be verified with an "
                        "expired licence.",
                        name=employer.name,
                        date=employer.licence_expires.isoformat() if employer.licence_expires else "?",
                    ),
                    {"decision": _("Licence expired.")},
                )
            if not licence_checked:
                raise ValidationError(
                    _("Confirm that you checked the licence in the Ministry's register."),
                    {"licence_checked": _("Confirm the licence check.")},
                )
        employer.verification = VerificationStatus.VERIFIED
        employer.verified_at = utcnow()
        employer.verified_by_id = actor.id
    else:
        if not note:
            raise ValidationError(
                _("Say why, so the company knows what to fix."), {"note": _("Enter a reason.")}
            )
        employer.verification = (
            VerificationStatus.REJECTED if decision == "reject" else VerificationStatus.SUSPENDED
        )
    employer.verification_note = note
    audit(session, actor, f"employer.{decision}", "employer", employer.id, licence_checked=licence_checked)
    session.flush()
    if decision == "verify":
        # Vacancies that waited for the verification become public now: alert the people waiting.
        for vacancy in session.scalars(select(Vacancy).where(Vacancy.employer_id == employer.id)):
            if is_public(vacancy, day):
                alerts.notify_for_vacancy(session, vacancy, day)
    return employer


def users_of(session: Session, employer_id: int) -> list[User]:
    return list(session.scalars(select(User).where(User.employer_id == employer_id)))
