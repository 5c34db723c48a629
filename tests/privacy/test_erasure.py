"""Erasure leaves no trace of the person in any table, search index or outbox; indicators do not move."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import MetaData, select
from sqlalchemy.orm import Session

from tests.factories import make_employer, make_user
from tests.factories_privacy import make_marked_jobseeker
from tests.helpers import login, post_form
from webapp.models import (
    ErasureRequest,
    ErasureStatus,
    Jobseeker,
    OutboxEvent,
    Placement,
    PlacementRollup,
    Role,
)
from webapp.services import indicators, placements
from webapp.services.privacy import erasure


def _scan_tables(session: Session, markers: list[str]) -> list[str]:
    """Every column of every table (reflected, FTS shadow tables included), text and bytes."""
    meta = MetaData()
    meta.reflect(bind=session.connection())
    found = []
    needles = [m.encode() for m in markers] + [m.lower().encode() for m in markers]
    for table in meta.sorted_tables:
        for row in session.execute(select(table)):
            for column, value in zip(table.columns, row, strict=True):
                if value is None:
                    continue
                blob = value if isinstance(value, (bytes, memoryview)) else str(value).encode()
                blob = bytes(blob)
                for needle in needles:
                    if needle in blob:
                        found.append(f"{table.name}.{column.name}")
    return sorted(set(found))


def _indicators(session: Session, year: int) -> dict[str, Any]:
    period = indicators.period_for(year=year)
    report = indicators.compute_report(session, period)
    rollup = sorted(
        (r.year, r.month, r.kind, r.country_code, r.dim, r.key, r.people)
        for r in session.scalars(select(PlacementRollup))
    )
    stats = sorted(
        (p.district_id, p.sex.value, p.age_band, p.kind.value, p.country_code, p.placed_on, p.channel.value)
        for p in session.scalars(select(Placement))
    )
    return {"report": json.loads(json.dumps(report, default=str)), "rollup": rollup, "stats": stats}


def _place(session: Session, staff: Any, js: Jobseeker, on: dt.date, overseas: bool) -> None:
    placements.record_placement(
        session,
        staff,
        jobseeker=js,
        kind="overseas" if overseas else "domestic",
        country_code="KR" if overseas else None,
        employer=make_employer(session, agency=overseas),
        placed_on=on,
        channel="fair",
        source="manual",
    )


def _seed(session: Session, app: Any) -> tuple[Any, Any]:
    staff = make_user(session, Role.STAFF)
    marked = make_marked_jobseeker(session, app.config)
    year = dt.date.today().year
    _place(session, staff, marked.jobseeker, dt.date(year, 2, 3), overseas=False)
    _place(session, staff, marked.jobseeker, dt.date(year, 5, 6), overseas=True)
    session.flush()
    return staff, marked


def test_erasure_removes_markers_everywhere_sqlite(app, app_ctx, session):
    staff, marked = _seed(session, app)
    year = dt.date.today().year
    assert _scan_tables(session, marked.markers), "the markers must be somewhere before erasure"
    before = _indicators(session, year)

    req = erasure.erase_jobseeker(session, staff, marked.jobseeker.id)
    session.flush()
    assert req.status == ErasureStatus.COMPLETED and req.completed_at and req.acknowledged_at
    assert _scan_tables(session, marked.markers) == []
    assert _indicators(session, year) == before
    session.expire_all()
    js = session.get(Jobseeker, marked.jobseeker.id)
    assert js is not None and js.status == "erased" and not js.searchable


def test_erasure_reaches_elasticsearch_and_outbox(app, app_ctx, session, elasticsearch_url):
    from search.backends.elasticsearch import ElasticsearchBackend
    from webapp.services import indexing

    session.info["search_backend"] = "elasticsearch"
    backend = ElasticsearchBackend(elasticsearch_url, prefix=f"t{uuid.uuid4().hex[:8]}", refresh=True)
    backend.ensure_indices()
    try:
        staff, marked = _seed(session, app)
        year = dt.date.today().year
        indexing.sync_outbox_batch(session, backend)

        def es_dump() -> str:
            backend.client.indices.refresh(index=backend.alias("jobseekers"))
            hits = backend.client.search(
                index=backend.alias("jobseekers"), query={"match_all": {}}, size=1000
            )
            return json.dumps(hits["hits"]["hits"], ensure_ascii=False)

        dump = es_dump()
        assert str(marked.jobseeker.id) in dump and marked.markers[0].lower() in dump.lower()
        before = _indicators(session, year)

        erasure.erase_jobseeker(session, staff, marked.jobseeker.id)
        indexing.sync_outbox_batch(session, backend)
        dump = es_dump().lower()
        assert not [m for m in marked.markers if m.lower() in dump]
        outbox = session.scalars(select(OutboxEvent)).all()
        assert outbox and not [m for m in marked.markers for e in outbox if m in repr(vars(e))]
        assert _scan_tables(session, marked.markers) == []
        assert _indicators(session, year) == before
    finally:
        backend.drop_all()


def test_jobseeker_requests_erasure_from_their_page(app, client, session):
    marked = make_marked_jobseeker(session, app.config)
    login(client, marked.user.email)
    assert post_form(client, "/account/privacy/erase", {}).status_code == 422
    resp = post_form(client, "/account/privacy/erase", {"confirm": "y"})
    assert resp.status_code == 200
    req = session.scalar(select(ErasureRequest).where(ErasureRequest.jobseeker_id == marked.jobseeker.id))
    assert req is not None and req.origin == "subject" and req.completed_at is not None
    assert req.requested_by_id is None  # no link back to the erased account
    assert client.get("/account/password").status_code == 302  # logged out
    assert _scan_tables(session, marked.markers) == []


def test_staff_erase_page_requires_staff(app, client, session):
    marked = make_marked_jobseeker(session, app.config)
    employer_user = make_user(session, Role.EMPLOYER)
    login(client, employer_user.email)
    assert client.get(f"/staff/jobseekers/{marked.jobseeker.id}/erase").status_code == 403
    staff_client = app.test_client()
    login(staff_client, make_user(session, Role.STAFF).email)
    url = f"/staff/jobseekers/{marked.jobseeker.id}/erase"
    assert post_form(staff_client, url, {"confirm": "y"}).status_code == 200
    assert post_form(staff_client, url, {"confirm": "y"}).status_code == 409
