"""Forms of the jobseeker, employer, staff and vacancy pages (Flask-WTF, CSRF on).

Field names are part of the site's interface (the browser tests and users'
bookmarks rely on them): they match the service value objects one to one.
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import BaseForm
from ..models import Country, District, Education, Occupation, OverseasProgramme, PriorityGroup
from ..services.errors import ServiceError

EDUCATION_LABELS = {
    "none": _l("No schooling"),
    "primary": _l("Primary school"),
    "lower_secondary": _l("Lower secondary school"),
    "upper_secondary": _l("Upper secondary school"),
    "elementary_vocational": _l("Elementary vocational training"),
    "intermediate": _l("Intermediate vocational college"),
    "college": _l("College"),
    "university": _l("University"),
    "postgraduate": _l("Postgraduate"),
}
PRIORITY_LABELS = {
    "demobilised_soldier": _l("Demobilised soldier"),
    "disability": _l("Person with disabilities"),
    "ethnic_minority": _l("Ethnic minority"),
    "poor_household": _l("Poor or near-poor household"),
    "student": _l("Student or new graduate"),
    "land_loss": _l("Lost farmland to development"),
    "returnee": _l("Returned from work abroad"),
}
LANGUAGES = [
    ("", _l("— language —")),
    ("ko", _l("Korean")),
    ("ja", _l("Japanese")),
    ("zh", _l("Chinese")),
    ("en", _l("English")),
    ("de", _l("German")),
    ("ru", _l("Russian")),
    ("fr", _l("French")),
    ("vi", _l("Vietnamese")),
]
SEX_CHOICES = [("", _l("— choose —")), ("male", _l("Male")), ("female", _l("Female"))]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _vi() -> bool:
    return str(get_locale() or "vi") == "vi"


def district_choices(session: Session, blank: Any = None) -> list[tuple[str, Any]]:
    rows = [(d.code, d.name) for d in session.scalars(select(District).order_by(District.name))]
    return [("", blank or _l("— choose —"))] + rows


def occupation_choices(session: Session) -> list[tuple[str, Any]]:
    vi = _vi()
    rows = session.scalars(select(Occupation).order_by(Occupation.isco_code))
    return [("", _l("— choose —"))] + [
        (o.isco_code, f"{o.name_vi if vi else o.name_en} ({o.isco_code})") for o in rows
    ]


def country_choices(
    session: Session, *, abroad_only: bool = True, blank: bool = True
) -> list[tuple[str, Any]]:
    vi = _vi()
    rows = [
        (c.code, c.name_vi if vi else c.name_en)
        for c in session.scalars(select(Country).order_by(Country.code))
        if not (abroad_only and c.code == "VN")
    ]
    rows.sort(key=lambda r: str(r[1]))
    return ([("", _l("— choose —"))] if blank else []) + rows


def programme_choices(session: Session) -> list[tuple[str, Any]]:
    vi = _vi()
    rows = session.scalars(select(OverseasProgramme).where(OverseasProgramme.active.is_(True)))
    return [("", _l("— none —"))] + [(p.code, p.name_vi if vi else p.name_en) for p in rows]


def education_choices(blank: bool = True) -> list[tuple[str, Any]]:
    return ([("", _l("— choose —"))] if blank else []) + [
        (e.value, EDUCATION_LABELS[e.value]) for e in Education
    ]


def safe_next(target: str | None) -> str | None:
    """A local path to go back to, never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def apply_errors(form: BaseForm, err: ServiceError) -> None:
    """Put a service's field errors next to the fields; the rest goes to the form's summary."""
    placed = False
    for key, message in err.field_errors.items():
        target = None
        if key.startswith("languages-") and hasattr(form, "languages"):
            _, index, sub = key.split("-", 2)
            entries = form.languages.entries  # type: ignore[attr-defined]
            if int(index) < len(entries):
                target = getattr(entries[int(index)].form, sub, None)
        else:
            target = getattr(form, key, None)
        if target is not None and hasattr(target, "errors"):
            if isinstance(target.errors, tuple):
                target.errors = list(target.errors)
            target.errors.append(message)
            placed = True
        else:
            form.form_errors.append(message)
    if not placed or not err.field_errors:
        form.form_errors.append(err.message)


