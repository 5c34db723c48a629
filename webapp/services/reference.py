"""Reference data (districts, occupations, countries, programmes, skills) from webapp/data.

Loading is idempotent: existing rows are updated in place, so staff edits to
programme rules are kept unless ``overwrite_rules`` is set.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import fold

from ..models import Country, District, Occupation, OverseasProgramme, Skill


@lru_cache(maxsize=1)
def reference_data() -> dict[str, Any]:
    return json.loads(resources.files("webapp.data").joinpath("reference.json").read_text("utf-8"))


def load_reference(session: Session, overwrite_rules: bool = False) -> None:
    data = reference_data()
    existing = {d.code: d for d in session.scalars(select(District))}
    for row in data["districts"]:
        d = existing.get(row["code"]) or District(code=row["code"])
        d.name, d.kind, d.lat, d.lon = row["name"], row["kind"], row["lat"], row["lon"]
        d.name_folded = fold(row["name"])
        session.add(d)
    countries = {c.code: c for c in session.scalars(select(Country))}
    for row in data["countries"]:
        c = countries.get(row["code"]) or Country(code=row["code"])
        c.name_vi, c.name_en, c.currency, c.vnd_rate = (
            row["name_vi"],
            row["name_en"],
            row["currency"],
            row["vnd_rate"],
        )
        session.add(c)
    occupations = {o.isco_code: o for o in session.scalars(select(Occupation))}
    for row in data["occupations"]:
        o = occupations.get(row["isco_code"]) or Occupation(isco_code=row["isco_code"])
        o.name_vi, o.name_en, o.aliases = row["name_vi"], row["name_en"], row["aliases"]
        session.add(o)
    skills = {s.name for s in session.scalars(select(Skill))}
    for name in data["skills"]:
        if name not in skills:
            session.add(Skill(name=name, name_folded=fold(name)))
    session.flush()
    programmes = {p.code: p for p in session.scalars(select(OverseasProgramme))}
    for row in data["programmes"]:
        p = programmes.get(row["code"])
        if p is None:
            p = OverseasProgramme(code=row["code"], rules=copy.deepcopy(row["rules"]))
        elif overwrite_rules:
            p.rules = copy.deepcopy(row["rules"])
        p.name_vi, p.name_en = row["name_vi"], row["name_en"]
        p.country_code, p.contract_months = row["country_code"], row["contract_months"]
        session.add(p)
    session.flush()


def district_by_code(session: Session, code: str | None) -> District | None:
    """The district with this administrative code, or None (also for an empty code)."""
    return session.scalar(select(District).where(District.code == code)) if code else None


def occupation_by_code(session: Session, isco_code: str | None) -> Occupation | None:
    """The occupation with this ISCO-08 unit code, or None (also for an empty code)."""
    return session.scalar(select(Occupation).where(Occupation.isco_code == isco_code)) if isco_code else None


def district_by_code_or_name(session: Session, value: str) -> District | None:
    """Accepts a code ("436"), a full name ("Thành phố Hà Tĩnh") or a short one ("ha tinh", "Ky Anh")."""
    matches = districts_matching(session, value)
    if len(matches) == 1:
        return matches[0]
    # "Kỳ Anh" alone is ambiguous (town and district): only an explicit prefix decides.
    return None


def districts_matching(session: Session, value: str) -> list[District]:
    """Every district a code or name could mean: one, none, or several for a short name
    shared by a town and a rural district ("Kỳ Anh")."""
    value = (value or "").strip()
    if not value:
        return []
    district = district_by_code(session, value)
    if district is not None:
        return [district]
    folded = fold(value)
    rows = list(session.scalars(select(District)))
    exact = [d for d in rows if d.name_folded == folded]
    if exact:
        return exact[:1]
    short = folded
    for p in ("thanh pho ", "thi xa ", "huyen ", "tp ", "tx "):
        if short.startswith(p):
            short = short[len(p) :]
    return [d for d in rows if any(d.name_folded == p + short for p in ("thanh pho ", "thi xa ", "huyen "))]


def country_codes_by_name(session: Session) -> dict[str, str]:
    """ISO codes by folded code or name, Vietnamese or English: "jp", "nhat ban" and "japan"
    all give "JP" (imports and search filters take countries as people write them)."""
    out: dict[str, str] = {}
    for code, vi, en in session.execute(select(Country.code, Country.name_vi, Country.name_en)):
        for name in (en, vi, code):
            if name:
                out[fold(name)] = code
    return out
