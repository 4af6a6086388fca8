"""The unit × task heatmap as PNG bytes (matplotlib is imported only when a chart is asked for)."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.documents.summary import group_heading
from bot.domain.dates import fmt_datetime
from bot.domain.review import CLASS_ORDER, StatusClass, UnitRow, is_blocker, unit_rows
from bot.domain.unit_groups import grouped
from db.directives import list_tasks
from db.models import Directive
from db.review import directive_cells
from db.units import unit_places

CLASS_COLOR = {
    StatusClass.done_on_time: "#63BE7B",
    StatusClass.done_late: "#FFD966",
    StatusClass.in_progress: "#9DC3E6",
    StatusClass.blocked: "#B4A7D6",  # violet: needs the office's action, not yet late
    StatusClass.overdue: "#F8696B",
    StatusClass.unreported: "#D9D9D9",
}


def heatmap_png(rows: list[UnitRow | str], *, task_count: int, title: str) -> bytes:
    """A str among the rows is a group heading ("UBND các xã, phường"): a blank row with a bold label."""
    # matplotlib's object API, not pyplot: no global figure registry, so it is safe in a worker thread.
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    index = {k: i for i, k in enumerate(CLASS_ORDER)}
    overdue_blockers: list[tuple[int, int]] = []  # overdue and blocked: red with a violet dot, both visible
    grid = np.array([[np.nan if isinstance(row, str) else index[StatusClass.unreported]] * task_count
                     for row in rows], dtype=float).reshape(len(rows), task_count)
    for r, row in enumerate(rows):
        if isinstance(row, str):
            continue
        for cell, k in zip(row.cells, row.classes, strict=True):
            if 1 <= cell.task_number <= task_count:
                grid[r][cell.task_number - 1] = index[k]
                if k == StatusClass.overdue and is_blocker(cell):
                    overdue_blockers.append((cell.task_number - 1, r))
    height = max(3.0, 0.32 * len(rows) + 1.8)
    labels = [row if isinstance(row, str) else row.name for row in rows]
    longest = max((len(label) for label in labels), default=0)  # leaders read names, not codes
    fig = Figure(figsize=(0.8 + 0.075 * longest + 0.75 * task_count, height), dpi=110)
    ax = fig.subplots()
    cmap = ListedColormap([CLASS_COLOR[k] for k in CLASS_ORDER])
    cmap = cmap.with_extremes(bad="white")  # group heading rows
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(CLASS_ORDER) - 0.5, aspect="auto")
    if overdue_blockers:
        xs, ys = zip(*overdue_blockers, strict=True)
        ax.scatter(xs, ys, s=40, color=CLASS_COLOR[StatusClass.blocked], edgecolors="black", linewidths=0.5)
    ax.set_xticks(range(task_count), [f"NV{n}" for n in range(1, task_count + 1)])
    ax.set_yticks(range(len(rows)), labels)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if isinstance(row, str):
            tick.set_fontweight("bold")
    ax.set_xticks([x - 0.5 for x in range(1, task_count)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(rows))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.set_title(title, fontsize=11)
    handles = [Patch(color=CLASS_COLOR[k], label=k.value) for k in CLASS_ORDER]
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=CLASS_COLOR[StatusClass.blocked],
                          markeredgecolor="black", label=texts.CHART_OVERDUE_BLOCKED))
    ax.legend(handles=handles,
              loc="upper center", bbox_to_anchor=(0.5, -0.35 / height), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    out = BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight")
    return out.getvalue()


# Rows a phone screen can read; Telegram also refuses photos taller than 10,000 px (1,000 units made 35,000).
CHART_MAX_UNITS = 60


def directive_chart_png(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo) -> bytes:
    """/chart, the digest and the demo: the heatmap of one directive, the worst 60 units when there are more."""
    rows = unit_rows(directive_cells(session, directive_id=directive.id), now, tz)  # worst first
    title = texts.CHART_TITLE.format(number=directive.number, at=fmt_datetime(now, tz))
    if len(rows) > CHART_MAX_UNITS:
        title += "\n" + texts.CHART_WORST.format(shown=CHART_MAX_UNITS, total=len(rows))
        rows = rows[:CHART_MAX_UNITS]
    return heatmap_png(chart_rows(rows, unit_places(session)),
                       task_count=len(list_tasks(session, directive_id=directive.id)), title=title)


def chart_rows(rows: list[UnitRow], places: dict[str, tuple[str, int]]) -> list[UnitRow | str]:
    """The units under their group headings (as in the documents), worst first within each group."""
    out: list[UnitRow | str] = []
    for group, members in grouped(rows, lambda row: places.get(row.code, ("other", 0))[0]):
        out += [group_heading(group), *members]
    return out