# ------------------------------------------------------------------ jobseeker


class LanguageForm(Form):
    code = SelectField(_l("Language"), choices=LANGUAGES, default="", validators=[Optional()])
    test = StringField(_l("Test or certificate"), filters=[_strip], validators=[Length(max=30)])
    level = StringField(_l("Level or score"), filters=[_strip], validators=[Length(max=20)])
    certificate = StringField(_l("Certificate details"), filters=[_strip], validators=[Length(max=500)])


class ProfileForm(BaseForm):
    full_name = StringField(_l("Full name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    sex = SelectField(_l("Sex"), choices=SEX_CHOICES, validators=[DataRequired()])
    birth_date = DateField(_l("Date of birth"), validators=[InputRequired()])
    national_id = StringField(
        _l("National ID number (citizen ID card)"), filters=[_strip], validators=[Optional(), Length(max=20)]
    )
    phone = TelField(_l("Phone"), filters=[_strip], validators=[Optional(), Length(max=30)])
    email = EmailField(_l("E-mail for employers"), filters=[_strip], validators=[Optional(), Length(max=254)])
    address = StringField(_l("Address"), filters=[_strip], validators=[Length(max=300)])
    commune = StringField(_l("Commune or ward"), filters=[_strip], validators=[Length(max=120)])
    district_code = SelectField(_l("District"), validators=[DataRequired()])
    education = SelectField(_l("Highest education"), validators=[DataRequired()])
    vocational_training = StringField(
        _l("Vocational training"), filters=[_strip], validators=[Length(max=300)]
    )
    occupation_code = SelectField(_l("Occupation wanted"), validators=[Optional()])
    desired_title = StringField(_l("Job you are looking for"), filters=[_strip], validators=[Length(max=200)])
    skills = StringField(_l("Skills"), filters=[_strip], validators=[Length(max=2000)])
    experience_years = FloatField(
        _l("Years of experience"), default=0, validators=[Optional(), NumberRange(min=0, max=60)]
    )
    summary = TextAreaField(_l("Experience and about you"), filters=[_strip], validators=[Length(max=5000)])
    languages = FieldList(FormField(LanguageForm), min_entries=3, max_entries=6)
    desired_salary_vnd = IntegerField(
        _l("Desired monthly salary (VND)"), validators=[Optional(), NumberRange(min=0, max=1_000_000_000)]
    )
    willing_overseas = BooleanField(_l("I am willing to work abroad"))
    preferred_countries = MultiCheckboxField(_l("Countries I would work in"), validators=[Optional()])
    priority_groups = MultiCheckboxField(
        _l("Priority groups"),
        choices=[(g.value, PRIORITY_LABELS[g.value]) for g in PriorityGroup],
        validators=[Optional()],
    )
    searchable = BooleanField(_l("Employers may find my profile (without my contact details)"), default=False)

    def fill_choices(self, session: Session) -> None:
        self.district_code.choices = district_choices(session)
        self.education.choices = education_choices()
        self.occupation_code.choices = occupation_choices(session)
        self.preferred_countries.choices = country_choices(session, blank=False)


class SavedSearchForm(BaseForm):
    name = StringField(_l("Name of this search"), filters=[_strip], validators=[Length(max=120)])
    q = StringField(_l("Search words"), filters=[_strip], validators=[Length(max=200)])
    district = SelectField(_l("District"), validators=[Optional()])
    kind = SelectField(
        _l("Kind"),
        choices=[("", _l("Any")), ("domestic", _l("In Vietnam")), ("overseas", _l("Abroad"))],
        validators=[Optional()],
    )
    country = SelectField(_l("Country"), validators=[Optional()])
    email_alerts = BooleanField(_l("Send me an e-mail when new vacancies match"), default=True)

    def fill_choices(self, session: Session) -> None:
        self.district.choices = district_choices(session, _l("Any"))
        self.country.choices = [("", _l("Any"))] + country_choices(session, blank=False)


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class ApplyForm(BaseForm):
    cover_note = TextAreaField(
        _l("A short note to the employer (optional)"), filters=[_strip], validators=[Length(max=2000)]
    )


class ReportForm(BaseForm):
    reason = RadioField(_l("What is wrong with this posting?"), validators=[InputRequired()])
    details = TextAreaField(_l("Details"), filters=[_strip], validators=[Length(max=3000)])


# ------------------------------------------------------------------ employer


class CompanyForm(BaseForm):
    name = StringField(_l("Company name"), filters=[_strip], validators=[DataRequired(), Length(max=255)])
    kind = RadioField(
        _l("Kind of company"),
        choices=[("enterprise", _l("Enterprise")), ("agency", _l("Licensed overseas recruitment agency"))],
        default="enterprise",
        validators=[InputRequired()],
    )
    tax_code = StringField(_l("Tax code"), filters=[_strip], validators=[DataRequired(), Length(max=20)])
    industry = StringField(_l("Industry"), filters=[_strip], validators=[Length(max=200)])
    district_code = SelectField(_l("District"), validators=[Optional()])
    economic_zone = StringField(
        _l("Economic or industrial zone"), filters=[_strip], validators=[Length(max=120)]
    )
    address = StringField(_l("Address"), filters=[_strip], validators=[Length(max=300)])
    contact_name = StringField(
        _l("Contact person"), filters=[_strip], validators=[DataRequired(), Length(max=200)]
    )
    contact_phone = TelField(
        _l("Contact phone"), filters=[_strip], validators=[DataRequired(), Length(max=30)]
    )
    contact_email = EmailField(
        _l("Contact e-mail"), filters=[_strip], validators=[DataRequired(), Length(max=254)]
    )
    website = StringField(_l("Website"), filters=[_strip], validators=[Length(max=300)])
    description = TextAreaField(_l("About the company"), filters=[_strip], validators=[Length(max=10_000)])
    licence_no = StringField(_l("Licence number (agencies)"), filters=[_strip], validators=[Length(max=60)])
    licence_expires = DateField(_l("Licence valid until (agencies)"), validators=[Optional()])

    def fill_choices(self, session: Session) -> None:
        self.district_code.choices = district_choices(session)


class VacancyForm(BaseForm):
    title = StringField(_l("Job title"), filters=[_strip], validators=[DataRequired(), Length(max=255)])
    kind = RadioField(
        _l("Where is the work?"),
        choices=[("domestic", _l("In Vietnam")), ("overseas", _l("Abroad (overseas order)"))],
        default="domestic",
        validators=[InputRequired()],
    )
    description = TextAreaField(_l("Description"), filters=[_strip], validators=[Length(max=20_000)])
    occupation_code = SelectField(_l("Occupation"), validators=[Optional()])
    district_code = SelectField(_l("District (work in Vietnam)"), validators=[Optional()])
    work_address = StringField(_l("Work address"), filters=[_strip], validators=[Length(max=300)])
    quantity = IntegerField(_l("Number of workers"), default=1, validators=[InputRequired()])
    salary_min = IntegerField(_l("Lowest monthly salary"), validators=[Optional()])
    salary_max = IntegerField(_l("Highest monthly salary"), validators=[Optional()])
    currency = StringField(_l("Currency"), default="VND", filters=[_strip], validators=[Length(max=3)])
    deadline = DateField(_l("Application deadline"), validators=[InputRequired()])
    min_age = IntegerField(_l("Minimum age"), validators=[Optional()])
    max_age = IntegerField(_l("Maximum age"), validators=[Optional()])
    sex_required = SelectField(
        _l("Sex required"),
        choices=[("", _l("Any")), ("male", _l("Male")), ("female", _l("Female"))],
        validators=[Optional()],
    )
    min_education = SelectField(_l("Minimum education"), validators=[Optional()])
    min_experience_years = FloatField(_l("Minimum years of experience"), default=0, validators=[Optional()])
    language_code = SelectField(_l("Language required"), choices=LANGUAGES, validators=[Optional()])
    language_test = StringField(_l("Language test"), filters=[_strip], validators=[Length(max=30)])
    language_level = StringField(_l("Minimum level or score"), filters=[_strip], validators=[Length(max=20)])
    required_certificate = StringField(
        _l("Certificate required"), filters=[_strip], validators=[Length(max=200)]
    )
    benefits = TextAreaField(_l("Benefits"), filters=[_strip], validators=[Length(max=5000)])
    country_code = SelectField(_l("Destination country"), validators=[Optional()])
    programme_code = SelectField(_l("Programme"), validators=[Optional()])
    employer_abroad = StringField(_l("Employer abroad"), filters=[_strip], validators=[Length(max=255)])
    contract_months = IntegerField(_l("Contract length (months)"), validators=[Optional()])
    fee_vnd = IntegerField(_l("Service fee (VND)"), validators=[Optional()])
    deposit_vnd = IntegerField(_l("Deposit (VND)"), validators=[Optional()])
    departure_date = DateField(_l("Expected departure date"), validators=[Optional()])

    def fill_choices(self, session: Session) -> None:
        self.occupation_code.choices = occupation_choices(session)
        self.district_code.choices = district_choices(session)
        self.min_education.choices = [("", _l("Any"))] + education_choices(blank=False)
        self.country_code.choices = country_choices(session)
        self.programme_code.choices = programme_choices(session)


class StatusForm(BaseForm):
    status = SelectField(_l("Move to"), validators=[DataRequired()])
    reason = SelectField(_l("Reason (when rejecting)"), validators=[Optional()])
    note = TextAreaField(_l("Note"), filters=[_strip], validators=[Length(max=2000)])
    placed_on = DateField(_l("Start or departure date (when hired)"), validators=[Optional()])


# ------------------------------------------------------------------ staff


class VerifyForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[("verify", _l("Verify")), ("reject", _l("Reject")), ("suspend", _l("Suspend"))],
        validators=[InputRequired()],
    )
    licence_checked = BooleanField(
        _l("I checked the licence in the Ministry's register of licensed agencies")
    )
    note = TextAreaField(_l("Note to the company"), filters=[_strip], validators=[Length(max=2000)])


class ResolveReportForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        choices=[("uphold", _l("Uphold: close the posting")), ("dismiss", _l("Dismiss"))],
        validators=[InputRequired()],
    )
    note = TextAreaField(
        _l("What you found"), filters=[_strip], validators=[DataRequired(), Length(max=3000)]
    )


class WalkinForm(BaseForm):
    full_name = StringField(_l("Full name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    birth_date = DateField(_l("Date of birth"), validators=[InputRequired()])
    sex = SelectField(_l("Sex"), choices=SEX_CHOICES, validators=[DataRequired()])
    phone = TelField(_l("Phone"), filters=[_strip], validators=[DataRequired(), Length(max=30)])
    district_code = SelectField(_l("District"), validators=[DataRequired()])
    education = SelectField(_l("Highest education"), validators=[DataRequired()])
    occupation_code = SelectField(_l("Occupation wanted"), validators=[Optional()])
    desired_title = StringField(_l("Job wanted"), filters=[_strip], validators=[Length(max=200)])
    willing_overseas = BooleanField(_l("Willing to work abroad"))
    national_id = StringField(_l("National ID (optional)"), filters=[_strip], validators=[Length(max=20)])

    def fill_choices(self, session: Session) -> None:
        self.district_code.choices = district_choices(session)
        self.education.choices = education_choices()
        self.occupation_code.choices = occupation_choices(session)
