"""Vietnamese names and small word lists for generated people.

Frequencies are rough: Nguyễn, Trần, Lê, Phạm dominate as they do in Hà Tĩnh.
"""

from __future__ import annotations

import random

from ..models.enums import Sex

SURNAMES: list[tuple[str, int]] = [
    ("Nguyễn", 30),
    ("Trần", 12),
    ("Lê", 10),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Phan", 5),
    ("Võ", 5),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Hồ", 3),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 1),
    ("Đinh", 2),
    ("Thái", 2),
    ("Đào", 1),
    ("Trương", 1),
    ("Hà", 1),
    ("Chu", 1),
]

MIDDLE_MALE = ["Văn", "Đình", "Hữu", "Xuân", "Quang", "Minh", "Đức", "Công", "Thanh", "Trọng", "Ngọc", "Anh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Mai"]

GIVEN_MALE = [
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
    "Khánh", "Kiên", "Long", "Lộc", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn",
    "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hưng",
]  # fmt: skip
GIVEN_FEMALE = [
    "An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương",
    "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương",
    "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Lý", "Thơm", "Nhàn",
]  # fmt: skip

_SURNAME_NAMES = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]

COMMUNES = [
    "Kỳ Lợi", "Kỳ Phương", "Kỳ Long", "Kỳ Thịnh", "Kỳ Trinh", "Hưng Trí", "Sông Trí", "Kỳ Ninh",
    "Cẩm Bình", "Cẩm Thành", "Cẩm Duệ", "Thạch Kênh", "Thạch Long", "Thạch Đài", "Tùng Ảnh",
    "Đức Đồng", "Xuân Viên", "Xuân Hội", "Cương Gián", "Thạch Bằng", "Hộ Độ", "Sơn Tây", "Sơn Kim 1",
    "Hương Trạch", "Phúc Trạch", "Hương Minh", "Vũ Quang", "Đức Lĩnh", "Trung Lương", "Đậu Liêu",
    "Thiên Lộc", "Vượng Lộc", "Tùng Lộc", "Thạch Trung", "Nam Hà", "Bắc Hà", "Trần Phú",
]  # fmt: skip


def person_name(rng: random.Random, sex: Sex) -> str:
    surname = rng.choices(_SURNAME_NAMES, _SURNAME_WEIGHTS)[0]
    if sex == Sex.MALE:
        return f"{surname} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{surname} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def phone(rng: random.Random) -> str:
    prefix = rng.choice(["09", "03", "08", "07"])
    return prefix + "".join(str(rng.randrange(10)) for _ in range(8))
