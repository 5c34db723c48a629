"""`vieclam seed demo`: a believable Hà Tĩnh that reproduces the 2023 annual report.

Deterministic for a given seed and ``today``: the same arguments give the same
rows. The placement figures do not depend on the seed at all (see placements.py).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..models import (
    District,
    Employer,
    Jobseeker,
    JobseekerLanguage,
    Placement,
    Skill,
    Target,
    User,
    Vacancy,
)
from ..models.enums import (
    Education,
    Role,
    Sex,
    TargetScope,
)
from ..services.accounts import hash_password
from ..services.errors import ValidationError
from ..services.reference import load_reference
from .bulk import bulk_insert, fix_sequence, next_id
from .demo_employers import seed_employers, seed_vacancies
from .people import JOBSEEKER_COLUMNS, LANGUAGE_COLUMNS, ProfileGenerator, Reference

DEMO_PASSWORD = "ViecLam-HaTinh-2024"  # noqa: S105 - documented demo password
# Staff and administrators log in with a second factor. The demo accounts share this
# published TOTP secret so the demo (and browser tests) can answer it; never in production.
DEMO_TOTP_SECRET = "VIECLAMHATINHDEMOSTAFFTOTPSECRET"  # noqa: S105


class NotMigrated(ValidationError):
    """The schema is missing: the message says which command to run."""


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    name: str
    employer: str | None = None  # EmployerSpec.key
    note: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("admin@vieclam.vn", Role.ADMIN, "Quản trị hệ thống"),
    DemoAccount("canbo@vieclam.vn", Role.STAFF, "Trần Thị Hương (cán bộ Trung tâm DVVL)"),
    DemoAccount("tuyendung@formosa.vieclam.vn", Role.EMPLOYER, "Phòng Nhân sự Formosa Hà Tĩnh", "formosa"),
    DemoAccount(
        "donhang@hoanhson.vieclam.vn", Role.EMPLOYER, "Công ty Hoành Sơn (đơn hàng Đài Loan)", "hoanhson"
    ),
    DemoAccount("nguoilaodong@vieclam.vn", Role.JOBSEEKER, "Nguyễn Văn Hùng"),
]
TARGETS = [
    # (period, start, end, scope, value)
    (TargetScope.YEAR, 2023, 2023, "total", 22_517),
    (TargetScope.YEAR, 2024, 2024, "total", 23_000),
    (TargetScope.YEAR, 2024, 2024, "domestic", 12_000),
    (TargetScope.YEAR, 2024, 2024, "overseas", 11_000),
    (TargetScope.TERM, 2021, 2025, "total", 100_000),
]
BASE_JOBSEEKERS = 2_000
VACANCIES_PER_SPEC = 4


@dataclass
class SeedReport:
    employers: int = 0
    vacancies: int = 0
    jobseekers: int = 0
    applications: int = 0
    placements: int = 0
    people_counted: int | None = None
    targets: int = 0
    accounts: list[str] = field(default_factory=list)
    indexed: bool = False

    def lines(self) -> list[str]:
        return [
            f"employers: {self.employers}",
            f"vacancies: {self.vacancies}",
            f"jobseekers: {self.jobseekers}",
            f"applications: {self.applications}",
            f"placements: {self.placements}",
            f"targets: {self.targets}",
            f"accounts: {', '.join(self.accounts)} (password {DEMO_PASSWORD})",
        ]


def is_seeded(session: Session) -> bool:
    """True when demo data (or any seeded placement) is already in the database."""
    if not inspect(session.connection()).has_table("users"):
        raise NotMigrated(
            "The database has no tables yet. Run `vieclam db upgrade` first, then `vieclam seed demo`."
        )
    if session.scalar(select(User.id).where(User.email == DEMO_ACCOUNTS[0].email)) is not None:
        return True
    return session.scalar(select(Placement.id).where(Placement.source == "seed").limit(1)) is not None


def seed_demo(
    session: Session, seed: int = 2023, scale: float = 1.0, today: dt.date | None = None
) -> SeedReport:
    """Create the demo province. The caller checks ``is_seeded`` first and commits."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    report = SeedReport()
    load_reference(session)
    ref = Reference.load(session)
    districts = {d.code: d for d in session.scalars(select(District))}

    staff_users = _accounts_first_pass(session)
    employers = seed_employers(session, rng, districts, today, staff_users["canbo@vieclam.vn"])
    report.employers = len(employers)
    _link_employer_accounts(session, staff_users, employers)
    report.vacancies = seed_vacancies(
        session, rng, employers, today, max(1, round(VACANCIES_PER_SPEC * scale))
    )

    count = max(20, round(BASE_JOBSEEKERS * scale))
    report.jobseekers = insert_jobseekers(session, ProfileGenerator(ref, today), rng, count)
    _demo_jobseeker(session, districts, staff_users["nguoilaodong@vieclam.vn"], ref, today)
    report.jobseekers += 1
    report.accounts = [a.email for a in DEMO_ACCOUNTS]

    from .applications import seed_applications

    report.applications = seed_applications(session, rng, today, scale)

    from .placements import seed_placements

    report.placements = seed_placements(session, rng)
    report.people_counted = _rebuild_indicators(session)
    report.targets = _targets(session)
    report.indexed = _index(session)
    session.flush()
    return report


