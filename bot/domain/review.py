"""Status classes and the office's summary lines (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.enums import Status


class StatusClass(StrEnum):
    """Every cell (task × unit) is in exactly one class; the classes partition a directive's cells.

    `blocked` is a task reported "Vướng mắc" that is still within its deadline. A blocked task past its
    deadline is `overdue` (timeliness first) and is still a blocker: `is_blocker` says so for any cell,
    and views that count blockers count both.
    """

    done_on_time = "Hoàn thành đúng hạn"
    done_late = "Hoàn thành quá hạn"
    in_progress = "Đang thực hiện trong hạn"
    blocked = "Vướng mắc (còn hạn)"
    overdue = "Quá hạn"
    unreported = "Chưa báo cáo"


CLASS_ORDER = list(StatusClass)


@dataclass(frozen=True)
class Cell:
    """One assignment as the review sees it."""

    unit_code: str
    unit_name: str
    task_number: int
    status: Status
    deadline: date | None
    completed_at: datetime | None
    last_report_at: datetime | None


def is_blocker(cell: Cell) -> bool:
    """A task the unit reported as blocked and has not finished since, overdue or not."""
    return cell.status == Status.blocked


def classify(cell: Cell, now: datetime, tz: ZoneInfo) -> StatusClass:
    """The Government Office's convention: done on time / late, in progress, overdue, unreported."""
    return classify_on(cell, now.astimezone(tz).date(), tz)


def classify_on(cell: Cell, today: date, tz: ZoneInfo) -> StatusClass:
    """`classify` with today's date already in the office's zone (for loops over many cells)."""
    if cell.status == Status.done:
        done_day = cell.completed_at.astimezone(tz).date() if cell.completed_at else today
        if cell.deadline is not None and done_day > cell.deadline:
            return StatusClass.done_late
        return StatusClass.done_on_time
    if cell.deadline is not None and today > cell.deadline:
        return StatusClass.overdue
    if cell.status == Status.blocked:
        return StatusClass.blocked
    if cell.last_report_at is None:
        return StatusClass.unreported
    return StatusClass.in_progress


@dataclass
class UnitRow:
    code: str
    name: str
    cells: list[Cell]
    classes: list[StatusClass]

    @property
    def done(self) -> int:
        return sum(c.status == Status.done for c in self.cells)

    @property
    def overdue(self) -> int:
        return sum(k == StatusClass.overdue for k in self.classes)

    @property
    def blocked(self) -> int:
        """Blockers of this unit, overdue ones included."""
        return sum(is_blocker(c) for c in self.cells)


def unit_rows(cells: list[Cell], now: datetime, tz: ZoneInfo) -> list[UnitRow]:
    """Per unit, worst first: most overdue, then fewest done, then code."""
    today = now.astimezone(tz).date()
    by_unit: dict[str, list[Cell]] = {}
    for cell in cells:
        by_unit.setdefault(cell.unit_code, []).append(cell)
    rows = []
    for code, unit_cells in by_unit.items():
        unit_cells.sort(key=lambda c: c.task_number)
        rows.append(UnitRow(code, unit_cells[0].unit_name, unit_cells, [classify_on(c, today, tz) for c in unit_cells]))
    return sorted(rows, key=lambda r: (-r.overdue, r.done, r.code))


def class_counts(rows: list[UnitRow]) -> dict[StatusClass, int]:
    counts = dict.fromkeys(CLASS_ORDER, 0)
    for row in rows:
        for k in row.classes:
            counts[k] += 1
    return counts
