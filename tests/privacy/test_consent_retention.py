"""Consent per purpose, search visibility, retention purge, access audit."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select

from search.query import Query
from tests.factories import make_employer, make_jobseeker, make_user, make_vacancy
from tests.helpers import login, post_form
from webapp.models import (
    Application,
    ApplicationStatus,
    AuditLog,
    Consent,
    ConsentPurpose,
    Jobseeker,
    ProfileRenewal,
    Role,
    User,
    utcnow,
)
from webapp.services.privacy import audit, consent, retention


def _sqlite_hits(session) -> set[int]:  # type: ignore[no-untyped-def]
    from search.backends.sqlite import SQLiteBackend

    result = SQLiteBackend().search(
        session.connection(), "jobseekers", Query(only_searchable=True, per_page=100)
    )
    return {int(h.id) for h in result.hits}


def test_consent_form_never_pre_ticked_and_recorded(app, client, session):
    js = make_jobseeker(session, with_user=True, searchable=False)
    user = session.get(User, js.user_id)
    login(client, user.email)
    page = client.get("/account/privacy").get_data(as_text=True)
    assert page.count('type="checkbox"') == 4 and "checked" not in page
    resp = post_form(client, "/account/privacy", {"profile_search": "y", "alerts": "y"})
    assert resp.status_code == 302
    rows = session.scalars(select(Consent).where(Consent.jobseeker_id == js.id)).all()
    assert {(r.purpose, r.granted) for r in rows} == {
        (ConsentPurpose.PROFILE_SEARCH, True),
        (ConsentPurpose.ALERTS, True),
        (ConsentPurpose.OVERSEAS_SHARING, False),
        (ConsentPurpose.KEEP_AFTER_REJECTION, False),
    }
    assert all(r.notice_version == consent.NOTICE_VERSION and r.at for r in rows)
    session.refresh(js)
    assert js.searchable
    # Saving the same choices again adds no rows.
    post_form(client, "/account/privacy", {"profile_search": "y", "alerts": "y"})
    assert session.scalar(select(func.count()).select_from(Consent).where(Consent.jobseeker_id == js.id)) == 4


def test_withdrawal_leaves_sqlite_search_at_once(app_ctx, session):
    js = make_jobseeker(session, with_user=True, searchable=False)
    user = session.get(User, js.user_id)
    consent.record_consents(session, user, js, {ConsentPurpose.PROFILE_SEARCH: True})
    assert js.id in _sqlite_hits(session)
    consent.record_consents(session, user, js, {ConsentPurpose.PROFILE_SEARCH: False})
    assert js.id not in _sqlite_hits(session)


def test_withdrawal_leaves_elasticsearch_at_next_search(app_ctx, session, elasticsearch_url):
    from search.backends.elasticsearch import ElasticsearchBackend
    from webapp.services import indexing

    session.info["search_backend"] = "elasticsearch"
    backend = ElasticsearchBackend(elasticsearch_url, prefix=f"c{uuid.uuid4().hex[:8]}", refresh=True)
    backend.ensure_indices()
    try:
        js = make_jobseeker(session, with_user=True, searchable=False)
        user = session.get(User, js.user_id)
        consent.record_consents(session, user, js, {ConsentPurpose.PROFILE_SEARCH: True})
        indexing.sync_outbox_batch(session, backend)
        q = Query(only_searchable=True, per_page=100)
        assert js.id in {int(h.id) for h in backend.search(None, "jobseekers", q).hits}
        consent.record_consents(session, user, js, {ConsentPurpose.PROFILE_SEARCH: False})
        indexing.sync_outbox_batch(session, backend)
        assert js.id not in {int(h.id) for h in backend.search(None, "jobseekers", q).hits}
    finally:
        backend.drop_all()


def test_purge_rules_and_idempotence(app, app_ctx, session):
    now = utcnow()
    days = app.config["RETENTION_REJECTED_DAYS"]
    old = now - dt.timedelta(days=days + 1)
    recent = now - dt.timedelta(days=days - 1)
    keeper = make_jobseeker(session, with_user=True)
    consent.record_consents(
        session, session.get(User, keeper.user_id), keeper, {ConsentPurpose.KEEP_AFTER_REJECTION: True}
    )
    other = make_jobseeker(session)

    def app_for(js: Jobseeker, status: ApplicationStatus, decided: dt.datetime | None) -> Application:
        a = Application(
            jobseeker_id=js.id, vacancy_id=make_vacancy(session).id, status=status, decided_at=decided
        )
        session.add(a)
        session.flush()
        return a

    expired = app_for(other, ApplicationStatus.REJECTED, old)
    kept = app_for(keeper, ApplicationStatus.REJECTED, old)
    fresh = app_for(other, ApplicationStatus.REJECTED, recent)
    hired = app_for(other, ApplicationStatus.HIRED, old)
    assert not retention.is_visible_to_employer(session, expired)
    assert retention.is_visible_to_employer(session, kept)
    assert retention.is_visible_to_employer(session, fresh)

    stale = make_jobseeker(session, profile_updated_at=now - dt.timedelta(days=400))
    flagged_long_ago = make_jobseeker(session, profile_updated_at=now - dt.timedelta(days=500))
    session.add(ProfileRenewal(jobseeker_id=flagged_long_ago.id, flagged_at=now - dt.timedelta(days=40)))
    renewed = make_jobseeker(session, profile_updated_at=now - dt.timedelta(days=1))
    session.add(ProfileRenewal(jobseeker_id=renewed.id, flagged_at=now - dt.timedelta(days=10)))
    session.flush()

    report = retention.purge(session, now)
    assert report.rejected_applications_deleted == 1
    assert report.profiles_flagged_for_renewal == 1
    assert report.profiles_archived == 1
    assert report.profiles_renewed == 1
    ids = set(session.scalars(select(Application.id)))
    assert expired.id not in ids and {kept.id, fresh.id, hired.id} <= ids
    assert session.get(ProfileRenewal, stale.id) is not None
    session.refresh(flagged_long_ago)
    assert flagged_long_ago.status == "archived" and not flagged_long_ago.searchable
    assert session.get(ProfileRenewal, renewed.id) is None

    again = retention.purge(session, now)
    assert again.changed == 0


def test_purge_command_prints_what_it_did(app, session):
    result = app.test_cli_runner().invoke(args=["privacy", "purge"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "rejected applications deleted:" in result.output
    second = app.test_cli_runner().invoke(args=["privacy", "purge"], catch_exceptions=False)
    assert "Nothing to do." in second.output


def test_employer_view_of_contact_details_writes_one_audit_row(app_ctx, session):
    js = make_jobseeker(session, with_user=True)
    employer = make_employer(session)
    viewer = make_user(session, Role.EMPLOYER, employer_id=employer.id)
    before = session.scalar(select(func.count()).select_from(AuditLog))
    row = audit.record_access(session, viewer, js, "contact")
    assert session.scalar(select(func.count()).select_from(AuditLog)) == before + 1
    assert row is not None and row.actor_id == viewer.id and row.object_id == str(js.id)
    assert js.phone not in str(row.detail) and js.full_name not in str(row.detail)
    owner = session.get(User, js.user_id)
    views = audit.access_log(session, owner, js)
    assert [v.viewer for v in views] == [employer.name]
    # The person looking at their own data is not an access to record.
    assert audit.record_access(session, owner, js, "contact") is None


def test_who_viewed_page_and_download(app, client, session):
    js = make_jobseeker(session, with_user=True)
    employer = make_employer(session)
    audit.record_access(session, make_user(session, Role.EMPLOYER, employer_id=employer.id), js, "contact")
    login(client, session.get(User, js.user_id).email)
    assert employer.name in client.get("/account/privacy/views").get_data(as_text=True)
    data = client.get("/account/privacy/data.json").get_json()
    assert data["profile"]["phone"] == js.phone and data["contact_views"][0]["viewer"] == employer.name
    assert "password_hash" not in str(data)
    assert js.phone in client.get("/account/privacy/data").get_data(as_text=True)
