"""What the office sees of a directive: the summary page and the overdue list (text + button JSON).

Shared by the /tonghop and /quahan handlers and the weekly digest job; no Telegram imports.
"""

from __future__ import annotations

from sqlmodel import Session

from bot import texts
from bot.domain.callback_data import SummaryPage
from bot.domain.dates import fmt_date, fmt_datetime
from bot.domain.enums import FocalState
from bot.domain.reminders import overdue_days
from bot.domain.review import CLASS_ORDER, StatusClass, classify_on, is_blocker
from bot.domain.unit_groups import grouped
from db.directives import get_directive, list_directives, list_tasks
from db.models import Directive
from db.review import blocker_notes, focal_points_by_unit, unit_cells, unit_tallies, unreachable_unit_names
from db.units import unit_places

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


def cell_icon(cell, klass: StatusClass) -> str:
    """One icon per cell: a blocked task past its deadline is both overdue and blocked (⛔)."""
    if klass == StatusClass.overdue:
        return texts.OVERDUE_BLOCKED_ICON if is_blocker(cell) else texts.CLASS_ICON[StatusClass.overdue]
    return texts.STATUS_ICON[cell.status]


def class_counts_text(tallies) -> tuple[str, int]:
    """The per-class count lines (cells, said as such) and the share of done cells in percent."""
    counts = class_totals(tallies)
    lines = []
    for klass in CLASS_ORDER:
        if klass == StatusClass.overdue:
            lines.append(texts.SUMMARY_COUNT_OVERDUE.format(
                icon=texts.CLASS_ICON[klass], label=klass.value, count=counts[klass],
                units=sum(1 for t in tallies if t.overdue), blocked=sum(t.blocked_overdue for t in tallies)))
        else:
            lines.append(texts.SUMMARY_COUNT.format(icon=texts.CLASS_ICON[klass], label=klass.value,
                                                    count=counts[klass]))
    done = counts[StatusClass.done_on_time] + counts[StatusClass.done_late]
    return "\n".join(lines), round(100 * done / (sum(counts.values()) or 1))


def group_lines(session: Session, tallies) -> str:
    """One line per group of the directive's units ("UBND các xã, phường: 38 đơn vị, 12/266 lượt hoàn thành"),
    the groups of the documents."""
    places = unit_places(session)
    lines = [texts.SUMMARY_GROUPS]
    for group, members in grouped(tallies, lambda t: places.get(t.code, ("other", 0))[0]):
        lines.append(texts.SUMMARY_GROUP_LINE.format(
            group=texts.DOC_GROUP.get(group, texts.DOC_GROUP["other"]), units=len(members),
            done=sum(t.on_time + t.late for t in members), total=sum(t.total for t in members)))
    return "\n".join(lines)


