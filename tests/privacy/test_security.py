"""Staff two-factor login, sessions of disabled accounts, security headers, minimum age, raw-file encryption."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import migrate
from tests.factories import PASSWORD, make_jobseeker, make_user
from tests.helpers import login, post_form, second_factor
from webapp import create_app
from webapp.db import make_engine
from webapp.models import RecoveryCode, Role, User
from webapp.services import accounts, crypto
from webapp.services.errors import ValidationError
from webapp.services.privacy.rules import check_min_age


def _logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return client.get("/account/password").status_code == 200


def test_staff_cannot_log_in_with_password_only(client, session):
    staff = make_user(session, Role.STAFF)
    resp = post_form(client, "/login", {"email": staff.email, "password": PASSWORD})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/login/two-factor")
    assert not _logged_in(client)
    assert post_form(client, "/login/two-factor", {"code": "000000"}).status_code == 401
    assert not _logged_in(client)
    assert second_factor(client).status_code == 302
    assert _logged_in(client)


def test_totp_code_cannot_be_replayed(client, app, session):
    staff = make_user(session, Role.STAFF)
    code = pyotp.TOTP(staff.totp_secret).now()
    post_form(client, "/login", {"email": staff.email, "password": PASSWORD})
    assert post_form(client, "/login/two-factor", {"code": code}).status_code == 302
    other = app.test_client()
    post_form(other, "/login", {"email": staff.email, "password": PASSWORD})
    assert post_form(other, "/login/two-factor", {"code": code}).status_code == 401


def test_jobseeker_logs_in_without_second_factor(client, session):
    user = make_user(session, Role.JOBSEEKER)
    assert post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert _logged_in(client)


def test_staff_without_secret_enrols_then_uses_recovery_code(app, client, session):
    admin = make_user(session, Role.ADMIN, totp_secret=None)
    resp = post_form(client, "/login", {"email": admin.email, "password": PASSWORD})
    assert resp.headers["Location"].endswith("/login/two-factor/enrol")
    assert not _logged_in(client)
    page = client.get("/login/two-factor/enrol").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)  # type: ignore[union-attr]
    assert post_form(client, "/login/two-factor/enrol", {"code": "123456"}).status_code in (401, 422)
    resp = post_form(client, "/login/two-factor/enrol", {"code": pyotp.TOTP(secret).now()})
    assert resp.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", resp.get_data(as_text=True))
    assert len(codes) == 10
    assert _logged_in(client)
    session.refresh(admin)
    assert admin.totp_secret == secret
    stored = session.scalars(select(RecoveryCode.digest).where(RecoveryCode.user_id == admin.id)).all()
    assert len(stored) == 10 and not any(c.replace("-", "") in d for c in codes for d in stored)

    fresh = app.test_client()
    post_form(fresh, "/login", {"email": admin.email, "password": PASSWORD})
    assert post_form(fresh, "/login/two-factor", {"code": codes[0]}).status_code == 302
    assert _logged_in(fresh)
    again = app.test_client()
    post_form(again, "/login", {"email": admin.email, "password": PASSWORD})
    assert post_form(again, "/login/two-factor", {"code": codes[0]}).status_code == 401


def test_pending_second_factor_expires(client, session, monkeypatch):
    staff = make_user(session, Role.STAFF)
    post_form(client, "/login", {"email": staff.email, "password": PASSWORD})
    later = time.time() + 301
    monkeypatch.setattr("webapp.blueprints.auth.time.time", lambda: later)
    assert client.get("/login/two-factor").status_code == 302


def test_disabled_account_old_cookie_refused(app, client, session):
    staff = make_user(session, Role.STAFF)
    assert login(client, staff.email).status_code == 302
    cookie = client.get_cookie("session").value
    assert _logged_in(client)
    accounts.set_active(session, staff, False)
    session.flush()
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    resp = replay.get("/account/password")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    # Re-enabling does not revive the old cookie: the session version moved on.
    accounts.set_active(session, staff, True)
    session.flush()
    replay.set_cookie("session", cookie)
    assert replay.get("/account/password").status_code == 302


HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def _check_headers(resp) -> None:  # type: ignore[no-untyped-def]
    csp = resp.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "http" not in csp  # no third-party origin anywhere
    for name, value in HEADERS.items():
        assert resp.headers.get(name) == value, name
    assert resp.headers.get("Referrer-Policy")


def test_security_headers_on_every_page_type(app, client, session):
    js = make_jobseeker(session, with_user=True)
    user = session.get(User, js.user_id)
    responses = {
        "page": client.get("/"),
        "form": client.get("/login"),
        "not found": client.get("/no-such-page"),
        "static": client.get("/static/css/site.css"),
        "api": client.get("/api/v1/openapi.json"),
        "api error": client.get("/api/v1/no-such-thing"),
        "redirect": client.get("/account/password"),
        "csrf error": client.post("/login", data={"email": "x@example.vn"}),
    }
    login(client, user.email)
    responses["signed in"] = client.get("/account/privacy")
    responses["download"] = client.get("/account/privacy/data.json")
    for kind, resp in responses.items():
        assert resp.status_code < 500, kind
        _check_headers(resp)
        assert "Strict-Transport-Security" not in resp.headers, kind
    assert responses["signed in"].headers["Cache-Control"] == "no-store"


def test_hsts_in_production(app_config, engine, connection):
    from sqlalchemy.orm import sessionmaker

    prod = create_app(
        {
            **app_config,
            "ENV": "production",
            "SECRET_KEY": "p" * 48,
            "DATA_KEY": crypto.generate_key(),
            "ENGINE": engine,
        }
    )
    prod.extensions["vieclam.sessionmaker"] = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint"
    )
    resp = prod.test_client().get("/login")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")
    _check_headers(resp)


def test_production_refuses_to_start_without_data_key(app_config, engine):
    with pytest.raises(crypto.DataKeyError):
        create_app(
            {**app_config, "ENV": "production", "SECRET_KEY": "p" * 48, "DATA_KEY": None, "ENGINE": engine}
        )


def test_minimum_age_fifteen(app_ctx):
    today = dt.date(2026, 6, 1)
    check_min_age(dt.date(2011, 6, 1), today)  # 15 today
    with pytest.raises(ValidationError) as err:
        check_min_age(dt.date(2011, 6, 2), today)
    assert "birth_date" in err.value.field_errors


def test_overseas_orders_never_offered_under_eighteen():
    from matching import eligibility
    from matching.types import Job, Profile

    fields = {f for f in Profile.__dataclass_fields__}  # type: ignore[attr-defined]
    assert "birth_date" in fields or hasattr(Profile, "age_on")
    src = Path(eligibility.__file__).read_text()
    assert "job.overseas and age < 18" in src  # the rule the matching team enforces
    assert Job is not None


def test_national_id_never_in_clear_in_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'raw.db'}"
    migrate(url)
    engine = make_engine(url)
    config = {"SECRET_KEY": "raw-file-test", "ENV": "testing"}
    national_id = "079203004455"
    with Session(engine) as s:
        from webapp.services.reference import load_reference

        load_reference(s)
        ciphertext, digest = crypto.encrypt_national_id(national_id, config)
        js = make_jobseeker(s, national_id_enc=ciphertext, national_id_hash=digest)
        s.commit()
        jid = js.id
    engine.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("raw.db*"))
    assert national_id.encode() not in raw
    assert national_id.encode("utf-16-le") not in raw
    engine = make_engine(url)
    with Session(engine) as s:
        from webapp.models import Jobseeker

        js = s.get(Jobseeker, jid)
        assert crypto.decrypt_national_id(js.national_id_enc, config) == national_id
        assert js.national_id_hash == crypto.national_id_hash("0792 0300 4455", config)
    engine.dispose()
