"""Who employs whom in the demo Hà Tĩnh: employers, agencies and vacancy templates.

Names of the big Vũng Áng employers are the real ones, so the demo reads like the
province; everything else (tax codes, licences, contacts, vacancies) is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EmployerSpec:
    key: str
    name: str
    kind: str  # enterprise | agency
    district: str  # district code
    industry: str
    economic_zone: str = ""
    description: str = ""
    markets: tuple[str, ...] = ()  # agencies: countries they send workers to
    verification: str = "verified"
    licence_expired: bool = False


VUNG_ANG = "Khu kinh tế Vũng Áng"

EMPLOYERS: list[EmployerSpec] = [
    EmployerSpec(
        "formosa", "Công ty TNHH Gang thép Hưng Nghiệp Formosa Hà Tĩnh", "enterprise", "449",
        "Luyện kim, sản xuất thép", VUNG_ANG,
        "Khu liên hợp gang thép và cảng nước sâu Sơn Dương, một trong những nhà máy thép lớn nhất Đông Nam Á.",
    ),
    EmployerSpec(
        "vungang1", "Công ty Điện lực Dầu khí Hà Tĩnh (Nhà máy Nhiệt điện Vũng Áng 1)", "enterprise", "449",
        "Sản xuất điện", VUNG_ANG, "Nhà máy nhiệt điện than công suất 1.200 MW thuộc PV Power.",
    ),
    EmployerSpec(
        "vungang2", "Công ty TNHH Điện lực Vũng Áng II", "enterprise", "449",
        "Sản xuất điện", VUNG_ANG, "Dự án nhiệt điện Vũng Áng II, công suất 1.330 MW.",
    ),
    EmployerSpec(
        "vines", "Công ty TNHH Sản xuất Pin VinES Hà Tĩnh", "enterprise", "449",
        "Sản xuất pin, linh kiện điện tử", VUNG_ANG, "Nhà máy sản xuất cell pin và pack pin cho xe điện.",
    ),
    EmployerSpec(
        "cangsondung", "Công ty CP Cảng Sơn Dương Vũng Áng", "enterprise", "449",
        "Cảng biển, logistics", VUNG_ANG, "Khai thác cảng tổng hợp, bốc xếp hàng hóa.",
    ),
    EmployerSpec(
        "xaylap", "Công ty CP Xây lắp Hồng Lam", "enterprise", "436", "Xây dựng",
        description="Thi công công trình dân dụng, công nghiệp và hạ tầng trong tỉnh.",
    ),
    EmployerSpec(
        "maysonglam", "Công ty TNHH May mặc Sông Lam", "enterprise", "437", "Dệt may",
        description="Sản xuất hàng may mặc xuất khẩu sang Mỹ, Nhật Bản và EU.",
    ),
    EmployerSpec(
        "maycamxuyen", "Công ty CP May Cẩm Xuyên", "enterprise", "446", "Dệt may",
        description="Nhà máy may quần áo thể thao, 1.500 công nhân.",
    ),
    EmployerSpec(
        "benhvien", "Bệnh viện Đa khoa tỉnh Hà Tĩnh", "enterprise", "436", "Y tế",
        description="Bệnh viện hạng I tuyến tỉnh.",
    ),
    EmployerSpec(
        "vantai", "Công ty CP Vận tải Hà Tĩnh", "enterprise", "436", "Vận tải hàng hóa",
        description="Vận tải hàng hóa đường bộ tuyến Bắc – Nam và sang Lào.",
    ),
    EmployerSpec(
        "thuysan", "Hợp tác xã Thủy sản Xuân Hội", "enterprise", "442", "Thủy sản",
        description="Khai thác và chế biến hải sản tại cảng cá Xuân Hội.",
    ),
    EmployerSpec(
        "thucpham", "Công ty CP Chế biến Thực phẩm Thạch Hà", "enterprise", "445", "Chế biến thực phẩm",
        description="Chế biến nông sản, thịt và thủy sản đông lạnh.",
    ),
    EmployerSpec(
        "sieuthi", "Công ty CP Thương mại Hà Tĩnh", "enterprise", "436", "Bán lẻ",
        description="Chuỗi siêu thị và cửa hàng tiện lợi trong tỉnh.",
    ),
    EmployerSpec(
        "khachsan", "Khách sạn Thiên Cầm Resort", "enterprise", "446", "Du lịch, khách sạn",
        description="Khu nghỉ dưỡng ven biển Thiên Cầm.",
    ),
    EmployerSpec(
        "cokhi", "Công ty TNHH Cơ khí Kỳ Anh", "enterprise", "447", "Cơ khí chế tạo",
        description="Gia công kết cấu thép cho các dự án ở Vũng Áng. Vừa đăng ký, đang chờ xác minh.",
        verification="pending",
    ),
    # Licensed overseas recruitment agencies (doanh nghiệp dịch vụ đưa người lao động đi làm việc ở nước ngoài).
    EmployerSpec(
        "hoanhson", "Công ty CP Cung ứng Nhân lực Quốc tế Hoành Sơn", "agency", "436",
        "Dịch vụ đưa người lao động đi làm việc ở nước ngoài", markets=("TW",),
        description="Chuyên đơn hàng nhà máy và khán hộ công tại Đài Loan.",
    ),
    EmployerSpec(
        "nganhong", "Công ty TNHH Hợp tác Lao động Ngàn Hống", "agency", "437",
        "Dịch vụ đưa người lao động đi làm việc ở nước ngoài", markets=("JP", "TW"),
        description="Thực tập sinh kỹ năng và kỹ năng đặc định Nhật Bản; đơn hàng Đài Loan.",
    ),
    EmployerSpec(
        "songla", "Công ty CP Nhân lực Sông La", "agency", "440",
        "Dịch vụ đưa người lao động đi làm việc ở nước ngoài", markets=("JP",),
        description="Đào tạo tiếng Nhật và đưa thực tập sinh sang Nhật Bản.",
    ),
    EmployerSpec(
        "colab", "Trung tâm Lao động ngoài nước – Văn phòng đại diện Bắc Trung Bộ", "agency", "436",
        "Chương trình EPS Hàn Quốc", markets=("KR",),
        description="Tiếp nhận hồ sơ, tổ chức thi EPS-TOPIK và đưa lao động sang Hàn Quốc theo Chương trình EPS.",
    ),
    EmployerSpec(
        "thiencam", "Công ty CP Nhân lực Quốc tế Thiên Cầm", "agency", "446",
        "Dịch vụ đưa người lao động đi làm việc ở nước ngoài", markets=("HU", "PL", "RO", "DE", "CZ", "SK"),
        description="Thị trường châu Âu: Hungary, Ba Lan, Romania, Đức, Séc, Slovakia.",
    ),
    EmployerSpec(
        "hongnhat", "Công ty TNHH Xuất khẩu Lao động Hồng Nhật", "agency", "443",
        "Dịch vụ đưa người lao động đi làm việc ở nước ngoài", markets=("TW", "JP"),
        description="Giấy phép đã hết hạn: không được phép tuyển lao động đi nước ngoài.",
        licence_expired=True,
    ),
]  # fmt: skip

# Extra domestic employers named on placements only (no row in the employers table).
OTHER_DOMESTIC_EMPLOYERS = [
    "Hộ kinh doanh cá thể",
    "Công ty TNHH Xây dựng Thạch Hà",
    "Công ty CP Gạch Tuynel Can Lộc",
    "Công ty TNHH Điện tử Hồng Lĩnh",
    "Công ty CP Vật liệu xây dựng Hương Sơn",
    "Công ty TNHH Chế biến gỗ Hương Khê",
    "Công ty CP Nước sạch Hà Tĩnh",
    "Công ty TNHH Dịch vụ Bảo vệ Vũng Áng",
    "Công ty CP Logistics Vũng Áng",
    "Hợp tác xã Nông nghiệp Đức Thọ",
    "Công ty TNHH Thương mại Lộc Hà",
    "Doanh nghiệp ngoài tỉnh",
]
# Agencies on placements that are outside the province.
OTHER_AGENCIES = [
    "Công ty CP Hợp tác Quốc tế Nhân lực Việt",
    "Công ty TNHH Cung ứng Lao động Bắc Trung Bộ",
    "Công ty CP Phát triển Nguồn nhân lực Quốc tế",
]


@dataclass(frozen=True)
class VacancySpec:
    title: str
    isco: str
    description: str
    employers: tuple[str, ...]
    salary: tuple[int, int]
    skills: tuple[str, ...] = ()
    kind: str = "domestic"
    country: str | None = None
    programme: str | None = None
    currency: str = "VND"
    quantity: tuple[int, int] = (2, 20)
    min_age: int | None = 18
    max_age: int | None = None
    sex: str | None = None
    min_education: str | None = None
    min_experience: float = 0
    language: dict[str, Any] | None = None
    certificate: str = ""
    employer_abroad: str = ""
    contract_months: int | None = None
    fee_vnd: int | None = None
    deposit_vnd: int | None = None
    benefits: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


VACANCIES: list[VacancySpec] = [
    VacancySpec(
        "Thợ hàn kết cấu thép", "7212",
        "Hàn kết cấu thép, đường ống tại công trường khu liên hợp gang thép. Làm việc theo ca, có phụ cấp độc hại.",
        ("formosa", "cokhi", "xaylap"), (9_000_000, 15_000_000), ("Hàn TIG", "Hàn MIG", "Hàn que", "Đọc bản vẽ kỹ thuật"),
        min_experience=1, certificate="Chứng chỉ thợ hàn 3G",
        benefits="Bảo hiểm đầy đủ, ăn ca, xe đưa đón từ thị xã Kỳ Anh.",
    ),
    VacancySpec(
        "Công nhân vận hành lò cao", "8121",
        "Vận hành thiết bị lò cao, lò thổi; tuân thủ quy trình an toàn lao động.",
        ("formosa",), (10_000_000, 16_000_000), ("An toàn lao động", "Bảo trì máy móc"),
        min_age=20, max_age=40, sex="male", min_education="intermediate",
    ),
    VacancySpec(
        "Kỹ thuật viên điện nhà máy nhiệt điện", "3113",
        "Vận hành, bảo dưỡng hệ thống điện tổ máy; trực ca tại nhà máy nhiệt điện Vũng Áng.",
        ("vungang1", "vungang2"), (12_000_000, 20_000_000), ("Điện công nghiệp", "An toàn lao động"),
        min_education="college", min_experience=2,
    ),
    VacancySpec(
        "Kỹ sư cơ khí bảo trì", "2144",
        "Lập kế hoạch bảo trì thiết bị quay, bơm, quạt; giám sát nhà thầu phụ.",
        ("vungang2", "formosa", "vines"), (18_000_000, 30_000_000), ("Bảo trì máy móc", "Đọc bản vẽ kỹ thuật", "Tiếng Anh giao tiếp"),
        min_education="university", min_experience=3,
    ),
    VacancySpec(
        "Công nhân lắp ráp pin xe điện", "8212",
        "Lắp ráp cell pin, kiểm tra chất lượng trên dây chuyền tự động. Không yêu cầu kinh nghiệm, được đào tạo.",
        ("vines",), (8_000_000, 11_000_000), ("Lắp ráp điện tử", "An toàn lao động"),
        quantity=(20, 150), max_age=35, min_education="lower_secondary",
    ),
    VacancySpec(
        "Công nhân bốc xếp cảng", "9333",
        "Bốc xếp hàng rời, container tại cảng Sơn Dương – Vũng Áng.",
        ("cangsondung",), (8_000_000, 12_000_000), ("Vận hành xe nâng",), sex="male", max_age=45,
    ),
    VacancySpec(
        "Vận hành cần cẩu cảng", "8343",
        "Điều khiển cần cẩu bờ, cẩu bánh lốp; có chứng chỉ vận hành.",
        ("cangsondung", "formosa"), (12_000_000, 18_000_000), ("Vận hành cần cẩu", "An toàn lao động"),
        certificate="Chứng chỉ vận hành cần trục", min_experience=2,
    ),
    VacancySpec(
        "Công nhân may công nghiệp", "8153",
        "May hoàn thiện quần áo xuất khẩu; lương theo sản phẩm, làm giờ hành chính, nghỉ chủ nhật.",
        ("maysonglam", "maycamxuyen"), (6_500_000, 10_000_000), ("May công nghiệp",),
        quantity=(30, 200), max_age=45,
    ),
    VacancySpec(
        "Thợ xây, thợ cốp pha", "7112",
        "Thi công nhà xưởng và công trình dân dụng tại thành phố Hà Tĩnh và Vũng Áng.",
        ("xaylap",), (8_000_000, 13_000_000), ("Xây trát", "Cốp pha"), sex="male",
    ),
    VacancySpec(
        "Điều dưỡng viên", "2221",
        "Chăm sóc người bệnh nội trú, thực hiện y lệnh; làm việc theo ca.",
        ("benhvien",), (7_000_000, 11_000_000), ("Sơ cứu",), min_education="college",
        certificate="Chứng chỉ hành nghề điều dưỡng",
    ),
    VacancySpec(
        "Lái xe tải hạng C", "8332",
        "Lái xe tải vận chuyển hàng tuyến Hà Tĩnh – Hà Nội – Lào.",
        ("vantai", "cangsondung"), (10_000_000, 16_000_000), ("Lái xe hạng C",),
        min_age=22, max_age=50, sex="male", min_experience=2, certificate="Bằng lái xe hạng C",
    ),
    VacancySpec(
        "Lái xe đưa đón công nhân", "8322",
        "Lái xe khách 29 chỗ đưa đón công nhân ca ngày và ca đêm.",
        ("vantai",), (9_000_000, 12_000_000), ("Lái xe hạng B2",), min_age=25, certificate="Bằng lái xe hạng D",
    ),
    VacancySpec(
        "Thuyền viên tàu cá xa bờ", "6222",
        "Đánh bắt hải sản xa bờ trên tàu công suất lớn; chia lương theo chuyến.",
        ("thuysan",), (9_000_000, 20_000_000), ("Đánh bắt xa bờ",), sex="male",
    ),
    VacancySpec(
        "Công nhân chế biến thực phẩm", "8160",
        "Sơ chế, đóng gói thực phẩm đông lạnh; môi trường sạch, có điều hòa.",
        ("thucpham", "thuysan"), (6_500_000, 9_000_000), ("An toàn lao động",), quantity=(10, 60),
    ),
    VacancySpec(
        "Nhân viên bán hàng siêu thị", "5223",
        "Tư vấn, bán hàng và sắp xếp quầy kệ; ca xoay.", ("sieuthi",), (5_500_000, 8_000_000),
        ("Bán hàng", "Chăm sóc khách hàng"),
    ),
    VacancySpec(
        "Nhân viên kế toán", "4311",
        "Kế toán thuế, lập báo cáo tài chính, quản lý công nợ.", ("sieuthi", "xaylap", "vantai"),
        (8_000_000, 12_000_000), ("Kế toán thuế", "Excel"), min_education="college", min_experience=1,
    ),
    VacancySpec(
        "Đầu bếp nhà hàng", "5120",
        "Chế biến món Á – Âu cho nhà hàng khu nghỉ dưỡng.", ("khachsan",), (8_000_000, 14_000_000),
        ("Nấu ăn",), min_experience=2,
    ),
    VacancySpec(
        "Nhân viên bảo vệ", "5414",
        "Bảo vệ nhà máy, tuần tra theo ca. Ưu tiên bộ đội xuất ngũ.", ("formosa", "vines", "khachsan"),
        (6_500_000, 8_500_000), ("An toàn lao động",), sex="male", max_age=50,
    ),
    VacancySpec(
        "Thợ điện công nghiệp", "7411",
        "Lắp đặt, sửa chữa tủ điện, động cơ trong nhà máy.", ("vines", "cokhi", "vungang1"),
        (9_000_000, 14_000_000), ("Điện công nghiệp", "Điện dân dụng"), min_education="intermediate",
    ),
    # ----------------------------------------------------------------- overseas orders (đơn hàng)
    VacancySpec(
        "Đơn hàng Đài Loan: công nhân nhà máy điện tử tại Đào Viên", "8212",
        "Lắp ráp linh kiện điện tử, làm việc 8 giờ/ngày, tăng ca có lương. Bao ăn ở trong ký túc xá nhà máy.",
        ("hoanhson", "nganhong"), (28_590, 34_000), ("Lắp ráp điện tử",), kind="overseas", country="TW",
        programme="TW_FACTORY", currency="TWD", min_age=20, max_age=40, min_education="lower_secondary",
        employer_abroad="Nhà máy điện tử Đào Viên", contract_months=36, fee_vnd=40_000_000,
        deposit_vnd=0, benefits="Vé máy bay một chiều do công ty hỗ trợ; bảo hiểm y tế Đài Loan.",
        quantity=(10, 60),
    ),
    VacancySpec(
        "Đơn hàng Đài Loan: khán hộ công chăm sóc người già", "5322",
        "Chăm sóc người cao tuổi tại gia đình hoặc viện dưỡng lão ở Đài Trung; được đào tạo tiếng Trung 3 tháng.",
        ("hoanhson",), (20_000, 22_000), ("Chăm sóc người cao tuổi", "Tiếng Trung giao tiếp"), kind="overseas",
        country="TW", programme="TW_CARE", currency="TWD", min_age=22, max_age=45, sex="female",
        contract_months=36, fee_vnd=35_000_000, employer_abroad="Viện dưỡng lão Đài Trung", quantity=(5, 30),
    ),
    VacancySpec(
        "Đơn hàng Đài Loan: công nhân cơ khí, đúc kim loại", "8211",
        "Vận hành máy dập, máy tiện; làm ca. Nam khỏe mạnh, không xăm hình.",
        ("nganhong", "hoanhson"), (28_590, 36_000), ("Vận hành máy CNC",), kind="overseas", country="TW",
        programme="TW_FACTORY", currency="TWD", min_age=20, max_age=38, sex="male", contract_months=36,
        fee_vnd=42_000_000, employer_abroad="Công ty cơ khí Đài Nam", quantity=(6, 30),
    ),
    VacancySpec(
        "Thực tập sinh Nhật Bản: chế biến thực phẩm tại Aichi", "8160",
        "Chế biến cơm hộp, thực phẩm chín trong nhà máy; làm việc trong nhà, có điều hòa. Học tiếng Nhật 4–6 tháng trước xuất cảnh.",
        ("nganhong", "songla"), (175_000, 200_000), ("An toàn lao động",), kind="overseas", country="JP",
        programme="JP_TITP", currency="JPY", min_age=18, max_age=32, min_education="lower_secondary",
        language={"code": "ja", "test": "JLPT", "level": "N5"}, contract_months=36, fee_vnd=55_000_000,
        employer_abroad="Nghiệp đoàn Aichi", quantity=(6, 24),
    ),
    VacancySpec(
        "Thực tập sinh Nhật Bản: xây dựng cốp pha", "7114",
        "Lắp dựng cốp pha, đổ bê tông cho công trình tại Osaka.", ("songla",), (190_000, 220_000),
        ("Cốp pha",), kind="overseas", country="JP", programme="JP_TITP", currency="JPY", min_age=18,
        max_age=33, sex="male", language={"code": "ja", "test": "JLPT", "level": "N5"}, contract_months=36,
        fee_vnd=58_000_000, employer_abroad="Nghiệp đoàn xây dựng Kansai", quantity=(3, 12),
    ),
    VacancySpec(
        "Kỹ năng đặc định Nhật Bản: hộ lý chăm sóc người già (kaigo)", "5322",
        "Chăm sóc người cao tuổi tại viện dưỡng lão Saitama. Yêu cầu đã đỗ kỳ thi kỹ năng điều dưỡng và JLPT N4.",
        ("nganhong",), (210_000, 240_000), ("Chăm sóc người cao tuổi", "Tiếng Nhật giao tiếp"), kind="overseas",
        country="JP", programme="JP_SSW", currency="JPY", min_age=18, max_age=40,
        language={"code": "ja", "test": "JLPT", "level": "N4"}, certificate="Kỳ thi kỹ năng điều dưỡng",
        contract_months=60, fee_vnd=50_000_000, employer_abroad="Viện dưỡng lão Saitama", quantity=(2, 10),
    ),
    VacancySpec(
        "EPS Hàn Quốc: ngư nghiệp, nuôi trồng thủy sản", "6221",
        "Lao động ngành ngư nghiệp theo Chương trình EPS: nuôi trồng và đánh bắt ven bờ. Chi phí theo quy định của Nhà nước.",
        ("colab",), (2_096_270, 2_600_000), ("Nuôi trồng thủy sản", "Đánh bắt xa bờ"), kind="overseas",
        country="KR", programme="KR_EPS", currency="KRW", min_age=18, max_age=39,
        language={"code": "ko", "test": "EPS-TOPIK", "level": "80"}, contract_months=58, fee_vnd=15_000_000,
        employer_abroad="Chủ sử dụng Hàn Quốc (ngành ngư nghiệp)", quantity=(20, 100),
    ),
    VacancySpec(
        "EPS Hàn Quốc: sản xuất chế tạo", "9329",
        "Làm việc trong nhà máy sản xuất chế tạo tại Hàn Quốc theo Chương trình EPS.",
        ("colab",), (2_096_270, 2_800_000), ("Tiếng Hàn giao tiếp", "An toàn lao động"), kind="overseas",
        country="KR", programme="KR_EPS", currency="KRW", min_age=18, max_age=39,
        language={"code": "ko", "test": "EPS-TOPIK", "level": "80"}, contract_months=58, fee_vnd=15_000_000,
        employer_abroad="Chủ sử dụng Hàn Quốc (ngành sản xuất chế tạo)", quantity=(30, 150),
    ),
    VacancySpec(
        "Đơn hàng Hungary: công nhân lắp ráp linh kiện ô tô", "8211",
        "Lắp ráp linh kiện ô tô tại Győr, hợp đồng 2 năm, có thể gia hạn.", ("thiencam",),
        (380_000, 460_000), ("An toàn lao động",), kind="overseas", country="HU", programme="EU_GENERAL",
        currency="HUF", min_age=20, max_age=40, min_education="lower_secondary", contract_months=24,
        fee_vnd=65_000_000, employer_abroad="Nhà máy linh kiện ô tô Győr", quantity=(5, 30),
    ),
    VacancySpec(
        "Đơn hàng Ba Lan: thợ hàn", "7212",
        "Hàn MIG/MAG kết cấu thép tại Gdańsk; thi tay nghề trước khi tuyển.", ("thiencam",),
        (5_500, 7_000), ("Hàn MIG", "Hàn TIG"), kind="overseas", country="PL", programme="EU_GENERAL",
        currency="PLN", min_age=20, max_age=45, sex="male", min_experience=2, contract_months=24,
        fee_vnd=68_000_000, employer_abroad="Xưởng đóng tàu Gdańsk", quantity=(4, 20),
    ),
    VacancySpec(
        "Đơn hàng Romania: thợ xây dựng", "7112",
        "Xây trát, ốp lát công trình dân dụng tại Bucharest.", ("thiencam",), (4_000, 4_800),
        ("Xây trát",), kind="overseas", country="RO", programme="EU_GENERAL", currency="RON", min_age=20,
        max_age=45, sex="male", contract_months=24, fee_vnd=60_000_000,
        employer_abroad="Công ty xây dựng Bucharest", quantity=(5, 25),
    ),
    VacancySpec(
        "Điều dưỡng viên làm việc tại Đức", "2221",
        "Chương trình điều dưỡng Đức: học tiếng Đức đến B1, làm việc tại bệnh viện và viện dưỡng lão.",
        ("thiencam",), (2_800, 3_400), ("Sơ cứu", "Chăm sóc người cao tuổi"), kind="overseas", country="DE",
        programme="DE_NURSING", currency="EUR", min_age=18, max_age=35, min_education="upper_secondary",
        language={"code": "de", "test": "Goethe", "level": "B1"}, contract_months=36, fee_vnd=65_000_000,
        employer_abroad="Bệnh viện tại Bavaria", quantity=(2, 10),
    ),
]  # fmt: skip
