"""Generated jobseeker profiles, as plain rows for bulk inserts.

One generator serves the demo (a few thousand people) and the volume seeding
(a million): it returns column dictionaries, never ORM objects, so the caller
chooses executemany, COPY or an ORM bulk insert.
"""

from __future__ import annotations

import datetime as dt
import json
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
    # Trade certificates and the share of experienced people holding each (see ``_holds``).
    certificates: tuple[tuple[str, float], ...] = ()


ARCHETYPES: list[Archetype] = [
    Archetype("7212", "Thợ hàn", ("Hàn TIG", "Hàn MIG", "Hàn que", "Đọc bản vẽ kỹ thuật"),
              ("lower_secondary", "elementary_vocational", "intermediate"),
              "Thợ hàn {y} năm kinh nghiệm hàn kết cấu thép, đường ống.", 0.95, 11_000_000, 0.45, 10,
              (("Chứng chỉ thợ hàn 3G", 0.6),)),
    Archetype("8153", "Công nhân may", ("May công nghiệp",), ("lower_secondary", "upper_secondary"),
              "Công nhân may {y} năm, quen chuyền may áo sơ mi và quần âu.", 0.1, 7_500_000, 0.35, 12),
    Archetype("2221", "Điều dưỡng", ("Sơ cứu", "Chăm sóc người cao tuổi"), ("college", "university"),
              "Điều dưỡng tốt nghiệp cao đẳng, {y} năm làm việc tại trạm y tế xã.", 0.15, 8_500_000, 0.3, 4,
              (("Chứng chỉ hành nghề điều dưỡng", 0.8),)),
    Archetype("8332", "Lái xe tải", ("Lái xe hạng C", "Lái xe hạng B2"), ("lower_secondary", "upper_secondary"),
              "Lái xe tải {y} năm, có bằng C, thông thạo tuyến Bắc – Nam.", 0.98, 12_000_000, 0.1, 6,
              (("Bằng lái xe hạng C", 0.9), ("Bằng lái xe hạng D", 0.3))),
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
              "Có kinh nghiệm chăm sóc người già và người bệnh tại gia đình.", 0.05, 6_500_000, 0.65, 5,
              (("Kỳ thi kỹ năng điều dưỡng", 0.4),)),
    Archetype("7411", "Thợ điện", ("Điện dân dụng", "Điện công nghiệp"), ("elementary_vocational", "intermediate", "college"),
              "Thợ điện {y} năm, lắp đặt và sửa chữa điện dân dụng, công nghiệp.", 0.95, 10_000_000, 0.3, 6),
    Archetype("4311", "Kế toán", ("Kế toán thuế", "Excel", "Sử dụng máy tính văn phòng"), ("college", "university"),
              "Kế toán tổng hợp {y} năm, thành thạo phần mềm kế toán và Excel.", 0.2, 9_000_000, 0.05, 4),
    Archetype("5223", "Nhân viên bán hàng", ("Bán hàng", "Chăm sóc khách hàng"), ("upper_secondary", "intermediate"),
              "Nhân viên bán hàng {y} năm tại cửa hàng điện máy và siêu thị.", 0.3, 6_500_000, 0.15, 5),
    Archetype("5414", "Bảo vệ", ("An toàn lao động", "Sơ cứu"), ("lower_secondary", "upper_secondary"),
              "Bộ đội xuất ngũ, sức khỏe tốt, muốn làm bảo vệ nhà máy.", 0.95, 7_000_000, 0.1, 3),
    Archetype("8343", "Vận hành cần cẩu", ("Vận hành cần cẩu", "Vận hành xe nâng"), ("intermediate", "elementary_vocational"),
              "Vận hành cần cẩu và xe nâng {y} năm tại cảng.", 0.97, 13_000_000, 0.2, 2,
              (("Chứng chỉ vận hành cần trục", 0.75),)),
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
    """Rows ready for bulk_insert: jobseekers in JOBSEEKER_COLUMNS order, values already in
    their stored form (ISO dates, JSON text, 0/1), so neither SQLite nor COPY converts them."""

    jobseekers: list[tuple[Any, ...]]
    skills: list[tuple[int, int]]  # (jobseeker_id, skill_id)
    languages: list[tuple[int, str, str, str, str]]


