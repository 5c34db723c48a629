"""Imports: good files, every kind of bad row, idempotence, Vietnamese headers, XLSX, no partial writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.factories import make_employer, make_user
from webapp.models import AuditLog, Employer, Jobseeker, OutboxEvent, Placement, Role, Vacancy
from webapp.services.errors import ValidationError
from webapp.services.imports import import_jobseekers, import_placements, import_vacancies

FUTURE = (dt.date.today() + dt.timedelta(days=60)).isoformat()
NEXT_YEAR = (dt.date.today() + dt.timedelta(days=365)).isoformat()

PLACEMENTS = """person_id,full_name,sex,birth_date,district,kind,country,employer,occupation_code,placed_on,channel
P1,Nguyễn Văn A,male,1995-02-01,436,domestic,,Công ty Formosa,7212,2023-03-01,fair
P2,Trần Thị B,female,12/06/1999,Thạch Hà,overseas,JP,Công ty CP Nhân lực Quốc tế,,2023-04-15,agency
P1,Nguyễn Văn A,male,1995-02-01,436,overseas,TW,Agency Z,,2023-09-01,agency
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_placements_good_file_and_idempotent(session, tmp_path):
    path = write(tmp_path, "p.csv", PLACEMENTS)
    report = import_placements(session, None, path)
    assert (report.created, report.unchanged, report.errors) == (3, 0, [])
    rows = session.scalars(select(Placement).order_by(Placement.placed_on)).all()
    assert [r.first_in_year for r in rows] == [True, True, False]
    assert rows[0].person_key.startswith("ext:") and "P1" not in rows[0].person_key
    again = import_placements(session, None, path)
    assert (again.created, again.unchanged) == (0, 3)
    assert count(session, Placement) == 3


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("P9,X,male,1995-01-01,999,domestic,,E,,2023-01-01,fair", "unknown district"),
        ("P9,X,male,1995-01-01,436,overseas,ZZ,E,,2023-01-01,agency", "unknown country"),
        ("P9,X,male,1995-01-01,436,overseas,,E,,2023-01-01,agency", "country is missing"),
        ("P9,X,male,1995-01-01,436,domestic,,E,,2023-02-30,fair", "not a valid date"),
        ("P9,X,male,2020-01-01,436,domestic,,E,,2023-02-01,fair", "under 15"),
        ("P9,X,male,2024-01-01,436,domestic,,E,,2023-02-01,fair", "not before"),
        ("P9,X,robot,1995-01-01,436,domestic,,E,,2023-02-01,fair", "sex has an unknown value"),
        ("P9,X,male,1995-01-01,436,domestic,,,,2023-02-01,fair", "employer is missing"),
        ("P9,X,male,1995-01-01,436,domestic,,E,9999,2023-02-01,fair", "unknown occupation"),
        (",X,male,1995-01-01,436,domestic,,E,,2023-02-01,fair", "person_id is missing"),
    ],
)
def test_placements_bad_rows_import_nothing(session, tmp_path, row, reason):
    path = write(tmp_path, "bad.csv", PLACEMENTS + row + "\n")
    with pytest.raises(ValidationError) as err:
        import_placements(session, None, path)
    assert list(err.value.field_errors) == ["line 5"]
    assert reason in err.value.field_errors["line 5"]
    assert count(session, Placement) == 0
    report = import_placements(session, None, path, skip_invalid=True)
    assert report.created == 3 and report.skipped == 1 and report.errors[0].line == 5


def test_every_bad_row_is_reported(session, tmp_path):
    text = PLACEMENTS.splitlines()[0] + "\n" + "P9,X,male,1995-01-01,999,domestic,,E,,2023-01-01,fair\n" * 3
    with pytest.raises(ValidationError) as err:
        import_placements(session, None, write(tmp_path, "b.csv", text))
    assert list(err.value.field_errors) == ["line 2", "line 3", "line 4"]


def test_vietnamese_headers_and_values_xlsx(session, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Mã người lao động",
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Huyện",
            "Loại",
            "Nước",
            "Doanh nghiệp",
            "Mã nghề",
            "Ngày xuất cảnh",
            "Kênh",
        ]
    )
    ws.append(
        [
            "V1",
            "Lê Thị C",
            "Nữ",
            dt.datetime(1998, 1, 2),
            "Thị xã Kỳ Anh",
            "Nước ngoài",
            "KR",
            "Cty XKLĐ Hà Tĩnh",
            None,
            dt.datetime(2023, 5, 6),
            "Doanh nghiệp dịch vụ",
        ]
    )
    ws.append(
        [
            "V2",
            "Hồ Văn D",
            "Nam",
            "03/04/1990",
            "Hương Khê",
            "Trong nước",
            None,
            "Formosa",
            "7212",
            "2023-07-08",
            "Phiên giao dịch",
        ]
    )
    path = tmp_path / "p.xlsx"
    wb.save(path)
    report = import_placements(session, None, path)
    assert report.created == 2, report.errors
    p = session.scalars(select(Placement).where(Placement.country_code == "KR")).one()
    assert (p.sex.value, p.kind.value, p.channel.value, p.placed_on) == (
        "female",
        "overseas",
        "agency",
        dt.date(2023, 5, 6),
    )


