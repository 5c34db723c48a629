"""Reading tables, header aliases, value parsing and the import report."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Collection, Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold

from ...models import AuditLog, District, Employer, EmployerKind, VerificationStatus, utcnow
from ..errors import ValidationError
from ..reference import districts_matching


@dataclass
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return _("line %(line)d: %(reason)s", line=self.line, reason=self.reason)


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    employers_created: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(kind)s: %(created)d created, %(unchanged)d already on file, %(skipped)d bad rows skipped.",
            kind=self.kind,
            created=self.created,
            unchanged=self.unchanged,
            skipped=self.skipped,
        )


class RowInvalid(Exception):
    """One bad row; the message is shown to the person who runs the import."""


T = TypeVar("T")


class RowCheck:
    """Every problem of one row, so that the report names them all at once and the person
    fixing the file does not discover them one run at a time.

    ``check(parse, ...)`` runs a parser and returns its value, or None after noting its
    complaint; ``check.fail(msg)`` notes one directly; ``check.message`` joins them, in
    column order.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []

    def __call__(self, parse: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return parse(*args, **kwargs)
        except RowInvalid as err:
            self.problems.append(str(err))
            return None

    def fail(self, message: str) -> None:
        self.problems.append(message)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        return "; ".join(self.problems)


def fail_on_errors(report: ImportReport, skip_invalid: bool) -> None:
    if report.errors and not skip_invalid:
        raise ValidationError(
            ngettext(
                "Nothing was imported: %(num)d bad row. Fix it, or run again with --skip-invalid.",
                "Nothing was imported: %(num)d bad rows. Fix them, or run again with --skip-invalid.",
                len(report.errors),
            ),
            {f"line {e.line}": e.reason for e in report.errors},
        )
    report.skipped = len(report.errors)


def read_table(
    path: Path | str, aliases: dict[str, str], required: Collection[str] = ()
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of a CSV or XLSX file as (line number, {canonical column: value}).

    Headers are matched after folding (no marks, lower case), so "Ngày sinh",
    "ngay sinh" and "birth_date" all name the same column. A header row without one of
    the ``required`` columns is one error naming them, not the same complaint on every row.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb.active
        assert ws is not None
        raw = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    else:
        text = path.read_bytes().decode("utf-8-sig")
        sample = text[:4096]
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        raw = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if not raw:
        raise ValidationError(_("The file is empty."))
    header = raw[0]
    columns: list[str | None] = []
    for h in header:
        key = fold(str(h or "")).replace(" ", "_")
        columns.append(aliases.get(key) or aliases.get(key.replace("_", " ")) or None)
    missing = [c for c in required if c not in columns]
    if missing:
        raise ValidationError(
            _(
                "The header row has no column for: %(missing)s (it reads: %(header)s). Name the "
                "columns as in the import formats of the README; Vietnamese names such as "
                "“Ngày sinh” work too.",
                missing=", ".join(missing),
                header=", ".join(str(h or "").strip() or "—" for h in header) or "—",
            )
        )
    rows = []
    for i, values in enumerate(raw[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        row: dict[str, Any] = {}
        for col, v in zip(columns, values, strict=False):
            if col is not None:
                row[col] = v.strip() if isinstance(v, str) else v
        rows.append((i, row))
    return rows


def alias_map(canonical: dict[str, list[str]]) -> dict[str, str]:
    """{folded alias (spaces as _): canonical name}."""
    out = {}
    for name, alts in canonical.items():
        for a in [name, *alts]:
            out[fold(a).replace(" ", "_")] = name
    return out


def text(row: dict[str, Any], key: str) -> str:
    v = row.get(key)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def parse_date(value: Any, field_name: str) -> dt.date | None:
    """ISO (2026-11-24) or day first (24/11/2026); XLSX date cells as they are."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise RowInvalid(_("%(field)s is not a valid date: %(value)s", field=field_name, value=s))


def parse_int(value: Any, field_name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        f = (
            float(str(value).replace(" ", "").replace(".", "").replace(",", ""))
            if isinstance(value, str)
            else float(value)
        )
    except ValueError:
        raise RowInvalid(_("%(field)s is not a number: %(value)s", field=field_name, value=value)) from None
    if not f.is_integer():
        raise RowInvalid(_("%(field)s must be a whole number: %(value)s", field=field_name, value=value))
    return int(f)


def choice(value: Any, options: dict[str, str], field_name: str, required: bool = True) -> str | None:
    """Map a value (English or Vietnamese, marks optional) to a canonical option."""
    key = fold(str(value or ""))
    if not key:
        if required:
            raise RowInvalid(_("%(field)s is missing", field=field_name))
        return None
    if key in options:
        return options[key]
    raise RowInvalid(_("%(field)s has an unknown value: %(value)s", field=field_name, value=value))


def unique_external_id(row: dict[str, Any], seen: set[str]) -> str:
    """The row's external_id: required, and once per file, so a re-import can match it."""
    ext = text(row, "external_id")
    if not ext:
        raise RowInvalid(_("external_id is missing"))
    if ext in seen:
        raise RowInvalid(_("external_id %(v)s appears twice in the file", v=ext))
    seen.add(ext)
    return ext


def find_district(session: Session, row: dict[str, Any]) -> District:
    """The district named by code or name in the row."""
    value = text(row, "district")
    if not value:
        raise RowInvalid(_("district is missing"))
    found = districts_matching(session, value)
    if len(found) > 1:
        raise RowInvalid(
            _(
                "district %(v)s could be %(names)s: write the full name or the code",
                v=value,
                names=_(" or ").join(f"{d.name} ({d.code})" for d in found),
            )
        )
    if not found:
        raise RowInvalid(_("unknown district: %(v)s", v=value or "—"))
    return found[0]


def country_code(value: str, names: dict[str, str]) -> str | None:
    """The ISO code a file's country cell means (``names`` from ``country_codes_by_name``); an
    unknown one comes back upper-cased for the error message (``country_for_kind`` rejects it)."""
    value = value.strip()
    return (names.get(fold(value)) or value.upper()) if value else None


def country_for_kind(
    kind: str | None, country: str | None, countries: Container[str], *, vacancy: bool
) -> str | None:
    """An overseas row needs a known foreign country; a domestic one may say VN, stored as None."""
    if kind == "overseas":
        if not country:
            raise RowInvalid(
                _("country is missing for an overseas order")
                if vacancy
                else _("country is missing for an overseas placement")
            )
        if country not in countries or country == "VN":
            raise RowInvalid(
                _("unknown country: %(v)s (write its ISO code, e.g. JP, or its name)", v=country)
            )
        return country
    if country not in (None, "VN"):
        raise RowInvalid(
            _("a domestic vacancy cannot have country %(v)s", v=country)
            if vacancy
            else _("a domestic placement cannot have country %(v)s", v=country)
        )
    return None


def known_occupation_code(row: dict[str, Any], known: Container[str]) -> str | None:
    """An optional ISCO-08 code, which must be in the catalogue when given."""
    occ = text(row, "occupation_code") or None
    if occ and occ not in known:
        raise RowInvalid(_("unknown occupation code: %(v)s", v=occ))
    return occ


SEX = {"male": "male", "m": "male", "nam": "male", "female": "female", "f": "female", "nu": "female"}
KIND = {
    "domestic": "domestic",
    "trong nuoc": "domestic",
    "overseas": "overseas",
    "nuoc ngoai": "overseas",
    "xuat khau lao dong": "overseas",
    "di lam viec o nuoc ngoai": "overseas",
}
YES_NO = {
    "yes": "yes",
    "y": "yes",
    "co": "yes",
    "true": "yes",
    "1": "yes",
    "no": "no",
    "n": "no",
    "khong": "no",
    "false": "no",
    "0": "no",
}


def employer_for_import(
    session: Session,
    actor: Any,
    name: str,
    report: ImportReport,
    cache: dict[str, Employer],
    *,
    agency_licence: tuple[str, dt.date] | None = None,
) -> Employer:
    """The employer named in a file; created if missing, verified by the staff member importing.

    Creation and verification are recorded in the audit log, as DESIGN.md asks.
    """
    key = fold(name)
    employer = cache.get(key) or session.scalars(select(Employer).where(Employer.name_folded == key)).first()
    now = utcnow()
    if employer is None:
        employer = Employer(
            name=name,
            name_folded=key,
            kind=EmployerKind.AGENCY if agency_licence else EmployerKind.ENTERPRISE,
            licence_no=agency_licence[0] if agency_licence else None,
            licence_expires=agency_licence[1] if agency_licence else None,
            verification=VerificationStatus.VERIFIED,
            verified_at=now,
            verified_by_id=getattr(actor, "id", None),
            verification_note="import",
        )
        session.add(employer)
        session.flush()
        report.employers_created.append(name)
        session.add(
            AuditLog(
                actor_id=getattr(actor, "id", None),
                action="employer.import_verified",
                object_type="employer",
                object_id=str(employer.id),
                detail={"source": report.kind, "agency": bool(agency_licence)},
            )
        )
    elif agency_licence and not employer.licence_valid_on(dt.date.today()):
        employer.kind = EmployerKind.AGENCY
        employer.licence_no, employer.licence_expires = agency_licence
        employer.verification = VerificationStatus.VERIFIED
        employer.verified_at, employer.verified_by_id = now, getattr(actor, "id", None)
        session.add(
            AuditLog(
                actor_id=getattr(actor, "id", None),
                action="employer.import_licence",
                object_type="employer",
                object_id=str(employer.id),
                detail={"source": report.kind, "licence_expires": agency_licence[1].isoformat()},
            )
        )
    cache[key] = employer
    return employer
