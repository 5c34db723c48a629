"""vieclam import placements: one Placement per row through services.placements."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold

from ...models import Country, Jobseeker, Occupation, Placement
from ..errors import Conflict, ServiceError
from ..placements import MIN_WORKING_AGE, record_placement
from ..privacy.rules import age_on
from ..reference import country_codes_by_name
from .common import (
    KIND,
    SEX,
    ImportReport,
    RowCheck,
    RowError,
    alias_map,
    choice,
    country_code,
    country_for_kind,
    fail_on_errors,
    find_district,
    known_occupation_code,
    parse_date,
    read_table,
    text,
)

COLUMNS = alias_map(
    {
        "person_id": ["ma nguoi lao dong", "ma lao dong", "ma so", "so cccd", "cccd", "so dinh danh"],
        "full_name": ["ho va ten", "ho ten", "name"],
        "sex": ["gioi tinh", "gender"],
        "birth_date": ["ngay sinh", "ngay thang nam sinh"],
        "district": ["huyen", "quan huyen", "huyen thi xa thanh pho", "dia ban", "noi cu tru"],
        "kind": ["loai", "hinh thuc", "trong nuoc nuoc ngoai"],
        "country": ["nuoc", "quoc gia", "thi truong", "nuoc den"],
        "employer": ["doanh nghiep", "don vi tuyen dung", "nha tuyen dung", "cong ty", "don vi"],
        "occupation_code": ["ma nghe", "ma nghe nghiep", "nghe"],
        "placed_on": ["ngay bat dau", "ngay xuat canh", "ngay giai quyet viec lam", "ngay nhan viec", "ngay"],
        "channel": ["kenh", "kenh giai quyet viec lam", "nguon"],
    }
)
REQUIRED = ("person_id", "sex", "birth_date", "district", "kind", "employer", "placed_on")
CHANNELS = {
    "fair": "fair", "phien giao dich": "fair", "san giao dich": "fair",
    "online": "online", "truc tuyen": "online",
    "counselling": "counselling", "tu van": "counselling",
    "agency": "agency", "doanh nghiep dich vu": "agency",
    "other": "other", "khac": "other",
}  # fmt: skip


def person_key_for_import(person_id: str) -> str:
    """Imported people are keyed by a hash of their id, so the key carries no personal data."""
    return "ext:" + hashlib.sha256(("person:" + person_id).encode()).hexdigest()[:40]


def import_placements(
    session: Session, actor: Any, path: Path | str, *, skip_invalid: bool = False
) -> ImportReport:
    report = ImportReport("placements")
    countries = set(session.scalars(select(Country.code)))
    names = country_codes_by_name(session)
    occupations = set(session.scalars(select(Occupation.isco_code)))
    today = dt.date.today()
    valid: list[tuple[int, dict[str, Any]]] = []
    seen: set[tuple[str, str, dt.date]] = set()
    for line, row in read_table(path, COLUMNS, REQUIRED):
        check = RowCheck()
        person_id = text(row, "person_id")
        if not person_id:
            check.fail(_("person_id is missing"))
        sex = check(choice, row.get("sex"), SEX, "sex")
        birth = check(parse_date, row.get("birth_date"), "birth_date")
        placed_on = check(parse_date, row.get("placed_on"), "placed_on")
        if placed_on is None and not text(row, "placed_on"):
            check.fail(_("placed_on is missing"))
        elif placed_on is not None and placed_on > today + dt.timedelta(days=366):
            check.fail(_("placed_on is in the far future: %(d)s", d=placed_on.isoformat()))
        if birth is not None and placed_on is not None:
            if birth >= placed_on:
                check.fail(_("birth_date is not before placed_on"))
            elif age_on(birth, placed_on) < MIN_WORKING_AGE:
                check.fail(_("the person was under %(n)d on placed_on", n=MIN_WORKING_AGE))
        district = check(find_district, session, row)
        kind = check(choice, row.get("kind"), KIND, "kind")
        country = check(
            country_for_kind, kind, country_code(text(row, "country"), names), countries, vacancy=False
        )
        employer = text(row, "employer")
        if not fold(employer):
            check.fail(_("employer is missing"))
        occ = check(known_occupation_code, row, occupations)
        channel = check(choice, row.get("channel") or "other", CHANNELS, "channel")
        if placed_on is not None:
            key = (person_id, fold(employer), placed_on)
            if key in seen:
                check.fail(_("the same person, employer and date appear twice in the file"))
            seen.add(key)
        if not check.ok or district is None:
            report.errors.append(RowError(line, check.message))
            continue
        valid.append(
            (line, {
                "person_id": person_id, "sex": sex, "birth_date": birth, "district_id": district.id,
                "kind": kind, "country": country, "employer": employer, "occupation_code": occ,
                "placed_on": placed_on, "channel": channel,
            })
        )  # fmt: skip
    fail_on_errors(report, skip_invalid)

    jobseekers = dict(
        session.execute(
            select(Jobseeker.external_id, Jobseeker.id).where(
                Jobseeker.external_id.in_({v["person_id"] for _l, v in valid})
            )
        ).all()
    )
    for line, v in valid:
        js_id = jobseekers.get(v["person_id"])
        person_key = f"js:{js_id}" if js_id else person_key_for_import(v["person_id"])
        exists = session.scalar(
            select(Placement.id).where(
                Placement.person_key == person_key,
                Placement.employer_key == fold(v["employer"])[:255],
                Placement.placed_on == v["placed_on"],
            )
        )
        if exists is not None:
            report.unchanged += 1
            continue
        try:
            record_placement(
                session,
                actor,
                jobseeker=session.get(Jobseeker, js_id) if js_id else None,
                person_key=person_key,
                sex=v["sex"],
                birth_date=v["birth_date"],
                district_id=v["district_id"],
                kind=v["kind"],
                country_code=v["country"],
                employer_name=v["employer"],
                occupation_code=v["occupation_code"],
                placed_on=v["placed_on"],
                channel=v["channel"],
                source="import",
                source_ref=f"{Path(path).name}:{line}",
            )
        except Conflict:
            report.unchanged += 1
            continue
        except ServiceError as err:  # a rule only the service knows; report it like the others
            raise type(err)(
                _("line %(line)d: %(msg)s", line=line, msg=err.message), err.field_errors
            ) from None
        report.created += 1
    return report
