"""Human labels for facet keys (codes in the index, words on the page)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Country, District, Education, OverseasProgramme

OCCUPATION_GROUPS = {
    "1": _l("Managers"),
    "2": _l("Professionals"),
    "3": _l("Technicians"),
    "4": _l("Office and clerical work"),
    "5": _l("Services and sales"),
    "6": _l("Farming, forestry and fishery"),
    "7": _l("Crafts and trades"),
    "8": _l("Machine operators and assembly"),
    "9": _l("Unskilled work"),
}
KINDS = {"domestic": _l("In Vietnam"), "overseas": _l("Overseas contract")}
LANGUAGES = {
    "ko": _l("Korean"),
    "ja": _l("Japanese"),
    "zh": _l("Chinese"),
    "en": _l("English"),
    "de": _l("German"),
}
SALARY = {
    "lt5m": _l("Under 5 million ₫"),
    "5-10m": _l("5–10 million ₫"),
    "10-20m": _l("10–20 million ₫"),
    "20-40m": _l("20–40 million ₫"),
    "40m+": _l("Over 40 million ₫"),
}
EDUCATION = {
    Education.NONE.value: _l("No schooling required"),
    Education.PRIMARY.value: _l("Primary school"),
    Education.LOWER_SECONDARY.value: _l("Lower secondary"),
    Education.UPPER_SECONDARY.value: _l("Upper secondary"),
    Education.ELEMENTARY_VOCATIONAL.value: _l("Elementary vocational"),
    Education.INTERMEDIATE.value: _l("Intermediate vocational"),
    Education.COLLEGE.value: _l("College"),
    Education.UNIVERSITY.value: _l("University"),
    Education.POSTGRADUATE.value: _l("Postgraduate"),
}
OVERSEAS = {"yes": _l("Willing to work abroad"), "no": _l("In Vietnam only")}
# Index field names that the query string and the API's facets spell differently.
API_NAMES = {"languages": "language", "salary_band": "salary", "countries": "country_pref"}
FACET_TITLES = {
    "kind": _l("Where"),
    "district": _l("District"),
    "country": _l("Country"),
    "programme": _l("Programme"),
    "occupation_group": _l("Occupation group"),
    "education": _l("Education"),
    "language": _l("Language"),
    "salary": _l("Salary"),
    "age_band": _l("Age"),
    "overseas": _l("Overseas"),
}


def facet_labels(session: Session, english: bool = False) -> dict[str, dict[str, Any]]:
    districts = {c: n for c, n in session.execute(select(District.code, District.name))}
    countries = {
        c: (en if english else vi)
        for c, vi, en in session.execute(select(Country.code, Country.name_vi, Country.name_en))
    }
    programmes = {
        c: (en if english else vi)
        for c, vi, en in session.execute(
            select(OverseasProgramme.code, OverseasProgramme.name_vi, OverseasProgramme.name_en)
        )
    }
    return {
        "kind": KINDS,
        "district": districts,
        "country": countries,
        "programme": programmes,
        "occupation_group": OCCUPATION_GROUPS,
        "education": EDUCATION,
        "language": LANGUAGES,
        "salary": SALARY,
        "age_band": {},
        "overseas": OVERSEAS,
    }
