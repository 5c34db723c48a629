"""Plans (kế hoạch) and term targets (chỉ tiêu nhiệm kỳ) for the employment indicators."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditLog, District, Target, TargetScope
from .errors import PermissionDenied, ValidationError
from .permissions import is_staff

INDICATORS = ("jobs_created",)
_SCOPE = re.compile(r"^(total|domestic|overseas|district:[0-9A-Za-z]+)$")
_TERM = re.compile(r"^(\d{4})-(\d{4})$")


def parse_term(term: str) -> tuple[int, int]:
    m = _TERM.match((term or "").strip())
    if not m or int(m.group(1)) > int(m.group(2)):
        raise ValidationError(_("A term is written like 2021-2025."), {"term": _("Invalid term.")})
    return int(m.group(1)), int(m.group(2))


def set_target(
    session: Session,
    actor: Any,
    *,
    indicator: str,
    scope: str,
    value: int,
    year: int | None = None,
    term: str | None = None,
) -> Target:
    """Create or replace a yearly plan (``year``) or a term target (``term`` = "2021-2025")."""
    if actor is not None and not is_staff(actor):
        raise PermissionDenied(_("Only job-centre staff can set targets."))
    errors: dict[str, str] = {}
    if indicator not in INDICATORS:
        errors["indicator"] = _("Unknown indicator: %(name)s.", name=indicator)
    if not _SCOPE.match(scope or ""):
        errors["scope"] = _("The scope is total, domestic, overseas or district:<code>.")
    elif scope.startswith("district:"):
        code = scope.split(":", 1)[1]
        if session.scalar(select(District.id).where(District.code == code)) is None:
            errors["scope"] = _("Unknown district: %(code)s.", code=code)
    if value is None or int(value) < 0:
        errors["value"] = _("The value cannot be negative.")
    if (year is None) == (term is None):
        errors["year"] = _("Give either a year or a term.")
    if errors:
        raise ValidationError(_("The target could not be saved."), errors)
    if term is not None:
        start, end = parse_term(term)
        period = TargetScope.TERM
    else:
        assert year is not None
        if not 2000 <= year <= 2100:
            raise ValidationError(_("The year is out of range."), {"year": _("Out of range.")})
        start = end = year
        period = TargetScope.YEAR
    target = session.scalar(
        select(Target).where(
            Target.period == period,
            Target.start_year == start,
            Target.end_year == end,
            Target.indicator == indicator,
            Target.scope == scope,
        )
    )
    old = target.value if target is not None else None
    if target is None:
        target = Target(period=period, start_year=start, end_year=end, indicator=indicator, scope=scope)
        session.add(target)
    target.value = int(value)
    session.flush()
    session.add(
        AuditLog(
            actor_id=getattr(actor, "id", None),
            action="target.set",
            object_type="target",
            object_id=str(target.id),
            detail={
                "period": period.value,
                "years": f"{start}-{end}",
                "scope": scope,
                "old": old,
                "new": target.value,
            },
        )
    )
    session.flush()
    return target


def list_targets(session: Session) -> list[Target]:
    return list(
        session.scalars(
            select(Target).order_by(Target.period, Target.start_year.desc(), Target.indicator, Target.scope)
        )
    )
