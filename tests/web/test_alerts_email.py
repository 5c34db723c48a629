"""Saved-search alerts by e-mail, through a real SMTP server (aiosmtpd) on a free local port."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from tests.factories_web import TODAY, employer_user, jobseeker_user
from webapp.models import utcnow
from webapp.services import alerts, vacancies
from webapp.services.vacancies import VacancyValues


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_alert_email_sent_once_when_matching_vacancy_published(app, app_ctx, session, smtp):
    inbox, port = smtp
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    user, _ = jobseeker_user(session)
    alerts.create_saved_search(session, user, query="tho han")
    emp, _ = employer_user(session)
    v = vacancies.create_vacancy(
        session,
        emp,
        VacancyValues(title="Thợ hàn điện", district_code="449", deadline=TODAY + dt.timedelta(days=9)),
    )
    vacancies.create_vacancy(
        session,
        emp,
        VacancyValues(title="Lái xe tải", district_code="449", deadline=TODAY + dt.timedelta(days=9)),
    )
    assert alerts.send_due_alerts(session, utcnow()) == 1
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == user.email
    body = msg.get_payload(decode=True).decode()
    assert f"/vacancies/{v.id}" in body and "Lái xe" not in body
    # Nothing new: nothing sent again.
    assert alerts.send_due_alerts(session, utcnow()) == 0
    assert len(inbox.messages) == 1


def test_cli_alerts_send_and_vacancies_expire(app, session, smtp):
    inbox, port = smtp
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    with app.app_context():
        user, _ = jobseeker_user(session)
        alerts.create_saved_search(session, user, query="", filters={"kind": "domestic"})
        emp, _ = employer_user(session)
        vacancies.create_vacancy(
            session,
            emp,
            VacancyValues(title="Kế toán", district_code="436", deadline=TODAY + dt.timedelta(days=5)),
        )
        session.flush()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["alerts", "send"], catch_exceptions=False)
    assert result.exit_code == 0 and "Sent 1" in result.output
    assert len(inbox.messages) == 1
    result = runner.invoke(args=["vacancies", "expire"], catch_exceptions=False)
    assert result.exit_code == 0 and "Closed" in result.output