# ------------------------------------------------------------------ accounts


def _accounts_first_pass(session: Session) -> dict[str, User]:
    users: dict[str, User] = {}
    pw = hash_password(DEMO_PASSWORD)  # one hash: Argon2 is slow on purpose
    for acct in DEMO_ACCOUNTS:
        user = User(email=acct.email, password_hash=pw, role=acct.role, display_name=acct.name)
        if acct.role in (Role.STAFF, Role.ADMIN):
            user.totp_secret = DEMO_TOTP_SECRET
        session.add(user)
        users[acct.email] = user
    session.flush()
    return users


def _link_employer_accounts(session: Session, users: dict[str, User], employers: dict[str, Employer]) -> None:
    for acct in DEMO_ACCOUNTS:
        if acct.employer:
            users[acct.email].employer_id = employers[acct.employer].id


# ------------------------------------------------------------------ jobseekers


def insert_jobseekers(session: Session, gen: ProfileGenerator, rng: random.Random, count: int) -> int:
    """Bulk-insert generated profiles with their skills and languages; returns the count."""
    first = next_id(session, "jobseekers")
    batch = gen.batch(rng, first, count)
    bulk_insert(
        session,
        "jobseekers",
        JOBSEEKER_COLUMNS,
        batch.jobseekers,
    )
    bulk_insert(session, "jobseeker_skills", ("jobseeker_id", "skill_id"), batch.skills)
    bulk_insert(session, "jobseeker_languages", LANGUAGE_COLUMNS, batch.languages)
    fix_sequence(session, "jobseekers")
    fix_sequence(session, "jobseeker_languages")
    return count


def _demo_jobseeker(
    session: Session, districts: dict[str, District], user: User, ref: Reference, today: dt.date
) -> Jobseeker:
    """The jobseeker behind the demo account: a welder from Kỳ Anh who wants to go to Korea."""
    skills = list(session.scalars(select(Skill).where(Skill.name.in_(["Hàn TIG", "Hàn MIG", "Đọc bản vẽ kỹ thuật", "Tiếng Hàn giao tiếp"]))))  # fmt: skip
    js = Jobseeker(
        user_id=user.id,
        full_name="Nguyễn Văn Hùng",
        sex=Sex.MALE,
        birth_date=dt.date(today.year - 27, 4, 12),
        phone="0912345678",
        email=user.email,
        commune="Kỳ Phương",
        district_id=districts["449"].id,
        education=Education.INTERMEDIATE,
        vocational_training=(
            "Trung cấp nghề hàn, Trường Cao đẳng Kỹ thuật Việt – Đức Hà Tĩnh; Chứng chỉ thợ hàn 3G"
        ),
        occupation_id=ref.occupations.get("7212"),
        desired_title="Thợ hàn",
        summary="Thợ hàn TIG/MIG 5 năm tại công trường Vũng Áng. Đã thi EPS-TOPIK, muốn đi Hàn Quốc hoặc làm việc trong tỉnh.",
        experience_years=5,
        desired_salary_vnd=12_000_000,
        willing_overseas=True,
        preferred_countries=["KR", "JP"],
        priority_groups=["demobilised_soldier"],
        searchable=True,
        skills=skills,
        languages=[
            JobseekerLanguage(code="ko", test="EPS-TOPIK", level="150"),
            JobseekerLanguage(code="ja", test="JLPT", level="N5"),
        ],
    )
    session.add(js)
    session.flush()
    return js


# ------------------------------------------------------------------ indicators, targets, search


def _rebuild_indicators(session: Session) -> int | None:
    try:
        from ..services.rollup import rebuild_rollup
    except ImportError:  # pragma: no cover - the indicators work has not landed
        return None
    return rebuild_rollup(session)


def _targets(session: Session) -> int:
    n = 0
    for period, start, end, scope, value in TARGETS:
        exists = session.scalar(
            select(Target.id).where(
                Target.period == period,
                Target.start_year == start,
                Target.end_year == end,
                Target.indicator == "jobs_created",
                Target.scope == scope,
            )
        )
        if exists is None:
            session.add(
                Target(
                    period=period,
                    start_year=start,
                    end_year=end,
                    indicator="jobs_created",
                    scope=scope,
                    value=value,
                )
            )
            n += 1
    session.flush()
    return n


def _index(session: Session) -> bool:
    """Index the new jobseekers and vacancies when the search indexing service exists."""
    try:
        from ..services import indexing  # type: ignore[attr-defined]
    except ImportError:
        return False
    for entity, model in (("vacancies", Vacancy), ("jobseekers", Jobseeker)):
        ids = list(session.scalars(select(model.id)))
        indexing.index_entities(session, entity, ids)
    return True
