"""Factories for job fairs: make_fair(session, booths=2) gives a fair with booths and vacancies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from tests.factories import district, make_employer, make_vacancy
from webapp.models import FairEmployer, FairKind, FairVacancy, JobFair


def make_fair(session: Session, *, booths: int = 0, capacity: int = 2, **kw: Any) -> JobFair:
    fair = JobFair(
        name=kw.pop("name", "Phiên giao dịch việc làm lưu động Kỳ Anh"),
        kind=FairKind(kw.pop("kind", FairKind.MOBILE)),
        held_on=kw.pop("held_on", dt.date.today() + dt.timedelta(days=7)),
        starts_at=kw.pop("starts_at", dt.time(8, 0)),
        ends_at=kw.pop("ends_at", dt.time(10, 0)),
        venue=kw.pop("venue", "Nhà văn hoá thị xã Kỳ Anh"),
        district_id=kw.pop("district_id", None) or district(session, "449").id,
        target_groups=kw.pop("target_groups", []),
        slot_minutes=kw.pop("slot_minutes", 30),
        max_interviews_per_person=kw.pop("max_interviews_per_person", 2),
        **kw,
    )
    session.add(fair)
    session.flush()
    for i in range(booths):
        employer = make_employer(session)
        booth = FairEmployer(
            fair_id=fair.id,
            employer_id=employer.id,
            booth_no=str(i + 1),
            capacity_per_slot=capacity,
            status="confirmed",
        )
        session.add(booth)
        session.flush()
        vacancy = make_vacancy(session, employer=employer, quantity=10)
        session.add(FairVacancy(fair_employer_id=booth.id, vacancy_id=vacancy.id))
    session.flush()
    return fair
