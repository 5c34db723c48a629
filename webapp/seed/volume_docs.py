"""Search documents straight from generated profile rows, with no read-back from the database.

The bulk seeder knows every value it has just generated, so reading the rows
back to build their documents (what ``services.indexing.index_entities`` does
after an import) would only repeat work. The rows are turned into the same
values the database would return and handed to the same ``JobseekerDocMaker``
as ``build_jobseeker_docs``, so the documents are identical (tests/seed
compares the index rows of both paths).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import District, Occupation, Skill
from ..services.search_documents import JobseekerDocMaker, country_names
from .people import JOBSEEKER_COLUMNS, Batch

_STAMP_FMT = "%Y-%m-%d %H:%M:%S.%f"
# The generated columns a document is made of, in JobseekerDocMaker.make's order; the
# district and occupation columns are ids, replaced by their reference values.
_DOC_SOURCE = (
    "id", "version", "status", "searchable", "sex", "birth_date", "education", "desired_title", "summary",
    "vocational_training", "experience_years", "willing_overseas", "preferred_countries",
    "profile_updated_at", "district_id", "occupation_id",
)  # fmt: skip
_INDEX = [JOBSEEKER_COLUMNS.index(c) for c in _DOC_SOURCE]


@dataclass(frozen=True)
class DocLookups:
    """Reference values the documents show, by the ids the generated rows hold (picklable)."""

    districts: dict[int, tuple[str, str]]  # id -> (code, name)
    occupations: dict[int, tuple[str, str, str, str]]  # id -> (isco_code, name_vi, name_en, aliases)
    skills: dict[int, str]
    countries: dict[str, str]

    @classmethod
    def load(cls, session: Session) -> DocLookups:
        conn = session.connection()
        return cls(
            districts={
                i: (c, n) for i, c, n in conn.execute(select(District.id, District.code, District.name))
            },
            occupations={
                i: (c, vi, en, al)
                for i, c, vi, en, al in conn.execute(
                    select(
                        Occupation.id,
                        Occupation.isco_code,
                        Occupation.name_vi,
                        Occupation.name_en,
                        Occupation.aliases,
                    )
                )
            },
            skills=dict(conn.execute(select(Skill.id, Skill.name)).all()),  # type: ignore[arg-type]
            countries=country_names(session),
        )


class BatchDocuments:
    """Documents for generated batches; ``today`` is the indexing date (age bands), as in reindex."""

    def __init__(self, lookups: DocLookups, today: dt.date) -> None:
        self.lookups = lookups
        self.maker = JobseekerDocMaker(lookups.countries, today)
        self._dates: dict[str, dt.date] = {}
        self._stamps: dict[str, dt.datetime] = {}

    def docs(self, batch: Batch) -> list[dict[str, Any]]:
        skill_names = self.lookups.skills
        skills: dict[int, list[str]] = {}
        for jid, sid in batch.skills:  # generated in (jobseeker, skill id) order, as the index reads them
            skills.setdefault(jid, []).append(skill_names[sid])
        langs: dict[int, list[tuple[str, str, str]]] = {}
        for jid, code, test, level, _cert in batch.languages:
            langs.setdefault(jid, []).append((code, test, level))
        districts, occupations = self.lookups.districts, self.lookups.occupations
        dates, stamps, make = self._dates, self._stamps, self.maker.make
        no_occupation = (None, None, None, None)
        out: list[dict[str, Any]] = []
        for row in batch.jobseekers:
            v = [row[i] for i in _INDEX]
            birth, updated = v[5], v[13]
            if birth is not None:
                v[5] = dates.get(birth) or dates.setdefault(birth, dt.date.fromisoformat(birth))
            if updated is not None:
                v[13] = stamps.get(updated) or stamps.setdefault(
                    updated, dt.datetime.strptime(updated, _STAMP_FMT)
                )
            occupation = occupations.get(v[15], no_occupation) if v[15] is not None else no_occupation
            doc = make((*v[:14], *districts[v[14]], *occupation), skills.get(v[0], []), langs.get(v[0], []))
            if doc is not None:
                out.append(doc)
        return out
