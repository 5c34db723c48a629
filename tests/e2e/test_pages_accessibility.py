"""The ten main pages, in Vietnamese and English: no serious or critical WCAG 2.2 AA violation
(axe-core through axe-playwright-python), and phone and desktop screenshots as test artefacts.

Each role logs in once and walks its pages, so the whole module needs one browser
context per role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories as f
from tests.e2e.conftest import login_as
from webapp.models import Role

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}

# (name, path, role); {vacancy} is the id of a public vacancy.
PAGES = [
    ("home", "/", None),
    ("login", "/login", None),
    ("register", "/register", None),
    ("vacancies", "/vacancies?q=tho+han", None),
    ("vacancy", "/vacancies/{vacancy}", None),
    ("fairs", "/fairs", None),
    ("me", "/me", Role.JOBSEEKER),
    ("me-profile", "/me/profile", Role.JOBSEEKER),
    ("employer", "/employer", Role.EMPLOYER),
    ("staff", "/staff", Role.STAFF),
]


@pytest.fixture(scope="module")
def people(e2e_db: Callable[..., Any]) -> dict[str, Any]:
    with e2e_db() as session:
        employer = f.make_employer(session, name="Công ty TNHH Cơ khí Vũng Áng A11y")
        boss = f.make_user(session, Role.EMPLOYER, employer_id=employer.id)
        vacancy = f.make_vacancy(
            session,
            employer=employer,
            title="Thợ hàn điện (a11y)",
            deadline=dt.date.today() + dt.timedelta(days=20),
        )
        worker = f.make_user(session, Role.JOBSEEKER)
        f.make_jobseeker(session, user_id=worker.id, email=worker.email)
        secret = pyotp.random_base32()
        staff = f.make_user(session, Role.STAFF, totp_secret=secret)
        return {
            "vacancy": vacancy.id,
            Role.EMPLOYER: boss.email,
            Role.JOBSEEKER: worker.email,
            Role.STAFF: staff.email,
            "totp": secret,
        }


def _log_in(page: Any, live_server: str, role: Role | None, people: dict[str, Any]) -> None:
    if role is None:
        return
    login_as(page, live_server, people[role], expect_second_factor=role == Role.STAFF)
    if role == Role.STAFF:
        page.fill("input[name=code]", pyotp.TOTP(people["totp"]).now())
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "/login" not in page.url


def _violations(page: Any) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    problems = []
    for v in result.response["violations"]:
        if v.get("impact") in BLOCKING:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            problems.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return problems


@pytest.mark.parametrize("role", [None, Role.JOBSEEKER, Role.EMPLOYER, Role.STAFF], ids=str)
def test_main_pages_are_accessible_in_both_languages(
    page: Any,
    live_server: str,
    people: dict[str, Any],
    screenshot: Callable[[Any, str], None],
    role: Role | None,
) -> None:
    _log_in(page, live_server, role, people)
    failures: dict[str, list[str]] = {}
    for name, path, page_role in PAGES:
        if page_role != role:
            continue
        url = live_server + path.format(vacancy=people["vacancy"])
        for lang in ("vi", "en"):
            sep = "&" if "?" in url else "?"
            response = page.goto(f"{url}{sep}lang={lang}")
            assert response is not None and response.status == 200, (
                f"{name} [{lang}]: HTTP {response and response.status}"
            )
            assert page.locator("html").get_attribute("lang") == lang
            problems = _violations(page)
            if problems:
                failures[f"{name} [{lang}]"] = problems
            if lang == "vi":
                screenshot(page, name)
    assert not failures, "axe found serious or critical WCAG 2.2 AA violations:\n" + "\n".join(
        f"{page_name}: {p}" for page_name, ps in failures.items() for p in ps
    )