def summary_page(session: Session, svc, directive: Directive, page: int, *, header_only: bool = False
                 ) -> tuple[str, dict | None]:
    """Header with counts per class, then a grid under the key `NV 1 2 3 …`: one line of icons per unit,
    worst first, 30 units a page.

    Counts and order come from one GROUP BY; only the page's units are loaded cell by cell.
    """
    now, tz = svc.now(), svc.settings.timezone
    today = now.astimezone(tz).date()
    tallies = unit_tallies(session, directive_id=directive.id, today=today, tz=tz, now=now)
    numbers = [t.number for t in list_tasks(session, directive_id=directive.id)]
    counts, percent = class_counts_text(tallies)
    header = texts.SUMMARY_HEADER.format(
        number=texts.h(directive.number), date=fmt_date(directive.issued_on), units=len(tallies),
        tasks=len(numbers), cells=sum(t.total for t in tallies), percent=percent, counts=counts,
    )
    groups = group_lines(session, tallies)
    if header_only:
        return header + "\n" + groups, None
    pages = max(1, -(-len(tallies) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = tallies[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    by_code: dict[str, dict[int, str]] = {}
    for cell in unit_cells(session, directive_id=directive.id, unit_ids=[t.unit_id for t in shown]):
        by_code.setdefault(cell.unit_code, {})[cell.task_number] = cell_icon(cell, classify_on(cell, today, tz))
    width = max([len(texts.SUMMARY_KEY), *(len(t.code) for t in shown)])
    # Every icon is two columns wide in Telegram's monospace font: each task number takes two columns too.
    grid = [f"{texts.SUMMARY_KEY:<{width}} " + "".join(f"{n:<2}" for n in numbers).rstrip()]
    for tally in shown:
        icons = by_code.get(tally.code, {})
        grid.append(f"{texts.h(tally.code):<{width}} " + "".join(icons.get(n, "  ") for n in numbers)
                    + f" {tally.done}/{tally.total}")
    text = "\n".join([header, "", "<pre>" + "\n".join(grid) + "</pre>", texts.SUMMARY_LEGEND, groups])
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
UNREACHABLE_MAX_UNITS = 200
NOTE_SHOWN_CHARS = 80


def _quoted(note: str | None) -> str:
    return texts.NOTE_QUOTE.format(note=texts.h(note[:NOTE_SHOWN_CHARS])) if note else ""


def overdue_lines(session: Session, svc, directive: Directive, *, calendar) -> list[str]:
    """Units with overdue tasks, worst first (days late, which are also blocked and why, focal points, last
    report), then units with blockers still in time, then the units nobody can be reached in.
    Counts come from SQL; cells and notes are loaded for the listed units only."""
    now, tz = svc.now(), svc.settings.timezone
    today = now.astimezone(tz).date()
    tallies = unit_tallies(session, directive_id=directive.id, today=today, tz=tz, now=now)
    late = [t for t in tallies if t.overdue]
    blocked = [t for t in tallies if t.blocked_in_time]
    shown, shown_blocked = late[:OVERDUE_MAX_UNITS], blocked[:OVERDUE_MAX_UNITS]
    unit_ids = list({t.unit_id for t in [*shown, *shown_blocked]})
    cells: dict[str, list] = {}
    for cell in unit_cells(session, directive_id=directive.id, unit_ids=unit_ids):
        cells.setdefault(cell.unit_code, []).append(cell)
    notes = blocker_notes(session, directive_id=directive.id, unit_ids=unit_ids)
    people = focal_points_by_unit(session, unit_ids=[t.unit_id for t in shown])
    lines = [texts.OVERDUE_HEADER.format(cells=sum(t.overdue for t in late), count=len(late),
                                         blocked=sum(t.blocked_overdue for t in late))] if late else [texts.OVERDUE_NONE]
    for tally in shown:
        own = cells.get(tally.code, [])
        tasks = ", ".join(
            (texts.OVERDUE_TASK_BLOCKED if is_blocker(c) else texts.OVERDUE_TASK).format(
                task=c.task_number, days=overdue_days(calendar, c.deadline, now),
                note=_quoted(notes.get((c.unit_code, c.task_number))))
            for c in own if classify_on(c, today, tz) == StatusClass.overdue
        )
        active = [p for p in people.get(tally.code, []) if p.state != FocalState.revoked]
        focal = ", ".join(
            texts.h(p.name) + ("" if p.state == FocalState.active else " ⚠️") for p in active
        ) or texts.NO_FOCAL_YET
        last = max((c.last_report_at for c in own if c.last_report_at), default=None)
        lines.append(texts.OVERDUE_LINE.format(unit=texts.h(own[0].unit_name if own else tally.code), tasks=tasks,
                                               focal=focal, last=fmt_datetime(last, tz) if last else texts.LAST_REPORT_NONE))
    if len(late) > len(shown):
        lines.append(texts.OVERDUE_MORE.format(count=len(late) - len(shown)))
    if blocked:
        lines += ["", texts.BLOCKED_HEADER.format(cells=sum(t.blocked_in_time for t in blocked), count=len(blocked))]
        for tally in shown_blocked:
            own = cells.get(tally.code, [])
            tasks = ", ".join(
                texts.BLOCKED_TASK.format(
                    task=c.task_number, note=_quoted(notes.get((c.unit_code, c.task_number))),
                    when=texts.BLOCKED_DEADLINE.format(deadline=fmt_date(c.deadline)) if c.deadline
                    else texts.NUDGE_NO_DEADLINE)
                for c in own if classify_on(c, today, tz) == StatusClass.blocked
            )
            lines.append(texts.BLOCKED_LINE.format(unit=texts.h(own[0].unit_name if own else tally.code), tasks=tasks))
        if len(blocked) > len(shown_blocked):
            lines.append(texts.BLOCKED_MORE.format(count=len(blocked) - len(shown_blocked)))
    unreachable = unreachable_unit_names(session, directive_id=directive.id)
    if unreachable:
        names = ", ".join(texts.h(n) for n in unreachable[:UNREACHABLE_MAX_UNITS])
        if len(unreachable) > UNREACHABLE_MAX_UNITS:
            names += f" … (+{len(unreachable) - UNREACHABLE_MAX_UNITS})"
        lines.append("")
        lines.append(texts.OVERDUE_UNREACHABLE.format(units=names))
    return lines
