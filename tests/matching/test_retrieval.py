"""Matching retrieval: the pool finds the right trade, respects the hard rules and consent,
and the bulk loader builds the same profiles as the model-based one."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import TODAY, make_jobseeker, make_user, make_vacancy
from webapp.models import Application, Jobseeker, Role, Skill
from webapp.services.matching import (
    JS_LOAD,
    candidates_for_vacancy,
    currency_rates,
    job_of,
    load_profiles,
    profile_of,
)
from webapp.services.matching_pool import candidate_pool
from webapp.services.search import retrieve_candidates

pytestmark = pytest.mark.usefixtures("app_ctx")


def _born(age: int) -> dt.date:
    return dt.date(TODAY.year - age, 1, 1)


def test_bulk_loaded_profiles_equal_model_profiles(session: Session) -> None:
    skills = list(session.scalars(select(Skill).order_by(Skill.id).limit(3)))
    a = make_jobseeker(
        session,
        summary="Hàn TIG, MIG; 5 năm ở Formosa",
        vocational_training="Trung cấp hàn",
        languages=[("ko", "EPS-TOPIK", "150"), ("ja", "JLPT", "N4")],
        willing_overseas=True,
        preferred_countries=["KR", "JP"],
        desired_salary_vnd=12_000_000,
    )
    a.skills.extend(skills)
    b = make_jobseeker(session, desired_title="", isco="5120")
    session.flush()
    session.expire_all()
    people = session.scalars(select(Jobseeker).where(Jobseeker.id.in_([a.id, b.id])).options(*JS_LOAD))
    expected = sorted((profile_of(p) for p in people), key=lambda p: p.id)
    assert load_profiles(session, [b.id, a.id, a.id]) == expected


def test_pool_finds_the_trade_without_shared_words(session: Session) -> None:
    vacancy = make_vacancy(session, title="Tuyển gấp lao động", isco="7212")
    welder = make_jobseeker(session, desired_title="Công việc ổn định", isco="7212")
    cook = make_jobseeker(session, desired_title="Đầu bếp", isco="5120")
    session.flush()
    job = job_of(vacancy, currency_rates(session))
    pool = candidate_pool(session, vacancy, job, TODAY, staff=False, limit=1, applicants=False)
    assert pool == [welder.id]
    assert cook.id not in pool


def test_pool_applies_age_language_and_consent(session: Session) -> None:
    vacancy = make_vacancy(session, overseas=True, programme_code="KR_EPS", isco="7212")
    ok = make_jobseeker(
        session, birth_date=_born(28), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "120")]
    )
    too_old = make_jobseeker(
        session, birth_date=_born(41), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "150")]
    )
    no_korean = make_jobseeker(session, birth_date=_born(25), willing_overseas=True)
    stays_home = make_jobseeker(session, birth_date=_born(25), languages=[("ko", "EPS-TOPIK", "150")])
    private = make_jobseeker(
        session,
        birth_date=_born(30),
        willing_overseas=True,
        searchable=False,
        languages=[("ko", "EPS-TOPIK", "150")],
    )
    session.flush()
    job = job_of(vacancy, currency_rates(session))
    employer_pool = set(candidate_pool(session, vacancy, job, TODAY, staff=False, applicants=False))
    assert ok.id in employer_pool
    assert not {no_korean.id, stays_home.id, private.id} & employer_pool
    assert private.id in candidate_pool(session, vacancy, job, TODAY, staff=True, applicants=False)
    # Age bands in the index are coarse, so the pool may hold someone just over the limit;
    # the exact rules keep them out of the list.
    staff = make_user(session, Role.STAFF)
    listed = {i.id for i in candidates_for_vacancy(session, staff, vacancy.id).items}
    assert ok.id in listed and too_old.id not in listed


def test_applicant_without_consent_is_ranked_for_that_employer(session: Session) -> None:
    vacancy = make_vacancy(session)
    private = make_jobseeker(session, searchable=False)
    session.add(Application(jobseeker_id=private.id, vacancy_id=vacancy.id))
    session.flush()
    employer_user = make_user(session, Role.EMPLOYER, employer_id=vacancy.employer_id)
    ids = [i.id for i in candidates_for_vacancy(session, employer_user, vacancy.id).items]
    assert private.id in ids


def test_bounded_text_retrieval_leaves_out_words_most_profiles_share(session: Session) -> None:
    for _ in range(3):
        make_jobseeker(session, desired_title="Công nhân may")
    rare = make_jobseeker(session, desired_title="Công nhân vận hành lò cao")
    session.flush()
    # "cong nhan" is in every profile: bounded retrieval looks only for the rare words.
    hits = retrieve_candidates(session, "Công nhân vận hành lò cao", {}, 10, bounded=True)
    assert [i for i, _s in hits] == [rare.id]
    assert retrieve_candidates(session, "Công nhân", {}, 10, bounded=True) == []
