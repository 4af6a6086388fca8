"""What the office sees of a directive: the summary page and the overdue list (text + button JSON).

Shared by the /tonghop and /quahan handlers and the weekly digest job; no Telegram imports.
"""

from __future__ import annotations

from sqlmodel import Session

from bot import texts
from bot.callback_data import SummaryPage
from bot.dates import fmt_date, fmt_datetime
from bot.reminders import overdue_days
from bot.review import CLASS_ORDER, StatusClass, classify_on
from db.directives import get_directive, list_directives, list_tasks
from db.models import Directive, FocalState
from db.review import focal_points_by_unit, unit_cells, unit_tallies, unreachable_unit_codes

PAGE_SIZE = 30


def current_directive(session: Session, args: list[str]) -> Directive | None:
    """The directive named in args, else the newest open one."""
    if args:
        return get_directive(session, number=args[0])
    found = list_directives(session, open_only=True)
    return found[0] if found else None


def class_totals(tallies) -> dict[StatusClass, int]:
    """Cells per status class over the units' SQL tallies (the summary's header and the dashboard's)."""
    return {
        StatusClass.done_on_time: sum(t.on_time for t in tallies),
        StatusClass.done_late: sum(t.late for t in tallies),
        StatusClass.in_progress: sum(t.in_progress for t in tallies),
        StatusClass.blocked: sum(t.blocked_in_time for t in tallies),
        StatusClass.overdue: sum(t.overdue for t in tallies),
        StatusClass.unreported: sum(t.unreported for t in tallies),
    }


def summary_page(session: Session, svc, directive: Directive, page: int, *, header_only: bool = False
                 ) -> tuple[str, dict | None]:
    """Header with counts per class, then one line of icons per unit, worst first, 30 units a page.

    Counts and order come from one GROUP BY; only the page's units are loaded cell by cell.
    """
    now, tz = svc.now(), svc.settings.timezone
    today = now.astimezone(tz).date()
    tallies = unit_tallies(session, directive_id=directive.id, today=today, tz=tz, now=now)
    task_count = len(list_tasks(session, directive_id=directive.id))
    counts = class_totals(tallies)
    total = sum(counts.values()) or 1
    done = counts[StatusClass.done_on_time] + counts[StatusClass.done_late]
    header = texts.SUMMARY_HEADER.format(
        number=texts.h(directive.number), date=fmt_date(directive.issued_on), units=len(tallies), tasks=task_count,
        percent=round(100 * done / total), counts=" · ".join(f"{k.value}: {counts[k]}" for k in CLASS_ORDER),
    )
    if header_only:
        return header, None
    pages = max(1, -(-len(tallies) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = tallies[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    by_code: dict[str, list] = {}
    for cell in unit_cells(session, directive_id=directive.id, unit_ids=[t.unit_id for t in shown]):
        by_code.setdefault(cell.unit_code, []).append(cell)
    lines = []
    for tally in shown:
        cells = by_code.get(tally.code, [])
        icons = "".join("❗" if classify_on(c, today, tz) == StatusClass.overdue else texts.STATUS_ICON[c.status]
                        for c in cells)
        lines.append(f"<code>{tally.code:<8}</code> {icons} {tally.done}/{tally.total}")
    text = "\n".join([header, "", *lines, "", texts.SUMMARY_LEGEND])
    markup = None
    if pages > 1:
        text += "\n" + texts.SUMMARY_PAGE.format(page=page + 1, pages=pages)
        buttons = []
        if page > 0:
            buttons.append({"text": "◀", "callback_data": SummaryPage(directive.id, page - 1).pack()})
        if page < pages - 1:
            buttons.append({"text": "▶", "callback_data": SummaryPage(directive.id, page + 1).pack()})
        markup = {"inline_keyboard": [buttons]}
    return text, markup


OVERDUE_MAX_UNITS = 60  # beyond this the list is for the Excel export, not a phone screen
UNREACHABLE_MAX_CODES = 200


def overdue_lines(session: Session, svc, directive: Directive, *, calendar) -> list[str]:
    """Units with overdue tasks, worst first (days late, focal points, last report), then the
    units nobody can be reached in. Counts come from SQL; cells are loaded for the listed units only."""
    now, tz = svc.now(), svc.settings.timezone
    today = now.astimezone(tz).date()
    tallies = unit_tallies(session, directive_id=directive.id, today=today, tz=tz, now=now)
    late = [t for t in tallies if t.overdue]
    shown = late[:OVERDUE_MAX_UNITS]
    cells: dict[str, list] = {}
    for cell in unit_cells(session, directive_id=directive.id, unit_ids=[t.unit_id for t in shown]):
        cells.setdefault(cell.unit_code, []).append(cell)
    people = focal_points_by_unit(session, unit_ids=[t.unit_id for t in shown])
    lines = [texts.OVERDUE_HEADER.format(count=len(late))] if late else [texts.OVERDUE_NONE]
    for tally in shown:
        own = cells.get(tally.code, [])
        tasks = ", ".join(
            f"{c.task_number} ({overdue_days(calendar, c.deadline, now)} ngày)"
            for c in own if classify_on(c, today, tz) == StatusClass.overdue
        )
        active = [p for p in people.get(tally.code, []) if p.state != FocalState.revoked]
        focal = ", ".join(
            texts.h(p.name) + ("" if p.state == FocalState.active else " ⚠️") for p in active
        ) or texts.NO_FOCAL_YET
        last = max((c.last_report_at for c in own if c.last_report_at), default=None)
        lines.append(texts.OVERDUE_LINE.format(code=tally.code, tasks=tasks, focal=focal,
                                               last=fmt_datetime(last, tz) if last else "chưa có"))
    if len(late) > len(shown):
        lines.append(texts.OVERDUE_MORE.format(count=len(late) - len(shown)))
    unreachable = unreachable_unit_codes(session, directive_id=directive.id)
    if unreachable:
        codes = ", ".join(unreachable[:UNREACHABLE_MAX_CODES])
        if len(unreachable) > UNREACHABLE_MAX_CODES:
            codes += f" … (+{len(unreachable) - UNREACHABLE_MAX_CODES})"
        lines.append("")
        lines.append(texts.OVERDUE_UNREACHABLE.format(codes=codes))
    return lines
