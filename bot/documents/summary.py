"""The facts every document of a directive is written from, and the grouped summary table (pure).

The workbook's "Tổng hợp" sheet and the Word report's appendix render the same `summary_lines`: units in
the province's official order, grouped by `bot.domain.unit_groups` ("I. Sở, ban, ngành" / "II. UBND các huyện,
thành phố" for a directive of 2020, "II. UBND các xã, phường" for one of today's units), each group with its
subtotal, then the total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from bot import texts
from bot.domain.enums import Status
from bot.domain.review import StatusClass, UnitRow, is_blocker
from bot.domain.unit_groups import group_rank, grouped, unit_group

ROMAN = ("I", "II", "III", "IV")

# One short mark per cell, legible in black and white (the colour fill only helps on screen).
MARK = {
    StatusClass.done_on_time: "Đ",
    StatusClass.done_late: "M",
    StatusClass.in_progress: "T",
    StatusClass.blocked: "V",
    StatusClass.overdue: "Q",
    StatusClass.unreported: "–",
}
MARK_OVERDUE_BLOCKED = "Q/V"  # past its deadline and reported blocked: both are shown


@dataclass(frozen=True)
class TaskFacts:
    number: int
    text: str
    deadline: date | None  # the deadline most of its units have
    other_deadlines: int  # units whose deadline differs from it


@dataclass
class UnitFacts:
    """One unit's row; `notes`: task number -> the reason given for a task blocked now."""

    row: UnitRow
    kind: str
    order: int
    notes: dict[int, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.row.name

    @property
    def group(self) -> str:
        """The group it is listed under (a xã and a phường share one)."""
        return unit_group(self.kind)


@dataclass
class DirectiveFacts:
    number: str
    issued_on: date
    issuer: str
    title: str
    now: datetime
    tasks: list[TaskFacts]
    units: list[UnitFacts]  # official order: kind, then the units CSV's order, then name

    def cells(self):
        """(unit, cell, class) for every assignment, in official order."""
        for unit in self.units:
            for cell, klass in zip(unit.row.cells, unit.row.classes, strict=True):
                yield unit, cell, klass


def task_facts(tasks, cells) -> list[TaskFacts]:
    """Each task with the deadline most of its units share."""
    deadlines: dict[int, Counter] = {t.number: Counter() for t in tasks}
    for cell in cells:
        deadlines.setdefault(cell.task_number, Counter())[cell.deadline] += 1
    out = []
    for task in tasks:
        counts = deadlines[task.number]
        common, n = counts.most_common(1)[0] if counts else (task.default_deadline, 0)
        out.append(TaskFacts(task.number, task.text, common, sum(counts.values()) - n))
    return out


def in_official_order(units: list[UnitFacts]) -> list[UnitFacts]:
    return sorted(units, key=lambda u: (group_rank(u.kind), u.order, u.name))


def group_heading(group: str) -> str:
    """A group's heading in every document ("UBND các xã, phường")."""
    return texts.DOC_GROUP.get(group, texts.DOC_GROUP["other"])


def cell_mark(cell, klass: StatusClass) -> str:
    return MARK_OVERDUE_BLOCKED if klass == StatusClass.overdue and is_blocker(cell) else MARK[klass]


@dataclass
class SummaryLine:
    """One row of the summary table. kind: group (a heading), unit, subtotal or total."""

    kind: str
    number: str | int  # a group's Roman numeral, a unit's STT within its group
    label: str
    marks: list[str | int] = field(default_factory=list)  # unit rows: a mark per task; sums: units done per task
    classes: list[StatusClass | None] = field(default_factory=list)
    done: int = 0
    overdue: int = 0
    blocked: int = 0
    cells: int = 0

    @property
    def ratio(self) -> float | None:
        return self.done / self.cells if self.cells else None


def _sum_line(kind: str, number: str, label: str, lines: list[SummaryLine], task_count: int,
              done_per_task: list[int]) -> SummaryLine:
    return SummaryLine(kind, number, label, marks=list(done_per_task), classes=[None] * task_count,
                       done=sum(x.done for x in lines), overdue=sum(x.overdue for x in lines),
                       blocked=sum(x.blocked for x in lines), cells=sum(x.cells for x in lines))


def summary_lines(facts: DirectiveFacts) -> list[SummaryLine]:
    """Group headings, unit rows (STT restarts in each group), subtotals and the total."""
    numbers = [t.number for t in facts.tasks]
    out: list[SummaryLine] = []
    totals: list[SummaryLine] = []
    done_total = [0] * len(numbers)
    for index, (group, members) in enumerate(grouped(facts.units, lambda u: u.kind)):
        roman = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        out.append(SummaryLine("group", roman, group_heading(group)))
        lines, done_per_task = [], [0] * len(numbers)
        for stt, unit in enumerate(members, start=1):
            by_number = {c.task_number: (c, k) for c, k in zip(unit.row.cells, unit.row.classes, strict=True)}
            marks, classes = [], []
            for i, n in enumerate(numbers):
                if n not in by_number:
                    marks.append("")
                    classes.append(None)
                    continue
                cell, klass = by_number[n]
                marks.append(cell_mark(cell, klass))
                classes.append(klass)
                done_per_task[i] += cell.status == Status.done
            line = SummaryLine("unit", stt, unit.name, marks, classes, done=unit.row.done,
                               overdue=unit.row.overdue, blocked=unit.row.blocked, cells=len(unit.row.cells))
            lines.append(line)
        out += lines
        subtotal = _sum_line("subtotal", "", texts.DOC_SUBTOTAL.format(group=roman), lines, len(numbers),
                             done_per_task)
        out.append(subtotal)
        totals.append(subtotal)
        done_total = [a + b for a, b in zip(done_total, done_per_task, strict=True)]
    out.append(_sum_line("total", "", texts.DOC_TOTAL, totals, len(numbers), done_total))
    return out


def class_totals(facts: DirectiveFacts) -> tuple[Counter, int]:
    """Cells per class, and blockers (in time and overdue)."""
    counts: Counter = Counter()
    blockers = 0
    for _, cell, klass in facts.cells():
        counts[klass] += 1
        blockers += is_blocker(cell)
    return counts, blockers
