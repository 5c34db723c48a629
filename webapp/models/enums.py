"""Enumerations stored as checked strings."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    JOBSEEKER = "jobseeker"
    EMPLOYER = "employer"
    STAFF = "staff"
    ADMIN = "admin"


class Sex(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


class Education(enum.StrEnum):
    """Highest level reached, ordered from lowest to highest (see EDUCATION_RANK)."""

    NONE = "none"
    PRIMARY = "primary"
    LOWER_SECONDARY = "lower_secondary"
    UPPER_SECONDARY = "upper_secondary"
    ELEMENTARY_VOCATIONAL = "elementary_vocational"
    INTERMEDIATE = "intermediate"
    COLLEGE = "college"
    UNIVERSITY = "university"
    POSTGRADUATE = "postgraduate"


EDUCATION_RANK = {e: i for i, e in enumerate(Education)}


class EmployerKind(enum.StrEnum):
    ENTERPRISE = "enterprise"
    AGENCY = "agency"  # licensed overseas recruitment agency


class VerificationStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class VacancyKind(enum.StrEnum):
    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


class VacancyStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


class ApplicationStatus(enum.StrEnum):
    APPLIED = "applied"
    SHORTLISTED = "shortlisted"
    INTERVIEWED = "interviewed"
    OFFERED = "offered"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class PlacementKind(enum.StrEnum):
    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


class Channel(enum.StrEnum):
    FAIR = "fair"
    ONLINE = "online"
    COUNSELLING = "counselling"
    AGENCY = "agency"
    OTHER = "other"


class PlacementSource(enum.StrEnum):
    APPLICATION = "application"
    FAIR = "fair"
    IMPORT = "import"
    MANUAL = "manual"
    SEED = "seed"


class FairKind(enum.StrEnum):
    FIXED = "fixed"
    MOBILE = "mobile"
    THEMATIC = "thematic"


class FairStatus(enum.StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class InterviewOutcome(enum.StrEnum):
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    PRESELECTED = "preselected"
    HIRED = "hired"
    NOT_SUITABLE = "not_suitable"
    NO_SHOW = "no_show"


class TargetScope(enum.StrEnum):
    YEAR = "year"
    TERM = "term"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class PriorityGroup(enum.StrEnum):
    DEMOBILISED_SOLDIER = "demobilised_soldier"
    DISABILITY = "disability"
    ETHNIC_MINORITY = "ethnic_minority"
    POOR_HOUSEHOLD = "poor_household"
    STUDENT = "student"
    LAND_LOSS = "land_loss"
    RETURNEE = "returnee"  # came back from an overseas contract
