"""All models; importing this package registers every table on ``Base.metadata``."""

from .accounts import ApiToken, User
from .applications import Application, ApplicationEvent
from .audit import AuditLog, OutboxEvent
from .base import Base, utcnow
from .employers import Employer
from .enums import (
    ApplicationStatus,
    Channel,
    Education,
    EmployerKind,
    FairKind,
    FairStatus,
    InterviewOutcome,
    OutboxStatus,
    PlacementKind,
    PlacementSource,
    PriorityGroup,
    Role,
    Sex,
    TargetScope,
    VacancyKind,
    VacancyStatus,
    VerificationStatus,
)
from .fairs import FairEmployer, FairRegistration, FairVacancy, Interview, JobFair
from .indicators import PlacementRollup
from .people import Jobseeker, JobseekerLanguage, jobseeker_skills
from .placements import Placement
from .privacy import Consent, ConsentPurpose, ErasureRequest, ErasureStatus, ProfileRenewal, RecoveryCode
from .reference import Country, District, Occupation, OverseasProgramme, Skill
from .targets import Target
from .vacancies import Vacancy, vacancy_skills
from .web import AlertNotification, PostingReport, ReportReason, ReportStatus, SavedSearch, SavedVacancy

__all__ = [
    "AlertNotification",
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "AuditLog",
    "Base",
    "Channel",
    "Consent",
    "ConsentPurpose",
    "Country",
    "District",
    "Education",
    "Employer",
    "EmployerKind",
    "ErasureRequest",
    "ErasureStatus",
    "FairEmployer",
    "FairKind",
    "FairRegistration",
    "FairStatus",
    "FairVacancy",
    "Interview",
    "InterviewOutcome",
    "JobFair",
    "Jobseeker",
    "JobseekerLanguage",
    "Occupation",
    "OutboxEvent",
    "OutboxStatus",
    "OverseasProgramme",
    "Placement",
    "PlacementKind",
    "PlacementRollup",
    "PlacementSource",
    "PostingReport",
    "PriorityGroup",
    "ProfileRenewal",
    "RecoveryCode",
    "ReportReason",
    "ReportStatus",
    "Role",
    "SavedSearch",
    "SavedVacancy",
    "Sex",
    "Skill",
    "Target",
    "TargetScope",
    "User",
    "Vacancy",
    "VacancyKind",
    "VacancyStatus",
    "VerificationStatus",
    "jobseeker_skills",
    "utcnow",
    "vacancy_skills",
]
__all__ += ["Consent", "ConsentPurpose", "ErasureRequest", "ErasureStatus", "ProfileRenewal", "RecoveryCode"]
