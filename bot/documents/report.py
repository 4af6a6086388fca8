"""The Word report "Báo cáo kết quả thực hiện văn bản số …" (/vanban, `cchc-bot report`)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.documents.facts import load_facts
from bot.documents.letterhead import Letterhead, about, as_of, issuer_of
from bot.documents.summary import DirectiveFacts, class_totals, summary_lines
from bot.documents.word import (
    LANDSCAPE_TEXT_PT,
    body,
    full_name,
    header_block,
    landscape_section,
    new_document,
    para,
    repeat_as_header,
    set_widths,
    signature_block,
    subject_rule,
    write_out_abbreviations,
)
from bot.domain.dates import fmt_date
from bot.domain.review import CLASS_ORDER, StatusClass, is_blocker
from db.models import Directive


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".replace(".", ",") if whole else "0"


def _general(doc, facts: DirectiveFacts) -> None:
    counts, blockers = class_totals(facts)
    cells = sum(counts.values())
    para(doc, texts.REPORT_PART_GENERAL, bold=True, space_before=6, space_after=6)
    body(doc, texts.REPORT_GENERAL.format(tasks=len(facts.tasks), units=len(facts.units), cells=cells))
    for klass in CLASS_ORDER:
        body(doc, texts.REPORT_COUNT_LINE.format(label=klass.value, count=counts[klass],
                                                 percent=_percent(counts[klass], cells)))
    overdue_blockers = blockers - counts[StatusClass.blocked]
    body(doc, texts.REPORT_BLOCKERS_LINE.format(count=blockers, in_time=counts[StatusClass.blocked],
                                                overdue=overdue_blockers))
    all_done = sum(1 for u in facts.units if u.row.cells and u.row.done == len(u.row.cells))
    body(doc, texts.REPORT_UNITS_DONE.format(done=all_done, units=len(facts.units)))


def _per_task(doc, facts: DirectiveFacts) -> None:
    para(doc, texts.REPORT_PART_TASKS, bold=True, space_before=6, space_after=6)
    by_task: dict[int, list] = {t.number: [] for t in facts.tasks}
    for unit, cell, klass in facts.cells():
        by_task.setdefault(cell.task_number, []).append((unit, cell, klass))
    for task in facts.tasks:
        entries = by_task[task.number]
        counts = Counter(k for _, _, k in entries)
        deadline = (texts.REPORT_DEADLINE.format(date=fmt_date(task.deadline)) if task.deadline
                    else texts.REPORT_NO_DEADLINE)
        body(doc, " ".join(task.text.split()), lead=texts.REPORT_TASK_HEAD.format(n=task.number, deadline=deadline))
        body(doc, texts.REPORT_TASK_DONE.format(
            done=counts[StatusClass.done_on_time] + counts[StatusClass.done_late], units=len(entries),
            on_time=counts[StatusClass.done_on_time], late=counts[StatusClass.done_late],
            in_progress=counts[StatusClass.in_progress], blocked=counts[StatusClass.blocked],
            overdue=counts[StatusClass.overdue], unreported=counts[StatusClass.unreported]))
        late = [unit.name for unit, _, k in entries if k == StatusClass.overdue]
        body(doc, texts.REPORT_TASK_OVERDUE.format(count=len(late), units=", ".join(late)) if late
             else texts.REPORT_TASK_NO_OVERDUE)
        blocked = [(unit, k) for unit, cell, k in entries if is_blocker(cell)]
        if blocked:
            body(doc, texts.REPORT_TASK_BLOCKERS.format(count=len(blocked)))
            for unit, klass in blocked:
                note = unit.notes.get(task.number)
                line = (texts.REPORT_BLOCKER_QUOTE.format(unit=unit.name, note=" ".join(note.split())) if note
                        else texts.REPORT_BLOCKER_NO_NOTE.format(unit=unit.name))
                if klass == StatusClass.overdue:
                    line = line.rstrip(".") + texts.REPORT_BLOCKER_LATE
                body(doc, line)


def summary_table(doc, facts: DirectiveFacts, *, size: float = 11, width_mm: float = 262) -> None:
    """The grouped summary (the same lines as the workbook's "Tổng hợp"), header row repeated per page."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    tasks = [t.number for t in facts.tasks]
    header = texts.XLSX_HEADER + [texts.XLSX_TASK_COLUMN.format(n=n) for n in tasks] + texts.XLSX_COUNT_COLUMNS
    counts = len(texts.XLSX_COUNT_COLUMNS)
    task_mm = max(9.0, (width_mm - 12 - 70 - 22 * counts) / max(len(tasks), 1))
    widths = [12, 70] + [task_mm] * len(tasks) + [22] * counts
    lines = summary_lines(facts)
    table = doc.add_table(rows=1 + len(lines), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths)
    rows = table.rows

    def fill(row, values, bold):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
            paragraph = cell.paragraphs[0]
            if index != 1 or row is rows[0]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run("" if value is None else str(value))
            run.font.size, run.bold = Pt(size), bold or None

    fill(rows[0], header, True)
    repeat_as_header(rows[0])
    for row, line in zip(rows[1:], lines, strict=True):
        if line.kind == "group":
            merged = row.cells[1].merge(row.cells[-1])
            fill(row, [line.number], True)
            run = merged.paragraphs[0].add_run(line.label)
            run.bold, run.font.size = True, Pt(size)
            continue
        ratio = "" if line.ratio is None else f"{round(100 * line.ratio)}%"
        fill(row, [line.number, line.label, *line.marks, line.done, line.overdue, line.blocked, ratio],
             line.kind != "unit")
    para(doc, texts.XLSX_LEGEND, italic=True, size=11, space_before=6)
    para(doc, texts.XLSX_COUNT_NOTE, italic=True, size=11)


def build_report(facts: DirectiveFacts, head: Letterhead, tz: ZoneInfo):
    doc = new_document()
    today = facts.now.astimezone(tz).date()
    issuer = issuer_of(facts, head)
    header_block(doc, head, number=texts.REPORT_NUMBER.format(abbrev=head.abbrev), on=today)
    para(doc, texts.REPORT_KIND, bold=True, size=14, align="center", space_before=18)
    subject = texts.REPORT_SUBJECT.format(number=facts.number, date=fmt_date(facts.issued_on), issuer=issuer)
    para(doc, subject, bold=True, size=14, align="center")
    subject_rule(doc, subject)
    para(doc, texts.REPORT_TO.format(issuer=full_name(issuer)), size=14, align="center", space_before=6, space_after=12)
    body(doc, texts.REPORT_OPENING.format(number=facts.number, date=fmt_date(facts.issued_on), issuer=issuer,
                                          title=about(facts.title), office=head.office,
                                          as_of=as_of(facts.now, tz, inline=True)))
    _general(doc, facts)
    _per_task(doc, facts)
    para(doc, texts.REPORT_PART_PROPOSAL, bold=True, space_before=6, space_after=6)
    body(doc, texts.REPORT_PROPOSAL.format(office=head.office))
    body(doc, texts.REPORT_CLOSING.format(office=head.office, issuer=issuer))
    signature_block(doc, head, [line.format(office=head.office) for line in texts.REPORT_RECIPIENTS])
    # The appendix as Decree 30's sample 2.1 lays it out: "Phụ lục", its title in capitals, what it is attached
    # to, a short line; its pages numbered on their own (landscape_section restarts the count).
    landscape_section(doc)
    para(doc, texts.REPORT_APPENDIX, bold=True, size=14, align="center")
    title = texts.REPORT_APPENDIX_TITLE.format(number=facts.number)
    para(doc, title, bold=True, size=14, align="center")
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    para(doc, texts.REPORT_APPENDIX_SUBTITLE.format(abbrev=head.abbrev, day=f"{today.day:02d}", month=month,
                                                    year=today.year, office=head.office),
         italic=True, size=14, align="center")
    subject_rule(doc, title, area_pt=LANDSCAPE_TEXT_PT)
    para(doc, as_of(facts.now, tz), italic=True, size=13, align="center", space_before=6, space_after=6)
    summary_table(doc, facts)
    write_out_abbreviations(doc.paragraphs)
    return doc


def write_report(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path,
                 head: Letterhead) -> Path:
    """/vanban and `cchc-bot report`: the report of one directive from the database, written to `out`."""
    doc = build_report(load_facts(session, directive=directive, now=now, tz=tz), head, tz)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out

