"""The matching service on real models: eligibility in the lists, permissions, bulk pair scoring."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy.orm import Session

from tests.factories import TODAY, make_employer, make_jobseeker, make_user, make_vacancy
from webapp.models import Role
from webapp.services.errors import PermissionDenied
from webapp.services.matching import candidates_for_vacancy, score_pairs, vacancies_for_jobseeker

pytestmark = pytest.mark.usefixtures("app_ctx")

EPS = {"code": "ko", "test": "EPS-TOPIK", "min_score": 80}


def _born(age: int) -> dt.date:
    return dt.date(TODAY.year - age, 1, 1)


def test_score_pairs_masks_ineligible_pairs(session: Session) -> None:
    eps = make_vacancy(session, overseas=True, programme_code="KR_EPS", title="Công nhân sản xuất Hàn Quốc")
    local = make_vacancy(session)
    young = make_jobseeker(
        session, birth_date=_born(25), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "150")]
    )
    old = make_jobseeker(
        session, birth_date=_born(45), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "150")]
    )
    result = score_pairs(session, [young, old], [eps, local])
    assert result.eligible.tolist() == [[True, True], [False, True]]
    assert np.isnan(result.scores[1, 0]) and np.isfinite(result.scores[0, 0])
    assert result.ranker == "weighted"


def test_ineligible_candidates_never_listed(session: Session) -> None:
    agency = make_employer(session, agency=True, with_user=True)
    eps = make_vacancy(session, employer=agency, overseas=True, programme_code="KR_EPS")
    ok = make_jobseeker(
        session, birth_date=_born(28), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "120")]
    )
    too_old = make_jobseeker(
        session, birth_date=_born(41), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "150")]
    )
    no_lang = make_jobseeker(session, birth_date=_born(25), willing_overseas=True)
    low = make_jobseeker(
        session, birth_date=_born(25), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "60")]
    )
    staff = make_user(session, Role.STAFF)
    ids = [i.id for i in candidates_for_vacancy(session, staff, eps.id).items]
    assert ok.id in ids
    assert not {too_old.id, no_lang.id, low.id} & set(ids)


def test_expired_licence_lists_nobody(session: Session) -> None:
    agency = make_employer(session, agency=True, licence_expires=TODAY - dt.timedelta(days=1))
    eps = make_vacancy(session, employer=agency, overseas=True, programme_code="KR_EPS")
    make_jobseeker(
        session, birth_date=_born(28), willing_overseas=True, languages=[("ko", "EPS-TOPIK", "120")]
    )
    staff = make_user(session, Role.STAFF)
    assert candidates_for_vacancy(session, staff, eps.id).items == []


def test_employer_cannot_rank_for_another_employers_vacancy(session: Session) -> None:
    mine = make_employer(session)
    me = make_user(session, Role.EMPLOYER, employer_id=mine.id)
    theirs = make_vacancy(session)
    with pytest.raises(PermissionDenied):
        candidates_for_vacancy(session, me, theirs.id)


def test_jobseeker_sees_own_recommendations_only(session: Session) -> None:
    me = make_jobseeker(session, with_user=True)
    other = make_jobseeker(session, with_user=True)
    make_vacancy(session, title="Thợ hàn điện")
    from webapp.models import User

    user = session.get(User, me.user_id)
    result = vacancies_for_jobseeker(session, user, me.id)
    assert result.items and result.items[0].reasons
    with pytest.raises(PermissionDenied):
        vacancies_for_jobseeker(session, user, other.id)


def test_minor_is_never_offered_an_overseas_order(session: Session) -> None:
    minor = make_jobseeker(session, with_user=True, birth_date=_born(17), willing_overseas=True)
    tw = make_vacancy(session, overseas=True, programme_code="TW_FACTORY")
    staff = make_user(session, Role.STAFF)
    ids = [i.id for i in vacancies_for_jobseeker(session, staff, minor.id).items]
    assert tw.id not in ids
