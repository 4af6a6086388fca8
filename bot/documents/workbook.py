"""The office's Excel workbook (openpyxl is imported only when an export is asked for).

"Tổng hợp" is a print-ready A4 landscape form (header block, title, grouped units, subtotals, one short
mark per task); "Nhiệm vụ", "Chi tiết", "Lịch sử" and "Đơn vị" are data sheets with real dates, a frozen
header and autofilter. Every text cell goes through `data_text`: an export is data, never formulas.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.documents.cells import data_row, data_text
from bot.documents.facts import load_facts
from bot.documents.letterhead import Letterhead, as_of, xlsx_subject, xlsx_title
from bot.documents.summary import DirectiveFacts, summary_lines
from bot.review import StatusClass, is_blocker
from db.models import Status
from db.review import focal_points_by_unit, latest_reports, newest_reports

CLASS_FILL = {
    StatusClass.done_on_time: "C6EFCE",
    StatusClass.done_late: "FFEB9C",
    StatusClass.in_progress: "DDEBF7",
    StatusClass.blocked: "D9D2E9",
    StatusClass.overdue: "FFC7CE",
    StatusClass.unreported: "EDEDED",
}
FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
ONE_PAGE_UNITS = 40  # up to this many units the summary is scaled to one printed page; beyond, one page wide

HISTORY_MAX_ROWS = 50_000  # newest reports in the workbook; the whole history: `cchc-bot export --history`
WIDTH_SAMPLE_ROWS = 2_000  # column widths from the first rows: measuring a million cells costs seconds


def _widths(rows: list[list]) -> list[float]:
    """Column widths in characters, from the longest value, between 6 and 60."""
    widths: list[float] = []
    for row in rows:
        for index, value in enumerate(row):
            length = 10 if isinstance(value, datetime) else len(str(value)) if value is not None else 0
            if index >= len(widths):
                widths.append(4)
            widths[index] = max(widths[index], length)
    return [min(max(w + 2, 6), 60) for w in widths]


def _use_font(wb, size: int = 12) -> None:
    """Times New Roman for every cell without a font of its own, as offices print. openpyxl has no public
    setter for the default font: it is font 0 of the workbook and the font of the "Normal" style."""
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    font = Font(name=FONT, size=size)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


def _print_setup(sheet, *, title_rows: str, fit_height: int = 0) -> None:
    """A4 landscape, one page wide, header rows repeated, page numbers in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = fit_height
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.5, 0.6
    sheet.page_margins.header, sheet.page_margins.footer = 0.3, 0.3
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = FONT


