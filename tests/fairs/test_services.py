"""Fair services on a real database: check-in idempotence, schedule storage, outcomes, report counts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import make_jobseeker, make_user
from tests.factories_fairs import make_fair
from webapp.models import Channel, Interview, InterviewOutcome, Placement, Role
from webapp.services.errors import NotFound
from webapp.services.fairs import outcomes, planning, registration, report

pytestmark = pytest.mark.both_databases


@pytest.fixture()
def staff(session: Session):  # type: ignore[no-untyped-def]
    return make_user(session, Role.STAFF)


def test_check_in_twice_counts_once(session: Session, staff) -> None:  # type: ignore[no-untyped-def]
    fair = make_fair(session, booths=1)
    js = make_jobseeker(session, with_user=True)
    reg = registration.register_jobseeker(session, staff, fair, js)
    again = registration.register_jobseeker(session, staff, fair, js)
    assert again.id == reg.id
    first = registration.check_in(session, staff, fair, reg.code.lower())
    second = registration.check_in(session, staff, fair, f" {reg.code[:3]}-{reg.code[3:]} ")
    assert first.first_time and not second.first_time
    assert registration.counts(session, fair) == {"registered": 1, "checked_in": 1}
    with pytest.raises(NotFound):
        registration.check_in(session, staff, fair, "ZZZZZZ")


def test_walk_in_duplicate_warning(session: Session, staff) -> None:  # type: ignore[no-untyped-def]
    fair = make_fair(session, booths=1)
    on_file = make_jobseeker(session, full_name="Trần Thị Hoa")
    values = registration.WalkIn(
        full_name="Tran Thi Hoa",
        sex="female",
        birth_date=on_file.birth_date,
        phone="",
        district_id=on_file.district_id,
    )
    from webapp.services.errors import Conflict

    with pytest.raises(Conflict) as err:
        registration.register_walk_in(session, staff, fair, values)
    assert str(on_file.id) in err.value.field_errors["duplicates"]
    reg = registration.register_walk_in(session, staff, fair, values, existing_jobseeker_id=on_file.id)
    assert reg.jobseeker_id == on_file.id and reg.walk_in and reg.checked_in_at is not None


def test_schedule_outcomes_report_and_placement(session: Session, staff) -> None:  # type: ignore[no-untyped-def]
    fair = make_fair(session, booths=2, capacity=1)
    people = [make_jobseeker(session) for _ in range(5)]
    for js in people:
        registration.register_jobseeker(session, staff, fair, js)
    result = planning.build_schedule(session, staff, fair)
    assert result.interviews > 0 and result.total >= result.greedy
    late = make_jobseeker(session)
    registration.register_walk_in(
        session, staff, fair, registration.WalkIn("x", "male", None, "", 0), existing_jobseeker_id=late.id
    )
    added = planning.schedule_newcomers(session, staff, fair, from_slot=2)
    ivs = session.scalars(select(Interview).where(Interview.fair_id == fair.id)).all()
    assert len(ivs) == result.interviews + added.interviews
    first = ivs[0]  # equal scores: who gets which seat is the solver's choice
    registration.check_in(session, staff, fair, first.registration.code)
    outcomes.record_outcome(session, staff, first, InterviewOutcome.HIRED)
    outcomes.record_outcome(session, staff, first, InterviewOutcome.HIRED)  # recorded once as a placement
    placements = session.scalar(
        select(func.count(Placement.id)).where(
            Placement.jobseeker_id == first.registration.jobseeker_id, Placement.channel == Channel.FAIR
        )
    )
    assert placements == 1
    other = next(iv for iv in ivs if iv.registration_id != first.registration_id)
    outcomes.record_outcome(session, staff, other, InterviewOutcome.PRESELECTED)
    rep = report.fair_report(session, staff, fair=fair)
    s = rep.summary()
    assert s["registered"] == 6 and s["walk_ins"] == 1 and s["checked_in"] == 2
    assert s["employers"] == 2 and s["vacancies"] == 2 and s["positions"] == 20
    assert s["interviews_held"] == 2 and s["hired"] == 1 and s["preselected"] == 1
    assert sum(c["registered"] for c in rep.by_sex.values()) == 6
    assert report.report_xlsx(rep, {})[:2] == b"PK"
