"""The privacy rules' only contact with search: tell the indexer a profile changed or is gone.

Both backends are fed by ``webapp.services.indexing`` (SQLite FTS in the same
transaction, an outbox event for Elasticsearch), so a withdrawn consent or an
erasure reaches the index with the same commit.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import Jobseeker


def profile_changed(session: Session, jobseeker: Jobseeker) -> None:
    try:
        from .. import indexing  # type: ignore[attr-defined]
    except ImportError:  # search integration not installed yet
        return
    indexing.jobseeker_changed(session, jobseeker)