JOBSEEKERS = """external_id,full_name,sex,birth_date,district,phone,education,occupation_wanted,skills,experience_years,languages,overseas,countries
J1,Phạm Văn E,male,1997-05-05,449,0912345678,upper_secondary,7212,Hàn điện; Đọc bản vẽ,3,ko:EPS-TOPIK 150; ja:N4,yes,KR;JP
J2,Võ Thị F,female,20/10/2001,Can Lộc,0987654321,đại học,,,0,,no,
"""


def test_jobseekers_import(session, tmp_path):
    path = write(tmp_path, "j.csv", JOBSEEKERS)
    report = import_jobseekers(session, None, path)
    assert report.created == 2, report.errors
    js = session.scalars(select(Jobseeker).where(Jobseeker.external_id == "J1")).one()
    assert {(lang.code, lang.test, lang.level) for lang in js.languages} == {
        ("ko", "EPS-TOPIK", "150"),
        ("ja", "JLPT", "N4"),
    }
    assert js.preferred_countries == ["KR", "JP"] and js.willing_overseas and len(js.skills) == 2
    assert import_jobseekers(session, None, path).unchanged == 2
    bad = (
        JOBSEEKERS
        + "J3,G,female,2030-01-01,436,,none,,,0,,no,\nJ4,H,male,1990-01-01,436,,none,,,0,xx,no,\nJ5,I,male,1990-01-01,436,,none,,,0,,no,XX\n"
    )
    with pytest.raises(ValidationError) as err:
        import_jobseekers(session, None, write(tmp_path, "jb.csv", bad))
    assert list(err.value.field_errors) == ["line 4", "line 5", "line 6"]


def test_a_bad_row_lists_every_problem_at_once(session, tmp_path):
    """The person fixing the file sees all of a row's problems in one run, not one per run."""
    header = JOBSEEKERS.splitlines()[0]
    bad = (
        header
        + "\nJ9,,male,31/02/1995,Huyện Không Có,abc,lớp 13,,,-2,xx,maybe,ZZ"
        + "\nJ10,Lê Văn K,male,1990-01-01,Kỳ Anh,0912345678,none,,,1,,no,\n"
    )
    with pytest.raises(ValidationError) as err:
        import_jobseekers(session, None, write(tmp_path, "many.csv", bad))
    problems = err.value.field_errors["line 2"]
    for expected in ("full_name", "31/02/1995", "Huyện Không Có", "abc", "lớp 13", "-2", "maybe", "ZZ", "xx"):
        assert expected in problems, (expected, problems)
    # "Kỳ Anh" is both a town (449) and a rural district: the message names both.
    assert "449" in err.value.field_errors["line 3"] and "Huyện Kỳ Anh" in err.value.field_errors["line 3"]
    assert count(session, Jobseeker) == 0


def vacancies_csv(extra: str = "") -> str:
    return (
        "external_id,employer,title,description,kind,district,country,programme,occupation_code,quantity,"
        "salary_min,salary_max,currency,deadline,agency_licence_no,agency_licence_expires\n"
        f"V1,Công ty Thép Mới,Thợ hàn,Hàn kết cấu,domestic,449,,,7212,5,9000000,14000000,VND,{FUTURE},,\n"
        f"V2,Công ty Nhân lực Mới,Thực tập sinh cơ khí,,overseas,,JP,,,10,180000,200000,JPY,{FUTURE},123/GP,{NEXT_YEAR}\n"
        + extra
    )


def test_vacancies_import_creates_verified_employers_with_audit(session, tmp_path):
    staff = make_user(session, Role.STAFF)
    report = import_vacancies(session, staff, write(tmp_path, "v.csv", vacancies_csv()))
    assert report.created == 2, report.errors
    agency = session.scalars(select(Employer).where(Employer.name == "Công ty Nhân lực Mới")).one()
    assert agency.is_agency and agency.licence_valid_on(dt.date.today()) and agency.verified_by_id == staff.id
    audits = session.scalars(select(AuditLog).where(AuditLog.action == "employer.import_verified")).all()
    assert {a.actor_id for a in audits} == {staff.id} and len(audits) == 2
    assert import_vacancies(session, staff, write(tmp_path, "v.csv", vacancies_csv())).unchanged == 2


