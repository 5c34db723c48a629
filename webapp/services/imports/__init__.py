"""Imports of placements, jobseekers and vacancies from CSV or XLSX files.

Every row is validated before anything is written; a file with bad rows
imports nothing (unless ``skip_invalid``) and reports each bad row with its
line number and reason. Re-importing a file adds nothing: rows already on
file (same external id, or for placements the same person, employer and date)
are counted as ``unchanged``. Writes go through the ORM in the caller's
transaction, so a failed import leaves no rows and no outbox events.
"""

from __future__ import annotations

from .common import ImportReport, RowError, read_table
from .jobseekers import import_jobseekers
from .placements import import_placements
from .vacancies import import_vacancies

__all__ = [
    "ImportReport",
    "RowError",
    "import_jobseekers",
    "import_placements",
    "import_vacancies",
    "read_table",
]
