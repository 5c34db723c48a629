"""Input and output schemas of the core JSON API (profiles, vacancies, applications).

Inputs are strict: unknown fields are refused (RAISE), so a typo in a field
name gets an error instead of being silently ignored. Outputs describe every
field the API may send, nullable where the value can be missing, so the
OpenAPI document is a contract that schemathesis can check.
"""

from __future__ import annotations

from enum import StrEnum

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Dict, Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from marshmallow import RAISE

from ..models import ApplicationStatus, Education, PriorityGroup, Sex, VacancyKind, VacancyStatus
from ..services.api_support import REJECT_REASONS

MAX_INT = 2_000_000_000  # the columns are 32-bit integers


def _choices(enum: type[StrEnum]) -> OneOf:
    return OneOf([e.value for e in enum])


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


# ------------------------------------------------------------------ common


class ErrorOut(Schema):
    message = String(required=True, metadata={"description": "What went wrong and what to do."})
    errors = Dict(
        keys=String(),
        values=String(),
        metadata={"description": "Per-field messages, keyed by field name (query parameters: query.NAME)."},
    )


class PageQuery(StrictSchema):
    page = Integer(load_default=1, validate=Range(min=1, max=10_000))
    per_page = Integer(load_default=20, validate=Range(min=1, max=100))


class NamedRef(Schema):
    code = String(required=True)
    name = String(required=True)


# ------------------------------------------------------------------ profiles


class LanguageItem(StrictSchema):
    code = String(required=True, validate=Length(min=2, max=3), metadata={"example": "ko"})
    test = String(load_default="", validate=Length(max=30), metadata={"example": "EPS-TOPIK"})
    level = String(load_default="", validate=Length(max=20), metadata={"example": "150"})


class ContactOut(Schema):
    phone = String(required=True)
    email = String(required=True)
    address = String(required=True)
    birth_date = Date(required=True)
    national_id = String(allow_none=True, required=True)


class ProfileOut(Schema):
    id = Integer(required=True)
    full_name = String(required=True)
    sex = String(required=True)
    birth_year = Integer(required=True)
    district = Nested(NamedRef, required=True)
    commune = String(required=True)
    education = String(required=True)
    vocational_training = String(required=True)
    occupation = Nested(NamedRef, allow_none=True, required=True)
    desired_title = String(required=True)
    summary = String(required=True)
    experience_years = Float(required=True)
    desired_salary_vnd = Integer(allow_none=True, required=True)
    willing_overseas = Boolean(required=True)
    preferred_countries = List(String(), required=True)
    priority_groups = List(String(), required=True)
    searchable = Boolean(required=True)
    skills = List(String(), required=True)
    languages = List(Nested(LanguageItem), required=True)
    updated_at = DateTime(required=True)
    contact = Nested(
        ContactOut,
        allow_none=True,
        required=True,
        metadata={
            "description": "Phone, e-mail, address, birth date and national ID: null unless you are the "
            "person, staff, or an employer the person applied to."
        },
    )


class ProfileIn(StrictSchema):
    """Every field is optional on PATCH; a first PATCH must create a whole profile."""

    full_name = String(validate=Length(min=2, max=200))
    sex = String(validate=_choices(Sex))
    birth_date = Date()
    national_id = String(allow_none=True, validate=Length(max=20))
    phone = String(validate=Length(max=30))
    email = String(validate=Length(max=254))
    address = String(validate=Length(max=300))
    commune = String(validate=Length(max=120))
    district = String(
        validate=Length(min=1, max=8), metadata={"description": "District code", "example": "436"}
    )
    education = String(validate=_choices(Education))
    vocational_training = String(validate=Length(max=300))
    occupation = String(
        allow_none=True, validate=Length(equal=4), metadata={"description": "ISCO-08 code", "example": "7212"}
    )
    desired_title = String(validate=Length(max=200))
    summary = String(validate=Length(max=5000))
    experience_years = Float(validate=Range(min=0, max=60))
    desired_salary_vnd = Integer(allow_none=True, validate=Range(min=0, max=MAX_INT))
    willing_overseas = Boolean()
    preferred_countries = List(String(validate=Length(equal=2)), validate=Length(max=30))
    priority_groups = List(String(validate=_choices(PriorityGroup)), validate=Length(max=10))
    searchable = Boolean(metadata={"description": "Consent to be found by employers in profile search."})
    skills = List(String(validate=Length(min=1, max=120)), validate=Length(max=50))
    languages = List(Nested(LanguageItem), validate=Length(max=10))


# ------------------------------------------------------------------ vacancies


class EmployerRef(Schema):
    id = Integer(required=True)
    name = String(required=True)
    kind = String(required=True)
    verified = Boolean(required=True)
    licence_no = String(allow_none=True, required=True)
    licence_expires = Date(allow_none=True, required=True)
    licence_valid = Boolean(
        required=True, metadata={"description": "Verified agency with an unexpired licence."}
    )