def _data_sheet(wb, title: str, header: list[str], rows: Iterable[list], *, formats: dict[int, str]) -> None:
    """A write-only data sheet (rows streamed to the file): widths, bold frozen header with autofilter,
    real dates (`formats`: column index -> number format), printable like the summary."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = wb.create_sheet(title)
    rows = iter(rows)  # streamed: only the first rows are held, to size the columns
    first = list(islice(rows, WIDTH_SAMPLE_ROWS))
    for index, width in enumerate(_widths([header, *first]), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    _print_setup(sheet, title_rows="1:1")
    bold, wrap = Font(name=FONT, size=12, bold=True), Alignment(wrap_text=True, vertical="center")
    cells = []
    for value in header:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font, cell.alignment = bold, wrap
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in chain(first, rows):
        out = data_row(row)
        for column, number_format in formats.items():
            if column < len(out) and isinstance(out[column], date):  # datetimes too
                cell = WriteOnlyCell(sheet, value=out[column])
                cell.number_format = number_format
                out[column] = cell
        sheet.append(out)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"


def _summary_sheet(wb, facts: DirectiveFacts, head: Letterhead, tz: ZoneInfo) -> None:
    """The printed form: header block, title, subject, as-of line, grouped table, legend."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = wb.create_sheet("Tổng hợp")
    tasks = [t.number for t in facts.tasks]
    width = 2 + len(tasks) + len(texts.XLSX_COUNT_COLUMNS)
    last = get_column_letter(width)
    right_from = 4 if width >= 8 else 3
    for index, w in enumerate([5, 40] + [5.5] * len(tasks) + [11] * len(texts.XLSX_COUNT_COLUMNS), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = w

    def font(bold=False, italic=False, size=12):
        return Font(name=FONT, size=size, bold=bold, italic=italic)

    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fills = {k: PatternFill("solid", fgColor=color) for k, color in CLASS_FILL.items()}
    row_no = 0
    title_row = 6  # two header-block lines, title, subject, as-of line, then the column headers
    # Before any row: a write-only sheet writes its properties and view first.
    sheet.freeze_panes = f"C{title_row + 1}"
    _print_setup(sheet, title_rows=f"{title_row}:{title_row}",
                 fit_height=1 if len(facts.units) <= ONE_PAGE_UNITS else 0)

    def put(values: list, *, merges=(), height=None, fmt=None):
        nonlocal row_no
        row_no += 1
        if height:
            sheet.row_dimensions[row_no].height = height
        for first, end in merges:
            sheet.merged_cells.add(f"{get_column_letter(first)}{row_no}:{get_column_letter(end)}{row_no}")
        cells = []
        for index, value in enumerate(values, start=1):
            cell = WriteOnlyCell(sheet, value=data_text(value))
            if fmt:
                fmt(cell, index)
            cells.append(cell)
        sheet.append(cells)

    def styled(f, alignment):
        def apply(cell, _index):
            cell.font, cell.alignment = f, alignment
        return apply

    gap = [None] * (right_from - 3)
    put([head.parent, None, *gap, texts.DOC_NATION], merges=[(1, right_from - 1), (right_from, width)],
        fmt=lambda c, i: setattr(c, "font", font(bold=i >= right_from)) or setattr(c, "alignment", center))
    put([head.office_upper, None, *gap, texts.DOC_MOTTO], merges=[(1, right_from - 1), (right_from, width)],
        fmt=lambda c, i: setattr(c, "font", font(bold=True, size=13 if i >= right_from else 12))
        or setattr(c, "alignment", center))
    bottom = Alignment(horizontal="center", vertical="bottom", wrap_text=True)  # a gap under the header block
    put([xlsx_title(facts)], merges=[(1, width)], height=34, fmt=styled(font(bold=True, size=13), bottom))
    put([xlsx_subject(facts, head)], merges=[(1, width)], height=32, fmt=styled(font(bold=True), center))
    put([as_of(facts.now, tz)], merges=[(1, width)], fmt=styled(font(italic=True), center))
    header = texts.XLSX_HEADER + [texts.XLSX_TASK_COLUMN.format(n=n) for n in tasks] + texts.XLSX_COUNT_COLUMNS

    def header_fmt(cell, _index):
        cell.font, cell.alignment, cell.border = font(bold=True), center, box

    put(header, height=48, fmt=header_fmt)  # row `title_row`
    for line in summary_lines(facts):
        values = [line.number, line.label]
        if line.kind == "group":
            values += [None] * (width - 2)
        else:
            values += line.marks + [line.done, line.overdue, line.blocked, line.ratio]
        bold = line.kind != "unit"

        def fmt(cell, index, line=line, bold=bold):
            cell.font, cell.border = font(bold=bold), box
            cell.alignment = left if index == 2 else center
            if index == width and line.kind != "group":
                cell.number_format = "0%"
            klass = line.classes[index - 3] if line.kind == "unit" and 3 <= index < 3 + len(tasks) else None
            if klass is not None:
                cell.fill = fills[klass]

        put(values, fmt=fmt, merges=[(2, width)] if line.kind == "group" else ())
    row_no_legend = row_no + 1
    put([texts.XLSX_LEGEND], merges=[(1, width)], height=32, fmt=styled(font(italic=True, size=11), left))
    put([texts.XLSX_COUNT_NOTE], merges=[(1, width)], height=32, fmt=styled(font(italic=True, size=11), left))
    sheet.print_area = f"A1:{last}{row_no_legend + 1}"


def _tasks_rows(facts: DirectiveFacts):
    per_task = {t.number: {"done": 0, "overdue": 0, "blocked": 0, "units": 0} for t in facts.tasks}
    for _, cell, klass in facts.cells():
        counts = per_task.setdefault(cell.task_number, {"done": 0, "overdue": 0, "blocked": 0, "units": 0})
        counts["units"] += 1
        counts["done"] += cell.status == Status.done
        counts["overdue"] += klass == StatusClass.overdue
        counts["blocked"] += is_blocker(cell)
    for task in facts.tasks:
        c = per_task[task.number]
        yield [task.number, task.text, task.deadline, task.other_deadlines, c["done"], c["overdue"], c["blocked"],
               c["units"]]


def write_workbook(path: Path, *, facts: DirectiveFacts, head: Letterhead, latest: dict, history: list[tuple],
                   history_total: int, focal_points: dict, tz: ZoneInfo) -> Path:
    """`latest`: (unit code, task number) -> newest report; `history`: newest reports, oldest first."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _use_font(wb)
    _summary_sheet(wb, facts, head, tz)
    _data_sheet(wb, "Nhiệm vụ", texts.XLSX_TASKS_HEADER, _tasks_rows(facts), formats={2: DATE_FORMAT})
    group = {u.row.code: texts.DOC_GROUP.get(u.kind, texts.DOC_GROUP["other"]) for u in facts.units}
    names = {u.row.code: u.name for u in facts.units}

    def local(at: datetime | None):
        return at.astimezone(tz).replace(tzinfo=None) if at else None  # Excel has no time zones

    def detail():
        for unit, cell, klass in facts.cells():
            rep = latest.get((unit.row.code, cell.task_number))
            yield [unit.name, group[unit.row.code], cell.task_number, cell.deadline,
                   texts.STATUS_LABEL[cell.status].split(" ", 1)[1], klass.value,
                   texts.XLSX_BLOCKER if is_blocker(cell) else "", rep[3] if rep else "",
                   rep[4] if rep else "", local(rep[5]) if rep else None, rep[6] if rep and rep[6] else ""]

    _data_sheet(wb, "Chi tiết", texts.XLSX_DETAIL_HEADER, detail(), formats={3: DATE_FORMAT, 9: DATETIME_FORMAT})

    lines = ([local(at), names.get(code, code), number, texts.STATUS_LABEL[status].split(" ", 1)[1],
              texts.XLSX_BLOCKER if status == Status.blocked else "", note or "", who or "", evidence or "",
              texts.REPORT_SOURCE_LABEL.get(source.value, source.value)]
             for code, number, status, note, who, at, evidence, source in history)
    if history_total > len(history):
        cut = texts.EXPORT_HISTORY_CUT.format(shown=f"{len(history):,}".replace(",", "."),
                                              total=f"{history_total:,}".replace(",", "."))
        lines = chain(lines, [[cut]])
    _data_sheet(wb, "Lịch sử", texts.XLSX_HISTORY_HEADER, lines, formats={0: DATETIME_FORMAT})

    people_rows = []
    for unit in facts.units:
        people = focal_points.get(unit.row.code, [])
        counts = [unit.row.overdue, unit.row.blocked]
        if not people:
            people_rows.append([unit.name, group[unit.row.code], unit.row.code, *counts, texts.NO_FOCAL_YET, "", ""])
        people_rows += [[unit.name, group[unit.row.code], unit.row.code, *counts, p.name, texts.ROLE_LABEL[p.role],
                         texts.FOCAL_STATE_LABEL[p.state]] for p in people]
    _data_sheet(wb, "Đơn vị", texts.XLSX_UNITS_HEADER, people_rows, formats={})
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_summary(path: Path, *, facts: DirectiveFacts, head: Letterhead, tz: ZoneInfo) -> Path:
    """A workbook of the "Tổng hợp" sheet alone, laid out exactly as in the full export (the print check)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _use_font(wb)
    _summary_sheet(wb, facts, head, tz)
    wb.save(path)
    return path


def export_directive(session: Session, *, directive, now: datetime, tz: ZoneInfo, out: Path,
                     head: Letterhead | None = None) -> Path:
    """/export, `cchc-bot export --out`, the demo and the benchmark: one workbook from the database."""
    facts = load_facts(session, directive=directive, now=now, tz=tz, with_notes=False)
    history, total = newest_reports(session, directive_id=directive.id, limit=HISTORY_MAX_ROWS)
    return write_workbook(
        out, facts=facts, head=head or Letterhead(),
        latest={(r[0], r[1]): r for r in latest_reports(session, directive_id=directive.id)},
        history=history, history_total=total, focal_points=focal_points_by_unit(session), tz=tz,
    )
