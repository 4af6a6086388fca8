"""Who may report what, and resolving task numbers for a unit (no Telegram imports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from bot.domain.enums import FocalState, ReportSource, Status
from bot.domain.reply_decision import MAX_NOTE_CHARS, OpenTask
from db.models import FocalPoint, StatusReport
from db.reports import AssignmentView, assignment_view, record_report

__all__ = ["MAX_NOTE_CHARS", "Applied", "Refusal", "apply_report", "open_tasks", "resolve_numbers", "task_label"]


class Refusal(StrEnum):
    no_permission = "no_permission"


@dataclass
class Applied:
    view: AssignmentView
    report: StatusReport


def apply_report(
    session: Session,
    *,
    focal: FocalPoint | None,
    assignment_id: int,
    status: Status | None,
    source: ReportSource,
    now: datetime,
    note: str | None = None,
    evidence: tuple[str, str, int | None, str | None] | None = None,
    view: AssignmentView | None = None,
    message: tuple[int, int] | None = None,
    confirmed: bool = False,
) -> Applied | Refusal:
    """Store a report if this person may report on this assignment; `status=None` keeps the status.

    Refused (and nothing stored) for another unit's assignment, a revoked person, or a closed directive.
    `view`, when the caller has already loaded it in this session, saves a query.
    """
    if view is None or view.assignment.id != assignment_id:
        view = assignment_view(session, assignment_id=assignment_id)
    if (
        view is None
        or focal is None
        or focal.state == FocalState.revoked
        or view.assignment.unit_id != focal.unit_id
        or not view.directive.is_open
    ):
        return Refusal.no_permission
    report = record_report(
        session, assignment=view.assignment, focal=focal, status=status or view.assignment.status,
        source=source, now=now, note=note, evidence=evidence, message=message, confirmed=confirmed,
    )
    return Applied(view, report)


def open_tasks(views: list[AssignmentView]) -> list[OpenTask]:
    """The unit's open assignments as the reply reader's decision needs them."""
    return [OpenTask(v.assignment.id, v.task.number, v.assignment.status, task_label(v)) for v in views]


@dataclass
class Resolved:
    """Task numbers matched to the unit's open assignments."""

    matches: dict[int, list[AssignmentView]]
    unknown: list[int]
    valid: list[int]


def resolve_numbers(views: list[AssignmentView], numbers: tuple[int, ...]) -> Resolved:
    by_number: dict[int, list[AssignmentView]] = {}
    for view in views:
        by_number.setdefault(view.task.number, []).append(view)
    return Resolved(
        matches={n: by_number[n] for n in numbers if n in by_number},
        unknown=[n for n in numbers if n not in by_number],
        valid=sorted(by_number),
    )


def task_label(view: AssignmentView) -> str:
    """Short button label: 'NV3 · 2410/UBND-KSTT: Thực hiện phân bổ…'."""
    return f"NV{view.task.number} · {view.directive.number}: {view.task.text[:30]}…"
