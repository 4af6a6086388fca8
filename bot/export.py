"""The office's Excel workbook (openpyxl is imported only when an export is asked for)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.dates import fmt_date, fmt_datetime
from bot.review import CLASS_ORDER, StatusClass, UnitRow, unit_rows
from db.directives import list_tasks
from db.models import Directive
from db.review import directive_cells, directive_reports, focal_points_by_unit

CLASS_FILL = {
    StatusClass.done_on_time: "C6EFCE",
    StatusClass.done_late: "FFEB9C",
    StatusClass.in_progress: "DDEBF7",
    StatusClass.overdue: "FFC7CE",
    StatusClass.unreported: "EDEDED",
}


def write_workbook(path: Path, *, directive, rows: list[UnitRow], task_count: int, reports: list[tuple],
                   focal_points: dict, now: datetime, tz: ZoneInfo) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary.append([f"Tổng hợp thực hiện văn bản {directive.number} ngày {fmt_date(directive.issued_on)} "
                    f"(số liệu lúc {fmt_datetime(now, tz)})"])
    summary["A1"].font = Font(bold=True, size=13)
    header = ["Mã", "Đơn vị"] + [f"NV{n}" for n in range(1, task_count + 1)] + ["Hoàn thành", "Quá hạn"]
    summary.append(header)
    for row in rows:
        by_number = {c.task_number: k for c, k in zip(row.cells, row.classes, strict=True)}
        summary.append([row.code, row.name] + [by_number.get(n, "").value if by_number.get(n) else ""
                                               for n in range(1, task_count + 1)] + [row.done, row.overdue])
        r = summary.max_row
        for n in range(1, task_count + 1):
            if n in by_number:
                summary.cell(r, 2 + n).fill = PatternFill("solid", fgColor=CLASS_FILL[by_number[n]])
    totals = ["", "Số đơn vị hoàn thành"] + [
        sum(1 for row in rows for c in row.cells if c.task_number == n and c.status.value == "done")
        for n in range(1, task_count + 1)
    ] + [sum(r.done for r in rows), sum(r.overdue for r in rows)]
    summary.append(totals)
    summary.append([])
    summary.append(["Chú giải"])
    for k in CLASS_ORDER:
        summary.append(["", k.value])
        summary.cell(summary.max_row, 2).fill = PatternFill("solid", fgColor=CLASS_FILL[k])

    detail = wb.create_sheet("Chi tiết")
    detail.append(["Mã", "Đơn vị", "Nhiệm vụ", "Hạn", "Trạng thái", "Phân loại", "Ghi chú gần nhất",
                   "Người báo cáo", "Thời gian báo cáo", "Minh chứng"])
    last: dict[tuple[str, int], tuple] = {}
    for report in reports:
        last[(report[0], report[1])] = report
    for row in rows:
        for cell, k in zip(row.cells, row.classes, strict=True):
            rep = last.get((row.code, cell.task_number))
            detail.append([row.code, row.name, cell.task_number, fmt_date(cell.deadline),
                           texts.STATUS_LABEL[cell.status].split(" ", 1)[1], k.value,
                           rep[3] if rep else "", rep[4] if rep else "",
                           fmt_datetime(rep[5], tz) if rep else "", rep[6] if rep and rep[6] else ""])

    history = wb.create_sheet("Lịch sử")
    history.append(["Thời gian", "Mã", "Nhiệm vụ", "Trạng thái", "Ghi chú", "Người báo cáo", "Minh chứng", "Cách báo"])
    for code, number, status, note, who, at, evidence, source in reports:
        history.append([fmt_datetime(at, tz), code, number, texts.STATUS_LABEL[status].split(" ", 1)[1],
                        note or "", who or "", evidence or "", source.value])

    units = wb.create_sheet("Đơn vị")
    units.append(["Mã", "Đơn vị", "Đầu mối", "Vai trò", "Tình trạng liên lạc"])
    for row in sorted(rows, key=lambda r: r.code):
        people = focal_points.get(row.code, [])
        if not people:
            units.append([row.code, row.name, texts.NO_FOCAL_YET, "", ""])
        for p in people:
            units.append([row.code, row.name, p.name, texts.ROLE_LABEL[p.role],
                          texts.FOCAL_STATE_LABEL[p.state]])

    for sheet in wb.worksheets:
        header_row = 2 if sheet.title == "Tổng hợp" else 1
        for cell in sheet[header_row]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        for index, column in enumerate(sheet.iter_cols(min_row=header_row), start=1):
            width = max((len(str(c.value)) for c in column if c.value is not None), default=4)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 60)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def export_directive(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path) -> Path:
    """/export, `cchc-bot export --out`, the demo and the benchmark: one workbook from the database."""
    return write_workbook(
        out, directive=directive, rows=unit_rows(directive_cells(session, directive_id=directive.id), now, tz),
        task_count=len(list_tasks(session, directive_id=directive.id)),
        reports=directive_reports(session, directive_id=directive.id), focal_points=focal_points_by_unit(session),
        now=now, tz=tz,
    )


def export_csv(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path) -> Path:
    """One row per assignment, UTF-8 with a BOM so Excel opens the Vietnamese text right."""
    import csv

    rows = unit_rows(directive_cells(session, directive_id=directive.id), now, tz)
    with open(out, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ma_don_vi", "don_vi", "nhiem_vu", "han", "trang_thai", "phan_loai", "bao_cao_gan_nhat"])
        for row in rows:
            for cell, klass in zip(row.cells, row.classes, strict=True):
                writer.writerow([row.code, row.name, cell.task_number, fmt_date(cell.deadline), cell.status.value,
                                 klass.value, fmt_datetime(cell.last_report_at, tz) if cell.last_report_at else ""])
    return out