class VacancyOut(Schema):
    id = Integer(required=True)
    title = String(required=True)
    description = String(required=True)
    kind = String(required=True)
    status = String(required=True)
    employer = Nested(EmployerRef, required=True)
    district = Nested(NamedRef, allow_none=True, required=True)
    work_address = String(required=True)
    country = String(allow_none=True, required=True)
    programme = String(allow_none=True, required=True)
    occupation = Nested(NamedRef, allow_none=True, required=True)
    quantity = Integer(required=True)
    salary_min = Integer(allow_none=True, required=True)
    salary_max = Integer(allow_none=True, required=True)
    currency = String(required=True)
    posted_at = DateTime(required=True)
    deadline = Date(required=True)
    min_age = Integer(allow_none=True, required=True)
    max_age = Integer(allow_none=True, required=True)
    sex_required = String(allow_none=True, required=True)
    min_education = String(allow_none=True, required=True)
    min_experience_years = Float(required=True)
    language_requirement = Dict(allow_none=True, required=True)
    required_certificate = String(required=True)
    employer_abroad = String(required=True)
    contract_months = Integer(allow_none=True, required=True)
    fee_vnd = Integer(allow_none=True, required=True)
    deposit_vnd = Integer(allow_none=True, required=True)
    departure_date = Date(allow_none=True, required=True)
    benefits = String(required=True)
    url = String(required=True, metadata={"description": "The public page of the vacancy."})


class LanguageRequirement(StrictSchema):
    code = String(required=True, validate=Length(min=2, max=3))
    test = String(load_default="", validate=Length(max=30))
    level = String(load_default="", validate=Length(max=20))


class VacancyPatch(StrictSchema):
    title = String(validate=Length(min=3, max=255))
    description = String(validate=Length(max=20_000))
    status = String(
        validate=OneOf([VacancyStatus.DRAFT.value, VacancyStatus.OPEN.value, VacancyStatus.CLOSED.value])
    )
    district = String(allow_none=True, validate=Length(min=1, max=8), metadata={"example": "449"})
    work_address = String(validate=Length(max=300))
    country = String(allow_none=True, validate=Length(equal=2), metadata={"example": "TW"})
    programme = String(allow_none=True, validate=Length(min=1, max=32), metadata={"example": "KR_EPS"})
    occupation = String(allow_none=True, validate=Length(equal=4), metadata={"example": "7212"})
    quantity = Integer(validate=Range(min=1, max=100_000))
    salary_min = Integer(allow_none=True, validate=Range(min=0, max=MAX_INT))
    salary_max = Integer(allow_none=True, validate=Range(min=0, max=MAX_INT))
    currency = String(validate=Length(equal=3), metadata={"example": "VND"})
    deadline = Date()
    min_age = Integer(allow_none=True, validate=Range(min=15, max=80))
    max_age = Integer(allow_none=True, validate=Range(min=15, max=80))
    sex_required = String(allow_none=True, validate=_choices(Sex))
    min_education = String(allow_none=True, validate=_choices(Education))
    min_experience_years = Float(validate=Range(min=0, max=60))
    language_requirement = Nested(LanguageRequirement, allow_none=True)
    required_certificate = String(validate=Length(max=200))
    employer_abroad = String(validate=Length(max=255))
    contract_months = Integer(allow_none=True, validate=Range(min=1, max=120))
    fee_vnd = Integer(allow_none=True, validate=Range(min=0, max=MAX_INT))
    deposit_vnd = Integer(allow_none=True, validate=Range(min=0, max=MAX_INT))
    departure_date = Date(allow_none=True)
    benefits = String(validate=Length(max=5000))


class VacancyIn(VacancyPatch):
    title = String(required=True, validate=Length(min=3, max=255))
    kind = String(required=True, validate=_choices(VacancyKind))
    deadline = Date(required=True)


# ------------------------------------------------------------------ applications


class ApplicationIn(StrictSchema):
    cover_note = String(load_default="", validate=Length(max=5000))


class ApplicationEventOut(Schema):
    from_status = String(allow_none=True, required=True)
    to_status = String(required=True)
    reason = String(allow_none=True, required=True)
    note = String(required=True)
    at = DateTime(required=True)


class ApplicationVacancyRef(Schema):
    id = Integer(required=True)
    title = String(required=True)
    employer = String(required=True)


class ApplicationOut(Schema):
    id = Integer(required=True)
    status = String(required=True)
    vacancy = Nested(ApplicationVacancyRef, required=True)
    jobseeker_id = Integer(required=True)
    jobseeker_name = String(required=True)
    applied_at = DateTime(required=True)
    decided_at = DateTime(allow_none=True, required=True)
    reject_reason = String(allow_none=True, required=True)
    cover_note = String(required=True)
    events = List(Nested(ApplicationEventOut), required=True)


class ApplicationListItem(ApplicationOut):
    """The same fields as ApplicationOut; a class of its own keeps APIFlask from registering
    ApplicationOut twice in the spec (once nested, once as an output)."""


class ApplicationList(Schema):
    total = Integer(required=True)
    page = Integer(required=True)
    per_page = Integer(required=True)
    items = List(Nested(ApplicationListItem), required=True)


class ApplicationQuery(PageQuery):
    vacancy_id = Integer(validate=Range(min=1, max=MAX_INT))
    status = String(validate=_choices(ApplicationStatus))


class ApplicationPatch(StrictSchema):
    status = String(
        required=True,
        validate=OneOf([s.value for s in ApplicationStatus if s != ApplicationStatus.APPLIED]),
        metadata={
            "description": "Employers: shortlisted, interviewed, offered, hired, rejected. "
            "Jobseekers: withdrawn."
        },
    )
    reason = String(
        allow_none=True,
        validate=OneOf(list(REJECT_REASONS)),
        metadata={"description": "Required when rejected."},
    )
    note = String(load_default="", validate=Length(max=2000))
