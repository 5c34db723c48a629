"""Generated jobseeker profiles, as plain rows for bulk inserts.

One generator serves the demo (a few thousand people) and the volume seeding
(a million): it returns column dictionaries, never ORM objects, so the caller
chooses executemany, COPY or an ORM bulk insert.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import District, Occupation, Skill
from .names import COMMUNES, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, SURNAMES


@dataclass(frozen=True)
class Archetype:
    isco: str
    title: str
    skills: tuple[str, ...]
    education: tuple[str, ...]
    summary: str
    male_share: float = 0.5
    salary: int = 8_000_000
    overseas: float = 0.3  # share willing to work abroad
    weight: int = 10


ARCHETYPES: list[Archetype] = [
    Archetype("7212", "Thợ hàn", ("Hàn TIG", "Hàn MIG", "Hàn que", "Đọc bản vẽ kỹ thuật"),
              ("lower_secondary", "elementary_vocational", "intermediate"),
              "Thợ hàn {y} năm kinh nghiệm hàn kết cấu thép, đường ống.", 0.95, 11_000_000, 0.45, 10),
    Archetype("8153", "Công nhân may", ("May công nghiệp",), ("lower_secondary", "upper_secondary"),
              "Công nhân may {y} năm, quen chuyền may áo sơ mi và quần âu.", 0.1, 7_500_000, 0.35, 12),
    Archetype("2221", "Điều dưỡng", ("Sơ cứu", "Chăm sóc người cao tuổi"), ("college", "university"),
              "Điều dưỡng tốt nghiệp cao đẳng, {y} năm làm việc tại trạm y tế xã.", 0.15, 8_500_000, 0.3, 4),
    Archetype("8332", "Lái xe tải", ("Lái xe hạng C", "Lái xe hạng B2"), ("lower_secondary", "upper_secondary"),
              "Lái xe tải {y} năm, có bằng C, thông thạo tuyến Bắc – Nam.", 0.98, 12_000_000, 0.1, 6),
    Archetype("8212", "Công nhân lắp ráp điện tử", ("Lắp ráp điện tử",), ("lower_secondary", "upper_secondary"),
              "Công nhân lắp ráp linh kiện điện tử, {y} năm làm việc tại khu công nghiệp.", 0.4, 8_000_000, 0.6, 10),
    Archetype("8160", "Công nhân chế biến thực phẩm", ("An toàn lao động", "Nấu ăn"),
              ("lower_secondary", "upper_secondary"), "Chế biến thực phẩm, {y} năm kinh nghiệm.", 0.4, 7_000_000,
              0.55, 8),
    Archetype("9329", "Lao động phổ thông", ("An toàn lao động",), ("primary", "lower_secondary", "upper_secondary"),
              "Lao động phổ thông, sức khỏe tốt, chịu khó, sẵn sàng đi làm xa.", 0.6, 7_000_000, 0.6, 14),
    Archetype("7112", "Thợ xây", ("Xây trát", "Cốp pha"), ("primary", "lower_secondary"),
              "Thợ xây {y} năm, làm nhà dân và công trình công nghiệp.", 0.97, 9_000_000, 0.35, 8),
    Archetype("6222", "Thuyền viên đánh cá", ("Đánh bắt xa bờ", "Nuôi trồng thủy sản"), ("primary", "lower_secondary"),
              "Ngư dân {y} năm đi biển, quen đánh bắt xa bờ.", 0.98, 9_000_000, 0.5, 4),
    Archetype("5322", "Chăm sóc người già", ("Chăm sóc người cao tuổi", "Sơ cứu"), ("lower_secondary", "upper_secondary"),
              "Có kinh nghiệm chăm sóc người già và người bệnh tại gia đình.", 0.05, 6_500_000, 0.65, 5),
    Archetype("7411", "Thợ điện", ("Điện dân dụng", "Điện công nghiệp"), ("elementary_vocational", "intermediate", "college"),
              "Thợ điện {y} năm, lắp đặt và sửa chữa điện dân dụng, công nghiệp.", 0.95, 10_000_000, 0.3, 6),
    Archetype("4311", "Kế toán", ("Kế toán thuế", "Excel", "Sử dụng máy tính văn phòng"), ("college", "university"),
              "Kế toán tổng hợp {y} năm, thành thạo phần mềm kế toán và Excel.", 0.2, 9_000_000, 0.05, 4),
    Archetype("5223", "Nhân viên bán hàng", ("Bán hàng", "Chăm sóc khách hàng"), ("upper_secondary", "intermediate"),
              "Nhân viên bán hàng {y} năm tại cửa hàng điện máy và siêu thị.", 0.3, 6_500_000, 0.15, 5),
    Archetype("5414", "Bảo vệ", ("An toàn lao động", "Sơ cứu"), ("lower_secondary", "upper_secondary"),
              "Bộ đội xuất ngũ, sức khỏe tốt, muốn làm bảo vệ nhà máy.", 0.95, 7_000_000, 0.1, 3),
    Archetype("8343", "Vận hành cần cẩu", ("Vận hành cần cẩu", "Vận hành xe nâng"), ("intermediate", "elementary_vocational"),
              "Vận hành cần cẩu và xe nâng {y} năm tại cảng.", 0.97, 13_000_000, 0.2, 2),
    Archetype("6111", "Lao động trồng trọt", ("Trồng rau sạch", "Chăn nuôi gia cầm"), ("primary", "lower_secondary"),
              "Làm nông nghiệp tại gia đình, muốn đi làm việc có thu nhập ổn định.", 0.55, 6_000_000, 0.5, 6),
    Archetype("2512", "Lập trình viên", ("Lập trình Python", "Tiếng Anh giao tiếp"), ("university",),
              "Kỹ sư công nghệ thông tin, {y} năm lập trình web.", 0.75, 15_000_000, 0.1, 1),
]  # fmt: skip

# Overseas preferences: weights of preferred markets for people willing to go.
MARKETS = {"TW": 40, "JP": 34, "KR": 12, "HU": 3, "PL": 3, "RO": 2, "DE": 4, "CZ": 1, "SA": 1}
EDU_TRAINING = {
    "elementary_vocational": "Sơ cấp nghề",
    "intermediate": "Trung cấp nghề",
    "college": "Cao đẳng",
    "university": "Đại học",
}
PRIORITY = [
    ("demobilised_soldier", 0.05),
    ("poor_household", 0.06),
    ("land_loss", 0.04),
    ("returnee", 0.03),
    ("disability", 0.01),
    ("ethnic_minority", 0.005),
    ("student", 0.04),
]
JLPT = ["N5", "N5", "N4", "N4", "N4", "N3"]
GOETHE = ["A2", "B1", "B1", "B2"]

JOBSEEKER_COLUMNS = (
    "id", "user_id", "external_id", "full_name", "sex", "birth_date", "phone", "email", "address", "commune",
    "district_id", "education", "vocational_training", "occupation_id", "desired_title", "summary",
    "experience_years", "desired_salary_vnd", "willing_overseas", "preferred_countries", "priority_groups",
    "searchable", "status", "profile_updated_at", "version", "created_at", "updated_at",
)  # fmt: skip
LANGUAGE_COLUMNS = ("jobseeker_id", "code", "test", "level", "certificate")


@dataclass
class Reference:
    """Ids of the reference rows a profile points at."""

    districts: list[int]
    occupations: dict[str, int]
    skills: dict[str, int]
    district_weights: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session) -> Reference:
        from .placements import DISTRICT_WEIGHTS

        rows = list(session.execute(select(District.id, District.code).order_by(District.code)))
        return cls(
            districts=[r.id for r in rows],
            occupations={c: i for c, i in session.execute(select(Occupation.isco_code, Occupation.id))},
            skills={n: i for n, i in session.execute(select(Skill.name, Skill.id))},
            district_weights=[DISTRICT_WEIGHTS.get(r.code, 5) for r in rows],
        )


@dataclass
class Batch:
    jobseekers: list[dict[str, Any]]
    skills: list[tuple[int, int]]  # (jobseeker_id, skill_id)
    languages: list[tuple[int, str, str, str, str]]


def _cum(weights: list[int] | list[float]) -> list[float]:
    out, t = [], 0.0
    for w in weights:
        t += w
        out.append(t)
    return out


class ProfileGenerator:
    """Deterministic profiles: the same seed and ids give the same people."""

    def __init__(self, ref: Reference, today: dt.date) -> None:
        self.ref = ref
        self.today = today
        self.stamp = dt.datetime(today.year, today.month, today.day, 8, 0, 0)
        self.arch_cum = _cum([a.weight for a in ARCHETYPES])
        self.dist_cum = _cum(ref.district_weights or [1] * len(ref.districts))
        self.markets = list(MARKETS)
        self.market_cum = _cum(list(MARKETS.values()))
        self.surnames = [s for s, _ in SURNAMES]
        self.surname_cum = _cum([w for _, w in SURNAMES])
        self.arch_skills = [[ref.skills[s] for s in a.skills if s in ref.skills] for a in ARCHETYPES]
        self.extra_skills = [
            ref.skills[s]
            for s in (
                "Tiếng Anh giao tiếp",
                "Sử dụng máy tính văn phòng",
                "An toàn lao động",
                "Lái xe hạng B2",
            )
            if s in ref.skills
        ]
        self.lang_skill = {c: ref.skills.get(n) for c, n in (("ko", "Tiếng Hàn giao tiếp"), ("ja", "Tiếng Nhật giao tiếp"), ("zh", "Tiếng Trung giao tiếp"))}  # fmt: skip

    def batch(
        self, rng: random.Random, first_id: int, count: int, external_prefix: str | None = None
    ) -> Batch:
        js: list[dict[str, Any]] = []
        skills: list[tuple[int, int]] = []
        langs: list[tuple[int, str, str, str, str]] = []
        choices = rng.choices
        rand = rng.random
        ref = self.ref
        for jid in range(first_id, first_id + count):
            a_idx = choices(range(len(ARCHETYPES)), cum_weights=self.arch_cum)[0]
            a = ARCHETYPES[a_idx]
            male = rand() < a.male_share
            surname = choices(self.surnames, cum_weights=self.surname_cum)[0]
            if male:
                name = f"{surname} {MIDDLE_MALE[int(rand() * len(MIDDLE_MALE))]} {GIVEN_MALE[int(rand() * len(GIVEN_MALE))]}"
            else:
                name = f"{surname} {MIDDLE_FEMALE[int(rand() * len(MIDDLE_FEMALE))]} {GIVEN_FEMALE[int(rand() * len(GIVEN_FEMALE))]}"
            age = 18 + int(rand() ** 1.6 * 40)
            birth = dt.date(self.today.year - age, 1 + int(rand() * 12), 1 + int(rand() * 28))
            years = min(age - 18, int(rand() * 12))
            edu = a.education[int(rand() * len(a.education))]
            willing = age <= 40 and rand() < a.overseas
            countries: list[str] = []
            if willing:
                countries = [choices(self.markets, cum_weights=self.market_cum)[0]]
                if rand() < 0.4:
                    other = choices(self.markets, cum_weights=self.market_cum)[0]
                    if other != countries[0]:
                        countries.append(other)
            groups = [g for g, p in PRIORITY if rand() < p]
            if "student" in groups and age > 24:
                groups.remove("student")
            own = self.arch_skills[a_idx]
            picked = {s for s in own if rand() < 0.7} or ({own[0]} if own else set())
            if rand() < 0.25 and self.extra_skills:
                picked.add(self.extra_skills[int(rand() * len(self.extra_skills))])
            for c in countries:
                if c == "KR":
                    langs.append((jid, "ko", "EPS-TOPIK", str(80 + 5 * int(rand() * 25)), ""))
                    if self.lang_skill["ko"]:
                        picked.add(self.lang_skill["ko"])  # type: ignore[arg-type]
                elif c == "JP" and rand() < 0.7:
                    langs.append((jid, "ja", "JLPT", JLPT[int(rand() * len(JLPT))], ""))
                elif c == "TW" and rand() < 0.2 and self.lang_skill["zh"]:
                    picked.add(self.lang_skill["zh"])  # type: ignore[arg-type]
                elif c == "DE" and rand() < 0.6:
                    langs.append((jid, "de", "Goethe", GOETHE[int(rand() * len(GOETHE))], ""))
            if edu in ("college", "university") and rand() < 0.4:
                langs.append(
                    (jid, "en", "IELTS" if rand() < 0.3 else "", "5.5" if rand() < 0.3 else "B1", "")
                )
            skills.extend((jid, s) for s in sorted(picked))
            district = choices(ref.districts, cum_weights=self.dist_cum)[0]
            js.append(
                {
                    "id": jid,
                    "user_id": None,
                    "external_id": f"{external_prefix}{jid}" if external_prefix else None,
                    "full_name": name,
                    "sex": "male" if male else "female",
                    "birth_date": birth,
                    "phone": "0" + str(900_000_000 + int(rand() * 99_999_999)),
                    "email": "",
                    "address": "",
                    "commune": COMMUNES[int(rand() * len(COMMUNES))],
                    "district_id": district,
                    "education": edu,
                    "vocational_training": EDU_TRAINING.get(edu, ""),
                    "occupation_id": ref.occupations.get(a.isco),
                    "desired_title": a.title,
                    "summary": a.summary.format(y=max(years, 1)),
                    "experience_years": float(years),
                    "desired_salary_vnd": int(a.salary * (0.8 + 0.4 * rand()) / 100_000) * 100_000,
                    "willing_overseas": willing,
                    "preferred_countries": countries,
                    "priority_groups": groups,
                    "searchable": rand() < 0.85,
                    "status": "active",
                    "profile_updated_at": self.stamp - dt.timedelta(days=int(rand() * 400)),
                    "version": 1,
                    "created_at": self.stamp,
                    "updated_at": self.stamp,
                }
            )
        return Batch(js, skills, langs)
