"""Recording placements: the one way a hire or a departure abroad enters the indicators.

Every source (an application marked hired, a fair outcome, an import, a staff
entry, the demo seed) calls ``record_placement``; the counting rule and the
rollup are maintained in ``services.rollup`` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold

from ..models import (
    Channel,
    Country,
    District,
    Employer,
    Jobseeker,
    Placement,
    PlacementKind,
    PlacementSource,
    PriorityGroup,
    Role,
    Sex,
)
from .errors import Conflict, PermissionDenied, ValidationError
from .privacy.rules import age_on
from .rollup import age_band, apply_placement

__all__ = ["MIN_WORKING_AGE", "person_key_for", "record_placement"]

# The Labour Code's minimum working age (with narrow exceptions that are not placements).
MIN_WORKING_AGE = 15
_ISCO = re.compile(r"^\d{4}$")


def person_key_for(jobseeker: Jobseeker) -> str:
    return f"js:{jobseeker.id}"


def _enum(enum_cls: Any, value: Any, field: str, errors: dict[str, str]) -> Any:
    if value is None or value == "":
        errors[field] = _("This field is required.")
        return None
    try:
        return enum_cls(value)
    except ValueError:
        errors[field] = _("Unknown value: %(value)s.", value=str(value))
        return None


def _check_actor(actor: Any, employer: Employer | None) -> None:
    """Staff record anything; an employer records only its own hires; None is the system (seed)."""
    if actor is None:
        return
    role = getattr(actor, "role", None)
    if role in (Role.STAFF, Role.ADMIN):
        return
    if role == Role.EMPLOYER and employer is not None and actor.employer_id == employer.id:
        return
    raise PermissionDenied(_("Only job-centre staff or the hiring employer can record a placement."))


def record_placement(
    session: Session,
    actor: Any,
    *,
    jobseeker: Jobseeker | None = None,
    person_key: str | None = None,
    sex: Sex | str | None = None,
    birth_date: dt.date | None = None,
    district_id: int | None = None,
    priority_group: PriorityGroup | str | None = None,
    kind: PlacementKind | str,
    country_code: str | None = None,
    employer: Employer | None = None,
    employer_name: str | None = None,
    occupation_code: str | None = None,
    placed_on: dt.date,
    channel: Channel | str,
    source: PlacementSource | str,
    source_ref: str | None = None,
    vacancy_id: int | None = None,
) -> Placement:
    """Validate and insert one placement, set its first-in-year flag and update the rollup.

    For a jobseeker on file the statistical attributes (district, sex, age band,
    first priority group) are copied from the profile, so the figures survive
    the person's later erasure; explicit arguments override them. Raises
    Conflict for the same person, employer and date twice.
    """
    _check_actor(actor, employer)
    errors: dict[str, str] = {}

    if jobseeker is not None:
        person_key = person_key or person_key_for(jobseeker)
        sex = sex or jobseeker.sex
        birth_date = birth_date or jobseeker.birth_date
        district_id = district_id or jobseeker.district_id
        if priority_group is None and jobseeker.priority_groups:
            priority_group = jobseeker.priority_groups[0]
    if not person_key:
        errors["person_key"] = _("A placement needs a jobseeker or a person key.")

    kind_v = _enum(PlacementKind, kind, "kind", errors)
    channel_v = _enum(Channel, channel, "channel", errors)
    source_v = _enum(PlacementSource, source, "source", errors)
    sex_v = _enum(Sex, sex, "sex", errors)
    group_v: str | None = None
    if priority_group:
        group = _enum(PriorityGroup, priority_group, "priority_group", errors)
        group_v = group.value if group else None

    if not isinstance(placed_on, dt.date) or isinstance(placed_on, dt.datetime):
        errors["placed_on"] = _("Enter a date.")
    elif placed_on > dt.date.today() + dt.timedelta(days=366):
        errors["placed_on"] = _("The placement date is too far in the future.")
    elif placed_on.year < 2000:
        errors["placed_on"] = _("The placement date is too far in the past.")

    if birth_date is not None and "placed_on" not in errors:
        age = age_on(birth_date, placed_on)
        if age < MIN_WORKING_AGE:
            errors["birth_date"] = _(
                "The person was under %(age)d on the placement date.", age=MIN_WORKING_AGE
            )
        elif age > 100:
            errors["birth_date"] = _("The birth date is not plausible.")

    if district_id is None or session.get(District, district_id) is None:
        errors["district"] = _("Unknown district.")

    code = (country_code or "").strip().upper() or None
    if kind_v == PlacementKind.DOMESTIC:
        if code not in (None, "VN"):
            errors["country"] = _("A domestic placement cannot have a foreign country.")
        code = None
    elif kind_v == PlacementKind.OVERSEAS:
        if code is None:
            errors["country"] = _("An overseas placement needs a country.")
        elif code == "VN" or session.get(Country, code) is None:
            errors["country"] = _("Unknown country: %(code)s.", code=code)

    if occupation_code:
        occupation_code = occupation_code.strip()
        if not _ISCO.match(occupation_code):
            errors["occupation_code"] = _("An occupation code has four digits (ISCO-08).")

    name = (employer.name if employer is not None else (employer_name or "")).strip()
    employer_key = fold(name)
    if not employer_key:
        errors["employer"] = _("Name the employer.")

    if errors:
        raise ValidationError(_("The placement could not be recorded."), errors)
    assert person_key is not None and district_id is not None  # narrowed by the checks above

    duplicate = session.scalar(
        select(Placement.id).where(
            Placement.person_key == person_key,
            Placement.employer_key == employer_key[:255],
            Placement.placed_on == placed_on,
        )
    )
    if duplicate is not None:
        raise Conflict(
            _("This placement is already recorded (same person, employer and date)."),
            {"placed_on": _("Already recorded.")},
        )

    placement = Placement(
        person_key=person_key,
        jobseeker_id=jobseeker.id if jobseeker is not None else None,
        kind=kind_v,
        country_code=code,
        employer_id=employer.id if employer is not None else None,
        employer_name=name[:255],
        employer_key=employer_key[:255],
        occupation_code=occupation_code or None,
        district_id=district_id,
        sex=sex_v,
        birth_year=birth_date.year if birth_date else None,
        age_band=age_band(None, birth_date, placed_on),
        priority_group=group_v,
        placed_on=placed_on,
        channel=channel_v,
        source=source_v,
        source_ref=source_ref,
        vacancy_id=vacancy_id,
        recorded_by_id=getattr(actor, "id", None),
        first_in_year=False,
    )
    session.add(placement)
    session.flush()
    apply_placement(session, placement)
    return placement
