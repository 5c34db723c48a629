"""werkzeug's own errors (404, 405, CSRF, rate limit) speak the reader's language like the rest."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_user
from tests.helpers import login


def test_api_errors_are_in_the_readers_language(client: FlaskClient) -> None:
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.get_json()["message"].startswith("Không có nội dung nào ở địa chỉ này")
    english = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en"})
    assert english.get_json()["message"].startswith("There is nothing at this address")
    wrong_method = client.delete("/api/v1/vacancies")
    assert wrong_method.status_code == 405
    assert "không nhận loại yêu cầu" in wrong_method.get_json()["message"]


def test_error_pages_are_in_the_readers_language(client: FlaskClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Không có nội dung nào ở địa chỉ này" in page.get_data(as_text=True)
    forged = client.post("/login", data={"email": "a@b.vn", "password": "x"})
    assert forged.status_code == 400
    assert "Biểu mẫu đã hết hạn" in forged.get_data(as_text=True)


def test_rate_limit_says_what_to_do(client: FlaskClient, session: Session) -> None:
    user = make_user(session)
    for i in range(5):
        login(client, user.email, f"wrong-{i}")
    limited = login(client, user.email, "wrong-again")
    assert limited.status_code == 429
    assert "Hãy đợi một phút rồi thử lại" in limited.get_data(as_text=True)
