"""Labour-market information (thông tin thị trường lao động): public aggregates only.

Supply is registered, active jobseekers; demand is open positions (vacancy
quantity). No row here can point at a person: cells below SUPPRESS_BELOW are
replaced by None ("fewer than 5") before they leave this module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Country, District, Jobseeker, Occupation, Vacancy, VacancyKind, VacancyStatus

SUPPRESS_BELOW = 5
ISCO_MAJOR = {
    "0": "Armed forces", "1": "Managers", "2": "Professionals", "3": "Technicians and associate professionals",
    "4": "Clerical support workers", "5": "Service and sales workers", "6": "Skilled agricultural, forestry and fishery workers",
    "7": "Craft and related trades workers", "8": "Plant and machine operators and assemblers", "9": "Elementary occupations",
}  # fmt: skip
ISCO_MAJOR_VI = {
    "0": "Lực lượng vũ trang", "1": "Nhà lãnh đạo, quản lý", "2": "Chuyên môn kỹ thuật bậc cao",
    "3": "Chuyên môn kỹ thuật bậc trung", "4": "Nhân viên trợ lý văn phòng", "5": "Dịch vụ cá nhân, bảo vệ và bán hàng",
    "6": "Lao động có kỹ năng trong nông, lâm, ngư nghiệp", "7": "Thợ thủ công và các thợ có liên quan",
    "8": "Thợ lắp ráp và vận hành máy móc", "9": "Lao động giản đơn",
}  # fmt: skip
# Monthly salary bands in VND (domestic vacancies; the mid-point of the offered range).
SALARY_BANDS = [
    (0, 5_000_000),
    (5_000_000, 8_000_000),
    (8_000_000, 12_000_000),
    (12_000_000, 20_000_000),
    (20_000_000, None),
]


def suppress(n: int | None) -> int | None:
    return None if n is None or n < SUPPRESS_BELOW else int(n)


def _open_vacancies(today: dt.date) -> Any:
    return (Vacancy.status == VacancyStatus.OPEN, Vacancy.deadline >= today)


def labour_market(session: Session, today: dt.date | None = None, locale: str = "vi") -> dict[str, Any]:
    today = today or dt.date.today()
    names = ISCO_MAJOR_VI if locale.startswith("vi") else ISCO_MAJOR
    major = func.substr(Occupation.isco_code, 1, 1)
    supply_rows = session.execute(
        select(major, Jobseeker.district_id, func.count())
        .select_from(Jobseeker)
        .outerjoin(Occupation, Occupation.id == Jobseeker.occupation_id)
        .where(Jobseeker.status == "active")
        .group_by(major, Jobseeker.district_id)
    ).all()
    open_ = _open_vacancies(today)
    demand_rows = session.execute(
        select(major, Vacancy.district_id, func.sum(Vacancy.quantity))
        .select_from(Vacancy)
        .outerjoin(Occupation, Occupation.id == Vacancy.occupation_id)
        .where(*open_, Vacancy.kind == VacancyKind.DOMESTIC)
        .group_by(major, Vacancy.district_id)
    ).all()
    districts = dict(session.execute(select(District.id, District.name).order_by(District.name)).all())
    by_group: dict[str, dict[str, int]] = {}
    by_district: dict[int, dict[str, int]] = {}
    for g, d, n in supply_rows:
        by_group.setdefault(g or "?", {"supply": 0, "demand": 0})["supply"] += int(n)
        by_district.setdefault(d, {"supply": 0, "demand": 0})["supply"] += int(n)
    for g, d, n in demand_rows:
        by_group.setdefault(g or "?", {"supply": 0, "demand": 0})["demand"] += int(n or 0)
        if d is not None:
            by_district.setdefault(d, {"supply": 0, "demand": 0})["demand"] += int(n or 0)
    groups = [
        {
            "group": g,
            "name": names.get(g, "—"),
            "supply": suppress(v["supply"]),
            "demand": suppress(v["demand"]),
        }
        for g, v in sorted(by_group.items())
    ]
    district_list = [
        {"name": districts.get(d, "—"), "supply": suppress(v["supply"]), "demand": suppress(v["demand"])}
        for d, v in sorted(by_district.items(), key=lambda kv: districts.get(kv[0], ""))
    ]
    mid = (
        func.coalesce(Vacancy.salary_min, Vacancy.salary_max)
        + func.coalesce(Vacancy.salary_max, Vacancy.salary_min)
    ) / 2
    salaries = [
        int(v)
        for v in session.scalars(
            select(mid).where(
                *open_, Vacancy.kind == VacancyKind.DOMESTIC, Vacancy.currency == "VND", mid.is_not(None)
            )
        )
    ]
    bands = []
    for lo, hi in SALARY_BANDS:
        n = sum(1 for s in salaries if s >= lo and (hi is None or s < hi))
        bands.append({"from": lo, "to": hi, "vacancies": suppress(n)})
    occ_name = Occupation.name_vi if locale.startswith("vi") else Occupation.name_en
    sought = session.execute(
        select(occ_name, func.count())
        .join(Jobseeker, Jobseeker.occupation_id == Occupation.id)
        .where(Jobseeker.status == "active")
        .group_by(occ_name)
        .order_by(func.count().desc(), occ_name)
        .limit(10)
    ).all()
    offered = session.execute(
        select(occ_name, func.sum(Vacancy.quantity))
        .join(Vacancy, Vacancy.occupation_id == Occupation.id)
        .where(*open_)
        .group_by(occ_name)
        .order_by(func.sum(Vacancy.quantity).desc(), occ_name)
        .limit(10)
    ).all()
    country_name = Country.name_vi if locale.startswith("vi") else Country.name_en
    markets = session.execute(
        select(Vacancy.country_code, country_name, func.count(), func.sum(Vacancy.quantity))
        .join(Country, Country.code == Vacancy.country_code)
        .where(*open_, Vacancy.kind == VacancyKind.OVERSEAS)
        .group_by(Vacancy.country_code, country_name)
        .order_by(func.sum(Vacancy.quantity).desc())
    ).all()
    return {
        "as_of": today.isoformat(),
        "suppress_below": SUPPRESS_BELOW,
        "by_occupation_group": groups,
        "by_district": district_list,
        "salary_bands": bands,
        "top_sought": [{"name": n, "count": suppress(int(c))} for n, c in sought if suppress(int(c))],
        "top_offered": [
            {"name": n, "count": suppress(int(c or 0))} for n, c in offered if suppress(int(c or 0))
        ],
        "overseas_markets": [
            {"code": code, "name": name, "orders": int(orders), "positions": suppress(int(q or 0))}
            for code, name, orders, q in markets
        ],
    }
