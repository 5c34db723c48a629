"""One contract, every backend: the same tests run on SQLite FTS5 and on a real Elasticsearch."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.factories import TODAY, district, make_employer
from tests.factories_search import agency, jobseeker, vacancy
from webapp.models import Jobseeker, VacancyStatus, VerificationStatus
from webapp.services.search import (
    retrieve_candidates,
    retrieve_vacancies,
    search_jobseekers,
    search_vacancies,
)

from .conftest import SearchEnv


def ids(result: dict) -> list[int]:
    return [item["id"] for item in result["items"]]


def find(env: SearchEnv, **params: object) -> dict:
    return search_vacancies(env.session, params)


def test_diacritics_do_not_matter(search_env: SearchEnv) -> None:
    s = search_env.session
    welder = vacancy(s, "Thợ hàn điện", isco="7212")
    tw = vacancy(s, "Công nhân nhà máy điện tử", overseas=True, programme_code="TW_FACTORY", isco="8212")
    other = vacancy(s, "Nhân viên bán hàng", isco="5223")
    search_env.sync()
    assert ids(find(search_env, q="tho han")) == [welder.id]
    assert ids(find(search_env, q="THỢ HÀN")) == [welder.id]
    assert ids(find(search_env, q="dai loan")) == [tw.id]
    assert other.id in ids(find(search_env, q="nhan vien ban hang"))
    assert ids(find(search_env, q="welder")) == [welder.id]  # English name of the occupation


def test_typos_and_abbreviations(search_env: SearchEnv) -> None:
    s = search_env.session
    ktv = vacancy(s, "Kỹ thuật viên hàn điện", isco="3113")
    cn = vacancy(s, "Công nhân lắp ráp tại khu công nghiệp Vũng Áng", isco="8211")
    jp = vacancy(s, "Thực tập sinh chế biến thực phẩm", overseas=True, programme_code="JP_TITP", isco="8160")
    search_env.sync()
    assert ids(find(search_env, q="ky thuat vien han dienn"))[0] == ktv.id
    assert ids(find(search_env, q="CN KCN"))[0] == cn.id
    assert ids(find(search_env, q="XKLĐ Nhật Bản")) == [jp.id]
    assert ids(find(search_env, q="tts nhat ban")) == [jp.id]


def test_did_you_mean(search_env: SearchEnv) -> None:
    s = search_env.session
    vacancy(s, "Welder for steel structures", isco="7212")
    search_env.sync()
    result = find(search_env, q="welldrr")
    assert result["total"] == 0
    assert result["suggestion"] == "welder"
    assert find(search_env, q="welder")["total"] == 1


def test_no_suggestion_that_changes_a_short_word_into_another(search_env: SearchEnv) -> None:
    """"giúp việc" (domestic help) is two edits from "gấp việc" ("tuyển gấp" is in many titles):
    a four-letter syllable may be one edit away from a suggestion, not two."""
    s = search_env.session
    vacancy(s, "Công nhân may – tuyển gấp", isco="8153")
    vacancy(s, "Nhân viên giao hàng", isco="9333")
    search_env.sync()
    result = find(search_env, q="giup viec")
    assert result["total"] == 0 and result["suggestion"] is None, result["suggestion"]
    assert find(search_env, q="giao hangg")["total"] == 1  # one edit in a longer word still found


def test_near_matches_when_no_document_has_every_word(search_env: SearchEnv) -> None:
    s = search_env.session
    welder = vacancy(s, "Thợ hàn điện", isco="7212")
    vacancy(s, "Nhân viên bán hàng", isco="5223")
    search_env.sync()
    result = find(search_env, q="kỹ thuật viên hàn điện cao cấp")
    # The result itself stays exact: nothing has every word, so nothing is counted.
    assert result["total"] == 0 and result["items"] == []
    assert result["near_matches"] is None  # two words missing: not a near match
    result = find(search_env, q="thợ hàn điện bậc3")
    assert result["total"] == 0
    near = result["near_matches"]
    assert near is not None and [i["id"] for i in near["items"]] == [welder.id]
    assert near["lacking"] == ["bậc3"] and near["total"] == 1
    assert find(search_env, q="tho han dien")["near_matches"] is None  # full matches: no hint
    # Under a filter the empty page is about the filter: no words are left out.
    assert find(search_env, q="thợ hàn điện bậc3", kind="overseas")["near_matches"] is None
    assert find(search_env, q="giáo viên mầm non")["near_matches"] is None


def test_facets_add_up_and_filters_combine(search_env: SearchEnv) -> None:
    s = search_env.session
    kr = agency(s)
    vacancy(s, "Thợ hàn", district_id=district(s, "449").id)
    vacancy(s, "Thợ hàn bậc 3", district_id=district(s, "436").id)
    vacancy(s, "Thợ hàn cơ khí", employer=kr, overseas=True, programme_code="KR_EPS")
    vacancy(
        s,
        "Thợ hàn ống",
        employer=kr,
        overseas=True,
        programme_code="KR_EPS",
        salary_min=30_000_000,
        salary_max=40_000_000,
    )
    search_env.sync()
    everything = find(search_env, q="thợ hàn")
    assert everything["total"] == 4
    assert sum(everything["facets"]["kind"].values()) == 4
    assert everything["facets"]["kind"] == {"domestic": 2, "overseas": 2}
    assert sum(everything["facets"]["district"].values()) == 2  # overseas orders have no district
    assert everything["facets"]["country"] == {"KR": 2}
    assert find(search_env, q="tho han", kind="overseas", country="KR")["total"] == 2
    assert find(search_env, q="tho han", kind="domestic", district="449")["total"] == 1
    assert find(search_env, q="tho han", kind="domestic", district="449,436")["total"] == 2
    assert find(search_env, q="tho han", kind="overseas", district="449")["total"] == 0
    assert find(search_env, q="tho han", salary_min="25000000")["total"] == 1
    assert find(search_env, kind="overseas")["total"] == 2  # browsing without text


def test_updates_and_deletes_show_in_next_search(search_env: SearchEnv) -> None:
    s = search_env.session
    employer = make_employer(s)
    v = vacancy(s, "Thợ mộc", employer=employer, isco="7115")
    gone = vacancy(s, "Thợ mộc nội thất", employer=employer, isco="7115")
    later = vacancy(s, "Thợ mộc mỹ nghệ", employer=employer, isco="7115")
    search_env.sync()
    assert find(search_env, q="tho moc")["total"] == 3

    v.title = "Thợ xây dân dụng"
    v.occupation_id = None
    s.delete(gone)
    later.deadline = TODAY - dt.timedelta(days=1)
    search_env.sync()
    assert ids(find(search_env, q="tho moc")) == []
    assert ids(find(search_env, q="tho xay")) == [v.id]

    v.status = VacancyStatus.CLOSED
    search_env.sync()
    assert find(search_env, q="tho xay")["total"] == 0

    v.status = VacancyStatus.OPEN
    employer.verification = VerificationStatus.SUSPENDED
    search_env.sync()
    assert find(search_env, q="tho xay")["total"] == 0
    employer.verification = VerificationStatus.VERIFIED
    search_env.sync()
    assert ids(find(search_env, q="tho xay")) == [v.id]


def test_overseas_orders_need_a_valid_licence(search_env: SearchEnv) -> None:
    s = search_env.session
    lapsed = agency(s, licence_expires=TODAY + dt.timedelta(days=3))
    v = vacancy(
        s, "Điều dưỡng viên đi Đức", employer=lapsed, overseas=True, programme_code="DE_NURSING", isco="2221"
    )
    search_env.sync()
    assert ids(find(search_env, q="dieu duong duc")) == [v.id]
    assert search_vacancies(s, {"q": "dieu duong duc"}, today=TODAY + dt.timedelta(days=5))["total"] == 0


def test_skill_changes_reindex(search_env: SearchEnv) -> None:
    s = search_env.session
    v = vacancy(s, "Thợ sửa chữa", isco="7233")
    search_env.sync()
    assert find(search_env, q="autocad")["total"] == 0
    from tests.factories_search import skill

    v.skills.append(skill(s, "AutoCAD"))
    search_env.sync()
    assert ids(find(search_env, q="autocad")) == [v.id]


def test_pagination_is_stable_and_sorting(search_env: SearchEnv) -> None:
    s = search_env.session
    made = [
        vacancy(
            s,
            f"Lái xe tải hạng C {i}",
            isco="8332",
            salary_min=8_000_000 + i * 1_000_000,
            salary_max=9_000_000 + i * 1_000_000,
        )
        for i in range(7)
    ]
    search_env.sync()
    pages = [ids(find(search_env, q="lai xe", per_page=3, page=p)) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [3, 3, 1]
    seen = [i for p in pages for i in p]
    assert sorted(seen) == sorted(v.id for v in made)
    assert pages == [ids(find(search_env, q="lai xe", per_page=3, page=p)) for p in (1, 2, 3)]
    by_salary = ids(find(search_env, q="lai xe", sort="salary"))
    assert by_salary == [v.id for v in reversed(made)]


def test_exact_marks_rank_first(search_env: SearchEnv) -> None:
    s = search_env.session
    folded_only = vacancy(s, "Nhân viên bàn", isco="5131", description="Phục vụ bàn nhà hàng.")
    exact = vacancy(s, "Nhân viên bán hàng", isco="5223", description="Bán hàng tại cửa hàng.")
    search_env.sync()
    assert ids(find(search_env, q="bán"))[0] == exact.id
    assert ids(find(search_env, q="bàn"))[0] == folded_only.id


def test_jobseeker_documents_hold_no_personal_data(search_env: SearchEnv) -> None:
    s = search_env.session
    staff_like = type("Actor", (), {"is_authenticated": True, "role": "staff", "employer_id": None})()
    js = jobseeker(
        s,
        full_name="Trần Thị Bích Ngọc",
        phone="0912345678",
        address="Xóm 3, xã Kỳ Lợi",
        desired_title="Thợ may công nghiệp",
        isco="8153",
        summary="Đã làm 3 năm tại xưởng may, gọi 0987654321 hoặc ngoc@example.vn",
        skills=["May công nghiệp"],
        languages=[("ko", "EPS-TOPIK", "150")],
    )
    hidden = jobseeker(s, desired_title="Thợ may", isco="8153", searchable=False)
    search_env.sync()
    from webapp.models import Role

    staff_like.role = Role.STAFF
    result = search_jobseekers(s, staff_like, {"q": "tho may"})
    assert set(ids(result)) == {js.id, hidden.id}
    blob = str(result) + str(
        search_env.backend.search(
            s.connection(), "jobseekers", __import__("search.query").query.Query(text="may")
        )
    )
    for secret in ("Ngọc", "Ngoc", "0912345678", "0987654321", "Kỳ Lợi", "ngoc@example", "1998-05-17"):
        assert secret not in blob
    employer_actor = type("Actor", (), {"is_authenticated": True, "role": Role.EMPLOYER, "employer_id": 1})()
    assert ids(search_jobseekers(s, employer_actor, {"q": "tho may"})) == [js.id]
    assert ids(search_jobseekers(s, employer_actor, {"q": "tieng han", "language": "ko"})) == [js.id]

    js_row = s.scalar(select(Jobseeker).where(Jobseeker.id == js.id))
    assert js_row is not None
    js_row.status = "archived"
    search_env.sync()
    assert search_jobseekers(s, staff_like, {"q": "tho may"})["total"] == 1


def test_retrieval_for_matching(search_env: SearchEnv) -> None:
    s = search_env.session
    welder = jobseeker(s, desired_title="Thợ hàn điện", isco="7212", skills=["Hàn TIG"])
    jobseeker(s, desired_title="Lái xe", isco="8322")
    kr = vacancy(s, "Thợ hàn đi Hàn Quốc", overseas=True, programme_code="KR_EPS")
    search_env.sync()
    found = retrieve_candidates(s, "thợ hàn TIG kết cấu thép", {"district": []}, limit=10)
    assert found[0][0] == welder.id
    assert all(isinstance(score, float) for _i, score in found)
    assert retrieve_vacancies(s, "han quoc", {"kind": "overseas"})[0][0] == kr.id


def test_age_band_filters_of_every_width(search_env: SearchEnv) -> None:
    """Matching asks for most age bands at once (Elasticsearch answers those as "none of the
    others"): one band, most bands and every band all keep exactly the right people."""
    s = search_env.session
    staff_like = type("Actor", (), {"is_authenticated": True, "role": "staff", "employer_id": None})()
    aged = {
        age: jobseeker(s, desired_title="Thợ hàn", isco="7212", birth_date=dt.date(TODAY.year - age - 1, 1, 1))
        for age in (20, 45, 60)
    }
    search_env.sync()

    def people(bands: list[str]) -> set[int]:
        found = search_jobseekers(s, staff_like, {"q": "tho han", "age_band": bands})
        return set(ids(found))

    everyone = {js.id for js in aged.values()}
    assert people(["50+"]) == {aged[60].id}
    assert people(["<18", "18-24", "25-29", "30-34", "35-39", "40-49"]) == everyone - {aged[60].id}
    assert people(["18-24", "25-29", "30-34", "35-39", "40-49", "50+"]) == everyone
    assert people(["<18", "18-24", "25-29", "30-34", "35-39", "40-49", "50+"]) == everyone
    assert people(["25-29", "30-34", "35-39", "40-49", "50+"]) == {aged[45].id, aged[60].id}
    found = retrieve_candidates(s, "", {"age_band": ["<18", "18-24", "25-29", "30-34", "35-39", "40-49"]}, 10)
    assert {i for i, _score in found} >= everyone - {aged[60].id} and aged[60].id not in {i for i, _ in found}
