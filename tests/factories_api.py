"""Factories for API tests: users of each role with bearer tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tests import factories as f
from webapp.models import Employer, Jobseeker, Role, User
from webapp.services.accounts import issue_token


@dataclass
class Actor:
    user: User
    token: str
    jobseeker: Jobseeker | None = None
    employer: Employer | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def jobseeker_actor(session: Session, **kw: Any) -> Actor:
    user = f.make_user(session, Role.JOBSEEKER)
    js = f.make_jobseeker(session, user_id=user.id, email=user.email, **kw)
    return Actor(user, issue_token(session, user), jobseeker=js)


def employer_actor(session: Session, *, agency: bool = False, **kw: Any) -> Actor:
    employer = f.make_employer(session, agency=agency, **kw)
    user = f.make_user(session, Role.EMPLOYER, employer_id=employer.id)
    return Actor(user, issue_token(session, user), employer=employer)


def staff_actor(session: Session) -> Actor:
    user = f.make_user(session, Role.STAFF)
    return Actor(user, issue_token(session, user))
