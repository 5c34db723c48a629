"""Age rules from the labour and personal data laws, shared by the web pages, the API and imports."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from ..errors import ValidationError

__all__ = ["MIN_AGE", "MIN_AGE_OVERSEAS", "age_on", "check_min_age", "is_minor"]

# The Labour Code lets people of 15 and over work; younger children may not register.
MIN_AGE = 15
# Overseas contracts (Law 69/2020/QH14) are for adults only.
MIN_AGE_OVERSEAS = 18


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: dt.date, today: dt.date | None = None) -> bool:
    """Under 18: personal data of a child needs a parent's consent and overseas orders are closed."""
    return age_on(birth_date, today or dt.date.today()) < MIN_AGE_OVERSEAS


def check_min_age(birth_date: dt.date | None, today: dt.date | None = None) -> None:
    """Raise ValidationError (field ``birth_date``) unless the person is at least 15 today."""
    today = today or dt.date.today()
    if birth_date is None:
        raise ValidationError(_("Enter your date of birth."), {"birth_date": _("Enter your date of birth.")})
    if birth_date > today:
        raise ValidationError(
            _("The date of birth is in the future."), {"birth_date": _("The date of birth is in the future.")}
        )
    if age_on(birth_date, today) < MIN_AGE:
        message = _("You must be at least %(age)d years old to register as a jobseeker.", age=MIN_AGE)
        raise ValidationError(message, {"birth_date": message})
