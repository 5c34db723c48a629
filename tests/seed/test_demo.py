"""`vieclam seed demo`: the report's figures come out exactly; same seed, same data.

The real seed runs once into its own SQLite file migrated with Alembic (module
scope): the shared test database stays free of demo data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from tests.conftest import migrate
from webapp import create_app
from webapp.db import make_engine
from webapp.models import Employer, Jobseeker, Placement, Target, User, Vacancy
from webapp.models.enums import EmployerKind, VacancyKind, VacancyStatus
from webapp.seed.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, is_seeded, seed_demo
from webapp.seed.placements import FIGURES, REPEATS_2024, expected_totals
from webapp.services.accounts import authenticate, check_password_strength

TODAY = dt.date(2026, 11, 25)
SEED = 7
SCALE = 0.05  # 100 jobseekers, 1 vacancy per template: the placements are the same at any scale


def _seed_into(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        seed_demo(session, seed=SEED, scale=SCALE, today=TODAY)
        session.commit()
    return engine


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = _seed_into(tmp_path_factory.mktemp("seed") / "demo.db")
    yield engine
    engine.dispose()


@pytest.fixture()
def db(seeded: Engine) -> Iterator[Session]:
    with Session(seeded) as session:
        yield session
        session.rollback()


def _year_counts(session: Session) -> dict[tuple[int, str, str | None], int]:
    """People per (year, kind, country) counted straight from the placements table."""
    rows = session.execute(
        text(
            "SELECT CAST(strftime('%Y', placed_on) AS INTEGER), kind, country_code, count(DISTINCT person_key) "
            "FROM placements GROUP BY 1, 2, 3"
        )
    )
    return {(y, k, c): n for y, k, c, n in rows}


def test_yearly_totals_are_the_reports(db: Session) -> None:
    counts = _year_counts(db)
    totals = {}
    for year in (2021, 2022, 2023, 2024):
        dom = sum(n for (y, k, _), n in counts.items() if y == year and k == "domestic")
        ovs = sum(n for (y, k, _), n in counts.items() if y == year and k == "overseas")
        totals[year] = (dom + ovs, dom, ovs)
    assert totals[2023] == (23_125, 10_920, 12_205)
    assert totals[2022][0] == 22_996
    assert totals[2021][0] == 25_755
    assert totals[2021][0] + totals[2022][0] + totals[2023][0] == 71_876
    assert round(100 * 23_125 / 22_996, 2) == 100.56
    assert round(100 * 71_876 / 100_000, 1) == 71.9
    for year in (2021, 2022, 2024):
        assert totals[year] == tuple(expected_totals(year)[k] for k in ("total", "domestic", "overseas"))


def test_2023_overseas_by_market(db: Session) -> None:
    counts = _year_counts(db)
    by_country = {c: n for (y, k, c), n in counts.items() if y == 2023 and k == "overseas"}
    main = {"TW": 5_349, "JP": 4_519, "KR": 1_408, "HU": 199, "PL": 149, "RO": 137}
    assert {c: by_country[c] for c in main} == main
    others = {c: n for c, n in by_country.items() if c not in main}
    assert sum(others.values()) == 444
    assert len(others) == 25 and min(others.values()) > 0
    assert len(by_country) == 31
    assert by_country == FIGURES[2023]["overseas"]


def test_rows_and_people_agree_except_2024_repeats(db: Session) -> None:
    y_expr = "CAST(strftime('%Y', placed_on) AS INTEGER)"
    rows = {y: n for y, n in db.execute(text(f"SELECT {y_expr}, count(*) FROM placements GROUP BY 1"))}
    people = {
        y: n
        for y, n in db.execute(
            text(f"SELECT {y_expr}, count(DISTINCT person_key) FROM placements GROUP BY 1")
        )
    }
    for year in (2021, 2022, 2023):
        assert rows[year] == people[year]
    assert rows[2024] == people[2024] + REPEATS_2024


def test_first_in_year_flags_and_rollup_follow(db: Session) -> None:
    firsts = db.scalar(
        select(func.count()).where(
            Placement.first_in_year.is_(True),
            Placement.placed_on.between(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        )
    )
    assert firsts == 23_125
    rollup = db.execute(
        text("SELECT sum(people) FROM placement_rollup WHERE year = 2023 AND dim = 'total'")
    ).scalar()
    assert rollup == 23_125


def test_placements_carry_the_breakdowns(db: Session) -> None:
    bands = set(db.scalars(select(Placement.age_band).distinct()))
    assert bands <= {"15-24", "25-34", "35-44", "45-54", "55+"}
    channels = {str(c) for c in db.scalars(select(Placement.channel).distinct())}
    assert {"fair", "online", "counselling", "agency"} <= channels
    assert db.scalar(select(func.count()).where(Placement.source != "seed")) == 0
    assert db.scalar(select(func.count(func.distinct(Placement.district_id)))) == 13
    assert (db.scalar(select(func.count()).where(Placement.priority_group.is_not(None))) or 0) > 0
    sample = db.scalars(select(Placement).limit(50)).all()
    from search.text import fold

    assert all(p.employer_key == fold(p.employer_name) for p in sample)


def test_targets(db: Session) -> None:
    got = {(t.period.value, t.start_year, t.end_year, t.scope): t.value for t in db.scalars(select(Target))}
    assert got == {
        ("year", 2023, 2023, "total"): 22_517,
        ("year", 2024, 2024, "total"): 23_000,
        ("year", 2024, 2024, "domestic"): 12_000,
        ("year", 2024, 2024, "overseas"): 11_000,
        ("term", 2021, 2025, "total"): 100_000,
    }
    assert round(100 * 23_125 / 22_517, 1) == 102.7


def test_demo_accounts_authenticate_and_are_linked(db: Session) -> None:
    check_password_strength(DEMO_PASSWORD)
    for acct in DEMO_ACCOUNTS:
        check_password_strength(DEMO_PASSWORD, acct.email)
        user = authenticate(db, acct.email, DEMO_PASSWORD)
        assert user is not None, acct.email
        assert user.role == acct.role
        if acct.employer:
            assert user.employer_id is not None
    jobseeker_user = db.scalar(select(User).where(User.email == "nguoilaodong@vieclam.vn"))
    assert jobseeker_user is not None
    assert db.scalar(select(Jobseeker).where(Jobseeker.user_id == jobseeker_user.id)) is not None
    agency_user = db.scalar(select(User).where(User.email == "donhang@hoanhson.vieclam.vn"))
    assert agency_user is not None and agency_user.employer is not None
    assert agency_user.employer.kind == EmployerKind.AGENCY and agency_user.employer.licence_valid_on(TODAY)


def test_employers_agencies_and_vacancies(db: Session) -> None:
    agencies = db.scalars(select(Employer).where(Employer.kind == EmployerKind.AGENCY)).all()
    assert sum(1 for a in agencies if not a.licence_valid_on(TODAY)) == 1
    assert db.scalar(select(func.count()).where(Employer.verification == "pending")) == 1
    assert (db.scalar(select(func.count()).where(Employer.economic_zone == "Khu kinh tế Vũng Áng")) or 0) >= 4
    vacancies = db.scalars(select(Vacancy)).all()
    assert {v.kind for v in vacancies} == {VacancyKind.DOMESTIC, VacancyKind.OVERSEAS}
    assert any(v.status != VacancyStatus.OPEN for v in vacancies)
    for v in vacancies:
        if v.fee_vnd is not None and v.programme is not None:
            assert v.fee_vnd <= v.programme.rules["max_fee_vnd"], v.title
        if v.status == VacancyStatus.OPEN:
            assert v.employer.verification == "verified"
            if v.kind == VacancyKind.OVERSEAS:
                assert v.employer.licence_valid_on(TODAY), v.title
    assert {v.country_code for v in vacancies if v.kind == VacancyKind.OVERSEAS} >= {"TW", "JP", "KR", "HU"}


def test_jobseeker_profiles(db: Session) -> None:
    people = db.scalars(select(Jobseeker)).all()
    assert len(people) == 101
    assert sum(p.searchable for p in people) > len(people) / 2
    assert any(p.willing_overseas and p.preferred_countries for p in people)
    assert any(lang.test == "EPS-TOPIK" for p in people for lang in p.languages)
    assert all(p.full_name and p.district_id for p in people)


def test_refuses_an_already_seeded_database(db: Session) -> None:
    assert is_seeded(db)


# Wall-clock stamps and salted password hashes differ between runs by design.
_VOLATILE = {
    "created_at",
    "updated_at",
    "recorded_at",
    "profile_updated_at",
    "password_hash",
    "last_login_at",
    "totp_last_step",
    "session_version",
}


def _digest(engine: Engine) -> str:
    h = hashlib.sha256()
    with engine.connect() as conn:
        for table in (
            "jobseekers",
            "jobseeker_skills",
            "jobseeker_languages",
            "employers",
            "vacancies",
            "placements",
            "targets",
            "users",
            "applications",
        ):
            for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")):  # noqa: S608
                values = [v for k, v in row._mapping.items() if k not in _VOLATILE]
                h.update(repr(values).encode())
    return h.hexdigest()


def test_same_seed_same_data(seeded: Engine, tmp_path: Path) -> None:
    again = _seed_into(tmp_path / "again.db")
    try:
        assert _digest(again) == _digest(seeded)
    finally:
        again.dispose()


def test_cli_refuses_then_skips(seeded: Engine) -> None:
    app: Flask = create_app({"ENV": "testing", "TESTING": True, "SECRET_KEY": "t", "ENGINE": seeded,
                             "DATABASE_URL": str(seeded.url)})  # fmt: skip
    runner = CliRunner()
    from webapp.cli.seed import seed_group

    with app.app_context():
        result = runner.invoke(seed_group, ["demo", "--scale", "0.05"])
        assert result.exit_code == 1
        assert "already holds demo data" in result.output
        result = runner.invoke(seed_group, ["demo", "--if-empty"])
        assert result.exit_code == 0, result.output
        assert "nothing to do" in result.output


def test_demo_totp_secret_is_set_for_staff(db: Session) -> None:
    staff = db.scalar(select(User).where(User.email == "canbo@vieclam.vn"))
    assert staff is not None and staff.totp_secret == DEMO_TOTP_SECRET


def _demo_app(seeded: Engine, tmp_path: Path) -> Flask:
    """The site on the seeded demo database."""
    return create_app(
        {
            "ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "t",
            "ENGINE": seeded,
            "DATABASE_URL": str(seeded.url),
            "INSTANCE_PATH": str(tmp_path),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


@pytest.mark.parametrize(
    "email",
    ["canbo@vieclam.vn", "nguoilaodong@vieclam.vn", "tuyendung@formosa.vieclam.vn"],
)
def test_demo_accounts_log_in_on_the_site(seeded: Engine, tmp_path: Path, email: str) -> None:
    from tests.helpers import post_form, second_factor

    client = _demo_app(seeded, tmp_path).test_client()
    resp = post_form(client, "/login", {"email": email, "password": DEMO_PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    if resp.headers["Location"].endswith("/login/two-factor"):
        resp = second_factor(client, DEMO_TOTP_SECRET)
        assert resp.status_code == 302
    assert "/login" not in resp.headers["Location"]


def test_demo_employer_and_jobseeker_get_recommendations(seeded: Engine, tmp_path: Path) -> None:
    """Vacancies that require a trade certificate (thợ hàn 3G at Formosa) find certified
    candidates, and the demo welder, who holds it, is recommended those vacancies."""
    from webapp.services.matching import candidates_for_vacancy, vacancies_for_jobseeker

    with _demo_app(seeded, tmp_path).app_context(), Session(seeded) as db:
        employer = db.scalar(select(User).where(User.email == "tuyendung@formosa.vieclam.vn"))
        assert employer is not None
        open_ids = db.scalars(
            select(Vacancy.id).where(
                Vacancy.employer_id == employer.employer_id,
                Vacancy.status == VacancyStatus.OPEN,
                Vacancy.required_certificate != "",
            )
        ).all()
        assert open_ids, "the demo employer should have an open vacancy that requires a certificate"
        for vid in open_ids:
            result = candidates_for_vacancy(db, employer, vid, 10, today=TODAY)
            assert result.items, f"no eligible candidate for vacancy {vid}"
        welder_user = db.scalar(select(User).where(User.email == "nguoilaodong@vieclam.vn"))
        welder = db.scalar(select(Jobseeker).where(Jobseeker.user_id == welder_user.id))  # type: ignore[union-attr]
        assert welder is not None
        recommended = vacancies_for_jobseeker(db, welder_user, welder.id, 20, today=TODAY)
        assert set(open_ids) & {i.id for i in recommended.items}
        db.rollback()
