"""Excel export in the layout of the annual report's appendix.

Title, unit and period on top; one row per indicator; columns plan, actual,
% of plan, same period last year, % change. Number formats carry the
Vietnamese locale tag ([$-42A]) so Excel shows 23.125 and 102,7 whatever the
reader's own settings. Percentages are stored as the rounded figures of the
JSON report (102.7, not 1.027), so the cells equal the JSON.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .indicators import pct

INT_FORMAT = "[$-42A]#,##0"
PCT1_FORMAT = "[$-42A]#,##0.0"
PCT2_FORMAT = "[$-42A]#,##0.00"

HEADERS = (
    "STT",
    "Chỉ tiêu",
    "Kế hoạch",
    "Thực hiện",
    "% so với kế hoạch",
    "Cùng kỳ năm trước",
    "% so với cùng kỳ",
)
COUNTRY_NAMES_VI = {
    "TW": "Đài Loan (Trung Quốc)",
    "JP": "Nhật Bản",
    "KR": "Hàn Quốc",
    "HU": "Hungary",
    "PL": "Ba Lan",
    "RO": "Romania",
    "DE": "Đức",
    "others": "Thị trường khác",
}


def _vi_date(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%d/%m/%Y")


def report_rows(report: dict[str, Any], country_names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The appendix rows: (no, label, plan, actual, % plan, last year, % last year)."""
    names = {**COUNTRY_NAMES_VI, **(country_names or {})}
    jobs, last = report["jobs_created"], report["same_period_last_year"]
    plan = report["plan"] or {}
    pplan = report["percent_of_plan"] or {}
    plast = report["percent_of_last_year"]
    rows = [
        {
            "no": "1",
            "label": "Tổng số lao động được giải quyết việc làm",
            "plan": plan.get("total"),
            "actual": jobs["total"],
            "percent_of_plan": pplan.get("total"),
            "last_year": last["total"],
            "percent_of_last_year": plast["total"],
        },
        {
            "no": "1.1",
            "label": "Giải quyết việc làm trong nước",
            "plan": plan.get("domestic"),
            "actual": jobs["domestic"],
            "percent_of_plan": pplan.get("domestic"),
            "last_year": last["domestic"],
            "percent_of_last_year": plast["domestic"],
        },
        {
            "no": "1.2",
            "label": "Đưa lao động đi làm việc ở nước ngoài theo hợp đồng",
            "plan": plan.get("overseas"),
            "actual": jobs["overseas"],
            "percent_of_plan": pplan.get("overseas"),
            "last_year": last["overseas"],
            "percent_of_last_year": plast["overseas"],
        },
    ]
    for i, (code, n) in enumerate(report["markets"].items(), start=1):
        before = report["markets_last_year"].get(code, 0)
        rows.append(
            {
                "no": f"1.2.{i}",
                "label": names.get(code, code),
                "plan": None,
                "actual": n,
                "percent_of_plan": None,
                "last_year": before,
                "percent_of_last_year": pct(n, before, 2),
            }
        )
    for i, d in enumerate(report["by_district"].values(), start=1):
        rows.append(
            {
                "no": f"2.{i}",
                "label": d["name"],
                "plan": d.get("plan"),
                "actual": d["total"],
                "percent_of_plan": pct(d["total"], d.get("plan"), 1),
                "last_year": None,
                "percent_of_last_year": None,
            }
        )
    term = report.get("term")
    if term:
        rows.append(
            {
                "no": "3",
                "label": f"Lũy kế nhiệm kỳ {term['term']} (chỉ tiêu nhiệm kỳ)",
                "plan": term["target"],
                "actual": term["cumulative"],
                "percent_of_plan": term["percent"],
                "last_year": None,
                "percent_of_last_year": None,
            }
        )
    return rows


def report_xlsx(report: dict[str, Any], title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Giai quyet viec lam"
    period = report["period"]
    ws["A1"] = title or "KẾT QUẢ GIẢI QUYẾT VIỆC LÀM"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Đơn vị tính: người"
    ws["A3"] = f"Kỳ báo cáo: từ {_vi_date(period['from'])} đến {_vi_date(period['to'])}"
    ws["A4"] = "Cách tính: mỗi người được tính một lần trong năm, theo lần giải quyết việc làm đầu tiên."
    header_row = 6
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, text in enumerate(HEADERS, start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    keys = ("no", "label", "plan", "actual", "percent_of_plan", "last_year", "percent_of_last_year")
    formats = {
        "plan": INT_FORMAT,
        "actual": INT_FORMAT,
        "last_year": INT_FORMAT,
        "percent_of_plan": PCT1_FORMAT,
        "percent_of_last_year": PCT2_FORMAT,
    }
    for r, row in enumerate(report_rows(report), start=header_row + 1):
        for c, key in enumerate(keys, start=1):
            cell = ws.cell(row=r, column=c, value=row[key])
            cell.border = border
            if key in formats:
                cell.number_format = formats[key]
            if row["no"].count(".") == 0 and key == "label":
                cell.font = Font(bold=True)
    for col, width in enumerate((8, 52, 14, 14, 16, 16, 16), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    monthly = wb.create_sheet("Theo thang")
    monthly.append(["Tháng", "Tổng số", "Trong nước", "Nước ngoài"])
    for m in report["monthly"]:
        monthly.append([m["month"], m["total"], m["domestic"], m["overseas"]])
    for row_cells in monthly.iter_rows(min_row=2, min_col=2):
        for cell in row_cells:
            cell.number_format = INT_FORMAT
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_xlsx(title: str, headers: list[str], rows: list[list[Any]]) -> bytes:
    """A one-table workbook (the dashboard's "export to Excel" for each chart)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for row_cells in ws.iter_rows(min_row=4):
        for cell in row_cells:
            if isinstance(cell.value, int):
                cell.number_format = INT_FORMAT
            elif isinstance(cell.value, float):
                cell.number_format = PCT1_FORMAT
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