def _table(weights: list[int] | list[float], size: int = 1000) -> list[int]:
    """A lookup table of indexes: table[int(random() * size)] draws by weight in one call."""
    total = float(sum(weights))
    out: list[int] = []
    for i, w in enumerate(weights):
        out += [i] * round(size * w / total)
    while len(out) < size:
        out.append(len(weights) - 1)
    return out[:size]


_STAMP_FMT = "%Y-%m-%d %H:%M:%S.%f"


def _holds(jid: int, k: int, share: float) -> bool:
    """Whether person ``jid`` holds their trade's ``k``-th certificate.

    A multiplicative hash of the id rather than a draw from the generator, so adding
    certificates left every other generated value (and so every figure built on them)
    unchanged; the shares still come out as asked over any run of ids.
    """
    return ((jid * 2654435761 + k * 40503) % 4294967296) / 4294967296 < share


class ProfileGenerator:
    """Deterministic profiles: the same seed, ids and ``today`` give the same people."""

    def __init__(self, ref: Reference, today: dt.date) -> None:
        self.ref = ref
        self.today = today
        stamp = dt.datetime(today.year, today.month, today.day, 8, 0, 0)
        self.stamp = stamp.strftime(_STAMP_FMT)
        self.updated = [(stamp - dt.timedelta(days=d)).strftime(_STAMP_FMT) for d in range(400)]
        self.arch_tbl = _table([a.weight for a in ARCHETYPES])
        self.dist_tbl = [ref.districts[i] for i in _table(ref.district_weights or [1] * len(ref.districts))]
        markets = list(MARKETS)
        self.market_tbl = [markets[i] for i in _table(list(MARKETS.values()))]
        self.surname_tbl = [SURNAMES[i][0] for i in _table([w for _, w in SURNAMES])]
        self.arch_skills = [[ref.skills[s] for s in a.skills if s in ref.skills] for a in ARCHETYPES]
        self.arch_occ = [ref.occupations.get(a.isco) for a in ARCHETYPES]
        self.summaries = [[a.summary.format(y=y) for y in range(0, 13)] for a in ARCHETYPES]
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
        self.lang_skill = {
            c: ref.skills.get(n)
            for c, n in (
                ("ko", "Tiếng Hàn giao tiếp"),
                ("ja", "Tiếng Nhật giao tiếp"),
                ("zh", "Tiếng Trung giao tiếp"),
            )
        }
        self.json_lists: dict[tuple[str, ...], str] = {}

    def _training(self, a: Archetype, edu: str, jid: int, years: int) -> str:
        """Vocational training as people write it: the school level, then trade certificates
        (held only by people with at least a year in the trade)."""
        parts = [EDU_TRAINING.get(edu, "")] if edu in EDU_TRAINING else []
        if years >= 1:
            parts += [name for k, (name, share) in enumerate(a.certificates) if _holds(jid, k, share)]
        return "; ".join(parts)

    def _json(self, items: list[str]) -> str:
        key = tuple(items)
        cached = self.json_lists.get(key)
        if cached is None:
            cached = self.json_lists[key] = json.dumps(items)
        return cached

    def batch(
        self, rng: random.Random, first_id: int, count: int, external_prefix: str | None = None
    ) -> Batch:
        js: list[tuple[Any, ...]] = []
        skills: list[tuple[int, int]] = []
        langs: list[tuple[int, str, str, str, str]] = []
        rand = rng.random
        year = self.today.year
        arch_tbl, dist_tbl, market_tbl, surname_tbl = (
            self.arch_tbl,
            self.dist_tbl,
            self.market_tbl,
            self.surname_tbl,
        )
        n_mm, n_gm, n_mf, n_gf = len(MIDDLE_MALE), len(GIVEN_MALE), len(MIDDLE_FEMALE), len(GIVEN_FEMALE)
        n_comm, n_extra, updated, stamp = len(COMMUNES), len(self.extra_skills), self.updated, self.stamp
        ko_skill, zh_skill = self.lang_skill["ko"], self.lang_skill["zh"]
        for jid in range(first_id, first_id + count):
            a_idx = arch_tbl[int(rand() * 1000)]
            a = ARCHETYPES[a_idx]
            male = rand() < a.male_share
            surname = surname_tbl[int(rand() * 1000)]
            if male:
                name = f"{surname} {MIDDLE_MALE[int(rand() * n_mm)]} {GIVEN_MALE[int(rand() * n_gm)]}"
            else:
                name = f"{surname} {MIDDLE_FEMALE[int(rand() * n_mf)]} {GIVEN_FEMALE[int(rand() * n_gf)]}"
            age = 18 + int(rand() ** 1.6 * 40)
            birth = f"{year - age:04d}-{1 + int(rand() * 12):02d}-{1 + int(rand() * 28):02d}"
            years = min(age - 18, int(rand() * 12))
            edu = a.education[int(rand() * len(a.education))]
            willing = age <= 40 and rand() < a.overseas
            countries: list[str] = []
            if willing:
                countries.append(market_tbl[int(rand() * 1000)])
                if rand() < 0.4:
                    other = market_tbl[int(rand() * 1000)]
                    if other != countries[0]:
                        countries.append(other)
            groups = [g for g, p in PRIORITY if rand() < p]
            if "student" in groups and age > 24:
                groups.remove("student")
            own = self.arch_skills[a_idx]
            picked = {s for s in own if rand() < 0.7} or ({own[0]} if own else set())
            if n_extra and rand() < 0.25:
                picked.add(self.extra_skills[int(rand() * n_extra)])
            for c in countries:
                if c == "KR":
                    langs.append((jid, "ko", "EPS-TOPIK", str(80 + 5 * int(rand() * 25)), ""))
                    if ko_skill:
                        picked.add(ko_skill)
                elif c == "JP" and rand() < 0.7:
                    langs.append((jid, "ja", "JLPT", JLPT[int(rand() * len(JLPT))], ""))
                elif c == "TW" and zh_skill and rand() < 0.2:
                    picked.add(zh_skill)
                elif c == "DE" and rand() < 0.6:
                    langs.append((jid, "de", "Goethe", GOETHE[int(rand() * len(GOETHE))], ""))
            if (edu == "college" or edu == "university") and rand() < 0.4:
                langs.append(
                    (jid, "en", "IELTS" if rand() < 0.3 else "", "5.5" if rand() < 0.3 else "B1", "")
                )
            for sk in sorted(picked):
                skills.append((jid, sk))
            js.append(
                (
                    jid,
                    None,
                    f"{external_prefix}{jid}" if external_prefix else None,
                    name,
                    "male" if male else "female",
                    birth,
                    "0" + str(900_000_000 + int(rand() * 99_999_999)),
                    "",
                    "",
                    COMMUNES[int(rand() * n_comm)],
                    dist_tbl[int(rand() * 1000)],
                    edu,
                    self._training(a, edu, jid, years),
                    self.arch_occ[a_idx],
                    a.title,
                    self.summaries[a_idx][max(years, 1)],
                    float(years),
                    int(a.salary * (0.8 + 0.4 * rand()) / 100_000) * 100_000,
                    int(willing),
                    self._json(countries),
                    self._json(groups),
                    int(rand() < 0.85),
                    "active",
                    updated[int(rand() * 400)],
                    1,
                    stamp,
                    stamp,
                )
            )
        return Batch(js, skills, langs)