def test_only_licensed_agencies_post_overseas_orders(session, tmp_path):
    make_employer(session, name="Công ty Thường")  # an enterprise, no licence
    make_employer(session, name="Đại lý Có Phép", agency=True)
    rows = (
        f"V3,Công ty Thường,Lao động Đài Loan,,overseas,,TW,,,3,,,TWD,{FUTURE},,\n"
        f"V4,Đại lý Có Phép,Điều dưỡng,,overseas,,DE,,,3,,,EUR,{FUTURE},,\n"
        f"V5,Đại lý Hết Hạn,Nhà máy,,overseas,,KR,,,3,,,KRW,{FUTURE},9/GP,2020-01-01\n"
    )
    with pytest.raises(ValidationError) as err:
        import_vacancies(session, None, write(tmp_path, "v.csv", vacancies_csv(rows)))
    assert set(err.value.field_errors) == {"line 4", "line 6"}
    assert "licensed agencies" in err.value.field_errors["line 4"]
    assert "expired" in err.value.field_errors["line 6"]
    assert count(session, Vacancy) == 0


def test_failed_cli_import_leaves_no_rows_and_no_outbox_events(app, session, tmp_path):
    staff = make_user(session, Role.STAFF)
    session.flush()
    before = (count(session, Vacancy), count(session, Employer), count(session, OutboxEvent))
    bad = vacancies_csv(f"V9,Công ty Nữa,Thợ,,domestic,999,,,,1,,,VND,{FUTURE},,\n")
    result = app.test_cli_runner().invoke(
        args=["import", "vacancies", str(write(tmp_path, "v.csv", bad)), "--as", staff.email]
    )
    assert result.exit_code == 1 and "line 4" in result.output and "unknown district" in result.output
    assert (count(session, Vacancy), count(session, Employer), count(session, OutboxEvent)) == before
    ok = app.test_cli_runner().invoke(
        args=[
            "import",
            "vacancies",
            str(write(tmp_path, "v.csv", bad)),
            "--as",
            staff.email,
            "--skip-invalid",
        ]
    )
    assert ok.exit_code == 0, ok.output
    assert "2 created" in ok.output


def test_a_file_without_a_required_column_says_which(session, tmp_path):
    """A wrong header row is one clear message, not the same complaint on every line."""
    text = "person_id,name,gioi tinh,ngay sinh,kind,employer,placed_on\nP1,A,male,1990-01-01,domestic,E,2023-01-01\n"
    with pytest.raises(ValidationError) as err:
        import_placements(session, None, write(tmp_path, "h.csv", text))
    message = err.value.message
    assert "district" in message and "person_id, name, gioi tinh" in message
    assert "sex" not in message.split("(")[0]  # "giới tính" counts as sex
    assert err.value.field_errors == {}
    with pytest.raises(ValidationError, match="external_id"):
        import_vacancies(session, None, write(tmp_path, "v.csv", "employer,title,deadline\nE,T,2030-01-01\n"))
    assert count(session, Placement) == 0


def test_countries_by_name_or_code_in_any_case(session, tmp_path):
    rows = [
        "Q1,A,male,1995-01-01,436,overseas,Nhật Bản,E,,2023-01-01,agency",
        "Q2,B,male,1995-01-01,436,overseas,japan,E,,2023-01-02,agency",
        "Q3,C,male,1995-01-01,436,overseas,kr,E,,2023-01-03,agency",
        "Q4,D,male,1995-01-01,436,overseas,Dai Loan,E,,2023-01-04,agency",
    ]
    path = write(tmp_path, "c.csv", PLACEMENTS.splitlines()[0] + "\n" + "\n".join(rows) + "\n")
    assert import_placements(session, None, path).created == 4
    codes = session.scalars(select(Placement.country_code).order_by(Placement.placed_on)).all()
    assert codes == ["JP", "JP", "KR", "TW"]
    bad = PLACEMENTS.splitlines()[0] + "\nQ5,E,male,1995-01-01,,overseas,Atlantis,E,,2023-01-05,agency\n"
    with pytest.raises(ValidationError) as err:
        import_placements(session, None, write(tmp_path, "c2.csv", bad))
    reason = err.value.field_errors["line 2"]
    assert "district is missing" in reason and "unknown country: ATLANTIS" in reason
