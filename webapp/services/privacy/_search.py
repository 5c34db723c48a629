"""The privacy rules' only contact with search: make sure the index follows a profile change.

``webapp.services.indexing`` already re-indexes on every ORM change of a
Jobseeker (FTS rows in the same transaction on SQLite, an outbox event for
Elasticsearch); this explicit call also covers changes made before its session
listeners were installed, and is harmless when repeated (versions decide).
"""

from __future__ import annotations

from importlib import import_module

from sqlalchemy.orm import Session

from ...models import Jobseeker


def profile_changed(session: Session, jobseeker: Jobseeker) -> None:
    try:
        indexing = import_module("webapp.services.indexing")
    except ImportError:  # search integration not installed
        return
    session.flush()
    indexing.index_entities(session, "jobseekers", [jobseeker.id])


def expunge_erased(session: Session) -> None:
    """After an erasure, leave nothing of the person in the embedded index's segments.

    Removing a document from SQLite FTS5 only hides it; the words stay in the index
    pages until they are merged, so the index is merged at once.
    (Elasticsearch drops the document through the outbox; its segments merge on their own.)
    """
    try:
        indexing = import_module("webapp.services.indexing")
    except ImportError:  # search integration not installed
        return
    if indexing.backend_name_for(session) != "sqlite" or not indexing.fts_ready(session):
        return
    from search.backends.sqlite import SQLiteBackend

    SQLiteBackend().optimize(session.connection(), "jobseekers")
