"""The office's Excel workbook (openpyxl is imported only when an export is asked for).

"Tổng hợp" is a print-ready A4 landscape form (header block, title, grouped units, subtotals, one short
mark per task); "Nhiệm vụ", "Chi tiết", "Lịch sử" and "Đơn vị" are data sheets with real dates, a frozen
header and autofilter. Every text cell goes through `data_text`: an export is data, never formulas.
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.documents.cells import data_row, data_text
from bot.documents.facts import load_facts
from bot.documents.letterhead import Letterhead, as_of, xlsx_subject, xlsx_title
from bot.documents.metrics import text_width_pt
from bot.documents.sheet_form import centred_span, office_rule, signatures
from bot.documents.summary import DirectiveFacts, group_heading, summary_lines
from bot.domain.enums import Status
from bot.domain.review import StatusClass, is_blocker
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


HISTORY_MAX_ROWS = 50_000  # newest reports in the workbook; the whole history: `cchc-bot export --history`
WIDTH_SAMPLE_ROWS = 2_000  # column widths from the first rows: measuring a million cells costs seconds


def _widths(rows: list[list]) -> list[float]:
    """Column widths in characters, from the longest value, between 6 and 60."""
    widths: list[float] = []
    for row in rows:
        for index, value in enumerate(row):
            # "dd/mm/yyyy hh:mm" prints 16 characters: a narrower column prints "###" (Lịch sử's time column)
            length = 16 if isinstance(value, datetime) else 10 if isinstance(value, date) else (
                len(str(value)) if value is not None else 0)
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


class _Styles:
    """Styled write-only cells, fast: each distinct style is built once on a prototype cell and its style
    array copied to every cell of that style. (Setting font, border and fill cell by cell hashes each style
    object: the 26,000 cells of a 1,000-unit summary took seconds.)

    A style is a key: (size, bold, italic, horizontal, vertical, boxed, fill colour, number format, bottom
    border)."""

    def __init__(self, sheet):
        self.sheet, self.prototypes = sheet, {}

    def cell(self, value, size=12, bold=False, italic=False, horizontal=None, vertical=None, boxed=False,
             fill=None, number_format=None, bottom=False):
        from openpyxl.cell import WriteOnlyCell

        key = (size, bold, italic, horizontal, vertical, boxed, fill, number_format, bottom)
        prototype = self.prototypes.get(key)
        if prototype is None:
            prototype = self.prototypes[key] = self._prototype(*key)
        cell = WriteOnlyCell(self.sheet, value=value)
        cell._style = copy(prototype._style)  # openpyxl's own way to copy a style (copy_worksheet does so)
        return cell

    def _prototype(self, size, bold, italic, horizontal, vertical, boxed, fill, number_format, bottom):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        cell = WriteOnlyCell(self.sheet)
        if (size, bold, italic) != (12, False, False):
            cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
        if horizontal or vertical:
            cell.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
        if boxed:
            thin = Side(style="thin")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        elif bottom:
            cell.border = Border(bottom=Side(style="thin"))
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        if number_format:
            cell.number_format = number_format
        return cell


def _data_sheet(wb, title: str, header: list[str], rows: Iterable[list], *, formats: dict[int, str]) -> None:
    """A write-only data sheet (rows streamed to the file): widths, bold frozen header with autofilter,
    real dates (`formats`: column index -> number format), printable like the summary."""
    from openpyxl.utils import get_column_letter

    sheet = wb.create_sheet(title)
    rows = iter(rows)  # streamed: only the first rows are held, to size the columns
    first = list(islice(rows, WIDTH_SAMPLE_ROWS))
    for index, width in enumerate(_widths([header, *first]), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    _print_setup(sheet, title_rows="1:1")
    styles = _Styles(sheet)
    sheet.append([styles.cell(value, bold=True, vertical="center") for value in header])
    count = 0
    for row in chain(first, rows):
        out = data_row(row)
        for column, number_format in formats.items():
            if column < len(out) and isinstance(out[column], date):  # datetimes too
                out[column] = styles.cell(out[column], number_format=number_format)
        sheet.append(out)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"


CELL_PADDING_PT = 2.5  # the space a spreadsheet leaves on each side of a cell's text


def _summary_sheet(wb, facts: DirectiveFacts, head: Letterhead, tz: ZoneInfo) -> None:
    """The printed form: header block, title, subject, as-of line, grouped table, legend."""
    from openpyxl.utils import get_column_letter

    sheet = wb.create_sheet("Tổng hợp")
    tasks = [t.number for t in facts.tasks]
    width = 2 + len(tasks) + len(texts.XLSX_COUNT_COLUMNS)
    last = get_column_letter(width)
    right_from = 4 if width >= 8 else 3
    widths = [5, 40] + [5.5] * len(tasks) + [11] * len(texts.XLSX_COUNT_COLUMNS)
    for index, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = w
    styles = _Styles(sheet)
    row_no = 0
    title_row = 7  # two header-block lines, the line under the body's name, title, subject, as-of line, headers
    # Before any row: a write-only sheet writes its properties and view first.
    sheet.freeze_panes = f"C{title_row + 1}"
    # One page wide at 100 %, as many pages tall as the units need, the column headers on every page: shrinking
    # to one page printed the 12 pt text of 28 units at 8.6 pt.
    _print_setup(sheet, title_rows=f"{title_row}:{title_row}", fit_height=0)

    def put(values: list, style, *, merges=(), height=None):
        """One row; `style(column)` gives the cell's style keywords (columns from 1)."""
        nonlocal row_no
        row_no += 1
        if height:
            sheet.row_dimensions[row_no].height = height
        for first, end in merges:
            sheet.merged_cells.add(f"{get_column_letter(first)}{row_no}:{get_column_letter(end)}{row_no}")
        sheet.append([styles.cell(data_text(v), **style(i)) for i, v in enumerate(values, start=1)])

    def block(i):
        return {"bold": i >= right_from, "horizontal": "center", "vertical": "center"}

    gap = [None] * (right_from - 3)
    put([head.parent, None, *gap, texts.DOC_NATION], block, merges=[(1, right_from - 1), (right_from, width)])
    # Decree 30, Appendix I: the line under the Tiêu ngữ is as long as the motto: the motto sits in the columns
    # that are about as wide as it, centred in the block, and their bottom border is the line.
    m_first, m_last = centred_span(widths, right_from,
                                   text_width_pt(texts.DOC_MOTTO, 13, bold=True) + 2 * CELL_PADDING_PT)
    put([head.office_upper, *[None] * (m_first - 2), texts.DOC_MOTTO],
        lambda i: {"bold": True, "size": 13 if i >= right_from else 12, "horizontal": "center",
                   "bottom": m_first <= i <= m_last},
        merges=[(1, right_from - 1), (m_first, m_last)])
    # Decree 30, Appendix I: under the issuing body's name a line a third to a half of the name's length. A cell
    # border cannot be that short and centred over the wide name column, so the line is a row of em dashes (a
    # full em wide in Times-metric faces, so they join) centred under the name, as long as 2/5 of it.
    rule, rule_pt = office_rule(head.office_upper)
    put([rule], lambda i: {"size": rule_pt, "horizontal": "center", "vertical": "top"},
        merges=[(1, right_from - 1)], height=12)
    # The title sits at the bottom of a taller row: a gap under the header block.
    put([xlsx_title(facts)], lambda i: {"bold": True, "size": 13, "horizontal": "center", "vertical": "bottom"},
        merges=[(1, width)], height=28)
    put([xlsx_subject(facts, head)], lambda i: {"bold": True, "horizontal": "center", "vertical": "center"},
        merges=[(1, width)], height=32)
    put([as_of(facts.now, tz)], lambda i: {"italic": True, "horizontal": "center"}, merges=[(1, width)])
    header = texts.XLSX_HEADER + [texts.XLSX_TASK_COLUMN.format(n=n) for n in tasks] + texts.XLSX_COUNT_COLUMNS
    put(header, lambda i: {"bold": True, "horizontal": "center", "vertical": "center", "boxed": True},
        height=48)  # row `title_row`
    for line in summary_lines(facts):
        values = [line.number, line.label]
        if line.kind == "group":
            values += [None] * (width - 2)
        else:
            values += line.marks + [line.done, line.overdue, line.blocked, line.ratio]

        def style(i, line=line):
            klass = line.classes[i - 3] if line.kind == "unit" and 3 <= i < 3 + len(tasks) else None
            return {"bold": line.kind != "unit", "horizontal": "left" if i == 2 else "center",
                    "vertical": "center", "boxed": True, "fill": CLASS_FILL[klass] if klass else None,
                    "number_format": "0%" if i == width and line.kind != "group" else None}

        put(values, style, merges=[(2, width)] if line.kind == "group" else ())
    for note in (texts.XLSX_LEGEND, texts.XLSX_COUNT_NOTE):
        put([note], lambda i: {"italic": True, "horizontal": "left", "vertical": "center"},
            merges=[(1, width)], height=32)
    signatures(put, head, facts.now.astimezone(tz).date(), right_from, width)
    sheet.print_area = f"A1:{last}{row_no}"


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
    group = {u.row.code: group_heading(u.group) for u in facts.units}
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
