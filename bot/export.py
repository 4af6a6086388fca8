"""The office's Excel workbook (openpyxl is imported only when an export is asked for)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.dates import fmt_date, fmt_datetime
from bot.review import CLASS_ORDER, StatusClass, UnitRow, unit_rows
from db.directives import list_tasks
from db.models import Directive
from db.review import (
    directive_cells,
    focal_points_by_unit,
    iter_directive_reports,
    latest_reports,
    newest_reports,
)

CLASS_FILL = {
    StatusClass.done_on_time: "C6EFCE",
    StatusClass.done_late: "FFEB9C",
    StatusClass.in_progress: "DDEBF7",
    StatusClass.blocked: "D9D2E9",
    StatusClass.overdue: "FFC7CE",
    StatusClass.unreported: "EDEDED",
}


HISTORY_MAX_ROWS = 50_000  # newest reports in the workbook; the whole history: `cchc-bot export --history`
WIDTH_SAMPLE_ROWS = 2_000  # column widths from the first rows: measuring a million cells costs seconds


def _widths(rows: list[list]) -> list[float]:
    """Column widths in characters, from the longest value, between 6 and 60."""
    widths: list[float] = []
    for row in rows:
        for index, value in enumerate(row):
            length = len(str(value)) if value is not None else 0
            if index >= len(widths):
                widths.append(4)
            widths[index] = max(widths[index], length)
    return [min(max(w + 2, 6), 60) for w in widths]


def _sheet(wb, title: str, header: list[str], rows: Iterable[list], *, caption: str | None = None,
           styled=None) -> None:
    """A write-only sheet (rows streamed to the file instead of held as cell objects): widths, frozen
    and printed header, landscape; `styled(sheet, row_index, values)` may return cells with a fill."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = wb.create_sheet(title)
    header_row = 2 if caption else 1
    rows = iter(rows)  # streamed: only the first rows are held, to size the columns
    first = list(islice(rows, WIDTH_SAMPLE_ROWS))
    for index, width in enumerate(_widths([header, *first]), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    if caption:
        cell = WriteOnlyCell(sheet, value=caption)
        cell.font = Font(bold=True, size=13)
        sheet.append([cell])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center")
    cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font, cell.alignment = bold, wrap
        cells.append(cell)
    sheet.append(cells)
    for index, row in enumerate(chain(first, rows)):
        sheet.append(styled(sheet, index, row) if styled else row)


def write_workbook(path: Path, *, directive, rows: list[UnitRow], task_count: int, latest: dict,
                   history: list[tuple], history_total: int, focal_points: dict, now: datetime,
                   tz: ZoneInfo) -> Path:
    """`latest`: (unit code, task number) -> newest report; `history`: newest reports, oldest first."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    fills = {k: PatternFill("solid", fgColor=color) for k, color in CLASS_FILL.items()}
    wb = Workbook(write_only=True)

    table, marks = [], []  # marks: per row, column index -> class whose colour fills that cell
    for row in rows:
        by_number = {c.task_number: k for c, k in zip(row.cells, row.classes, strict=True)}
        table.append([row.code, row.name] + [by_number[n].value if n in by_number else ""
                                             for n in range(1, task_count + 1)] + [row.done, row.overdue])
        marks.append({1 + n: k for n, k in by_number.items()})  # NVn is column 1 + n
    table.append(["", "Số đơn vị hoàn thành"] + [
        sum(1 for row in rows for c in row.cells if c.task_number == n and c.status.value == "done")
        for n in range(1, task_count + 1)
    ] + [sum(r.done for r in rows), sum(r.overdue for r in rows)])
    table += [[], ["Chú giải"]] + [["", k.value] for k in CLASS_ORDER]
    marks += [{}, {}, {}] + [{1: k} for k in CLASS_ORDER]

    def coloured(sheet, index, values):
        if not marks[index]:
            return values
        out = list(values)
        for column, klass in marks[index].items():
            out[column] = WriteOnlyCell(sheet, value=values[column])
            out[column].fill = fills[klass]
        return out

    header = ["Mã", "Đơn vị"] + [f"NV{n}" for n in range(1, task_count + 1)] + ["Hoàn thành", "Quá hạn"]
    caption = (f"Tổng hợp thực hiện văn bản {directive.number} ngày {fmt_date(directive.issued_on)} "
               f"(số liệu lúc {fmt_datetime(now, tz)})")
    _sheet(wb, "Tổng hợp", header, table, caption=caption, styled=coloured)

    def detail():
        for row in rows:
            for cell, k in zip(row.cells, row.classes, strict=True):
                rep = latest.get((row.code, cell.task_number))
                yield [row.code, row.name, cell.task_number, fmt_date(cell.deadline),
                       texts.STATUS_LABEL[cell.status].split(" ", 1)[1], k.value,
                       rep[3] if rep else "", rep[4] if rep else "",
                       fmt_datetime(rep[5], tz) if rep else "", rep[6] if rep and rep[6] else ""]

    _sheet(wb, "Chi tiết", ["Mã", "Đơn vị", "Nhiệm vụ", "Hạn", "Trạng thái", "Phân loại", "Ghi chú gần nhất",
                            "Người báo cáo", "Thời gian báo cáo", "Minh chứng"], detail())

    lines = ([fmt_datetime(at, tz), code, number, texts.STATUS_LABEL[status].split(" ", 1)[1], note or "",
              who or "", evidence or "", source.value]
             for code, number, status, note, who, at, evidence, source in history)
    if history_total > len(history):
        cut = texts.EXPORT_HISTORY_CUT.format(shown=f"{len(history):,}".replace(",", "."),
                                              total=f"{history_total:,}".replace(",", "."))
        lines = chain(lines, [[cut]])
    _sheet(wb, "Lịch sử", ["Thời gian", "Mã", "Nhiệm vụ", "Trạng thái", "Ghi chú", "Người báo cáo", "Minh chứng",
                           "Cách báo"], lines)

    people_rows = []
    for row in sorted(rows, key=lambda r: r.code):
        people = focal_points.get(row.code, [])
        if not people:
            people_rows.append([row.code, row.name, texts.NO_FOCAL_YET, "", ""])
        people_rows += [[row.code, row.name, p.name, texts.ROLE_LABEL[p.role], texts.FOCAL_STATE_LABEL[p.state]]
                        for p in people]
    _sheet(wb, "Đơn vị", ["Mã", "Đơn vị", "Đầu mối", "Vai trò", "Tình trạng liên lạc"], people_rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def export_directive(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path) -> Path:
    """/export, `cchc-bot export --out`, the demo and the benchmark: one workbook from the database."""
    history, total = newest_reports(session, directive_id=directive.id, limit=HISTORY_MAX_ROWS)
    return write_workbook(
        out, directive=directive, rows=unit_rows(directive_cells(session, directive_id=directive.id), now, tz),
        task_count=len(list_tasks(session, directive_id=directive.id)),
        latest={(r[0], r[1]): r for r in latest_reports(session, directive_id=directive.id)},
        history=history, history_total=total, focal_points=focal_points_by_unit(session), now=now, tz=tz,
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


def export_history_csv(session: Session, *, directive: Directive, tz: ZoneInfo, out: Path) -> tuple[Path, int]:
    """Every report of a directive, oldest first, streamed to CSV (UTF-8 with a BOM for Excel)."""
    import csv

    count = 0
    with open(out, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["thoi_gian", "ma_don_vi", "nhiem_vu", "trang_thai", "ghi_chu", "nguoi_bao_cao",
                         "minh_chung", "cach_bao"])
        for code, number, status, note, who, at, evidence, source in iter_directive_reports(
                session, directive_id=directive.id):
            writer.writerow([fmt_datetime(at, tz), code, number, status.value, note or "", who or "",
                             evidence or "", source.value])
            count += 1
    return out, count
