"""Assignments as a unit sees them, and the append-only status history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from bot.domain.enums import ReportSource, Status
from db.audit import audit
from db.models import Assignment, Directive, FocalPoint, StatusReport, Task, Unit


@dataclass
class AssignmentView:
    """An assignment with the rows needed to show or check it."""

    assignment: Assignment
    task: Task
    directive: Directive
    unit: Unit
    task_count: int


def _views(session: Session, query, params: dict | None = None) -> list[AssignmentView]:
    return [AssignmentView(a, t, d, u, count) for a, t, d, u, count in session.exec(query, params=params or {})]


_task_total = aliased(Task)


def _base_query():
    """The four rows and the directive's number of tasks, in one statement."""
    task_count = (
        select(func.count(_task_total.id)).where(_task_total.directive_id == Directive.id).scalar_subquery()
    )
    return (
        select(Assignment, Task, Directive, Unit, task_count)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Unit, Unit.id == Assignment.unit_id)
    )


# Built once with bind parameters: a status reply runs these on every message.
_OPEN_FOR_UNIT = (
    _base_query()
    .where(Assignment.unit_id == bindparam("unit_id"), Directive.is_open)
    .order_by(Directive.issued_on, Directive.id, Task.number)
)
_ONE = _base_query().where(Assignment.id == bindparam("assignment_id"))


def open_assignments(session: Session, *, unit_id: int) -> list[AssignmentView]:
    """Every assignment of the unit under an open directive, oldest directive first."""
    return _views(session, _OPEN_FOR_UNIT, {"unit_id": unit_id})


def assignment_view(session: Session, *, assignment_id: int) -> AssignmentView | None:
    found = _views(session, _ONE, {"assignment_id": assignment_id})
    return found[0] if found else None


def assignments_for_push(
    session: Session, *, directive_id: int, unit_ids: list[int] | None
) -> list[AssignmentView]:
    query = _base_query().where(Directive.id == directive_id)
    if unit_ids is not None:
        query = query.where(Assignment.unit_id.in_(unit_ids))
    return _views(session, query.order_by(Unit.code, Task.number))


def record_report(
    session: Session,
    *,
    assignment: Assignment,
    focal: FocalPoint | None,
    status: Status,
    source: ReportSource,
    now: datetime,
    note: str | None = None,
    evidence: tuple[str, str, int | None, str | None] | None = None,
    message: tuple[int, int] | None = None,
    confirmed: bool = False,
) -> StatusReport:
    """Append a report and move the assignment to its status, in the caller's transaction.
    `message`: (chat id, message id) of the text it came from, so an edit of it can correct it;
    `confirmed`: stored from a read-back the official confirmed (the text was not plain)."""
    report = StatusReport(
        assignment_id=assignment.id,
        focal_point_id=focal.id if focal else None,
        status=status,
        note=note,
        source=source,
        reported_at=now,
        chat_id=message[0] if message else None,
        message_id=message[1] if message else None,
        confirmed=confirmed,
    )
    if evidence:  # (file id, name, size, file_unique_id); queued for the archive at once (jobs/evidence.py)
        report.evidence_file_id, report.evidence_name, report.evidence_size, report.evidence_unique_id = evidence
        report.evidence_retry_at = now
    session.add(report)
    if status != assignment.status:
        audit(
            session,
            actor=f"tg:{focal.tg_user_id}" if focal else "system",
            action="status.change",
            details=f"assignment {assignment.id}: {assignment.status.value} -> {status.value}"
                    + (" confirmed" if confirmed else ""),
        )
    if status == Status.done and assignment.status != Status.done:
        assignment.completed_at = now
    elif status != Status.done:
        assignment.completed_at = None
    assignment.status = status
    assignment.last_report_at = now
    session.add(assignment)
    return report


def latest_report(session: Session, *, assignment_id: int) -> StatusReport | None:
    return session.exec(
        select(StatusReport)
        .where(StatusReport.assignment_id == assignment_id)
        .order_by(StatusReport.reported_at.desc(), StatusReport.id.desc())
    ).first()


def views_for(session: Session, *, assignment_ids: list[int]) -> list[AssignmentView]:
    if not assignment_ids:
        return []
    query = _base_query().where(Assignment.id.in_(assignment_ids)).order_by(Directive.issued_on, Task.number)
    return _views(session, query)


def reports_of_message(session: Session, *, chat_id: int, message_id: int) -> list[StatusReport]:
    """The reports a message made and no edit has corrected yet."""
    return list(session.exec(select(StatusReport).where(
        StatusReport.chat_id == chat_id, StatusReport.message_id == message_id, StatusReport.corrected_at.is_(None),
    ).order_by(StatusReport.id)))


def withdraw_reports(session: Session, *, reports: list[StatusReport], actor: str, now: datetime) -> dict[int, Status]:
    """Mark reports as corrected (they stay in the history) and move each assignment back to what its
    remaining history says: status, completion time, last report. Returns assignment id -> status now."""
    for report in reports:
        report.corrected_at = now
        session.add(report)
    session.flush()
    result: dict[int, Status] = {}
    for assignment_id in dict.fromkeys(r.assignment_id for r in reports):
        assignment = session.get(Assignment, assignment_id)
        history = session.exec(select(StatusReport).where(
            StatusReport.assignment_id == assignment_id, StatusReport.corrected_at.is_(None),
        ).order_by(StatusReport.reported_at, StatusReport.id))
        status, completed_at, last_at = Status.not_started, None, None
        for report in history:
            if report.status == Status.done and status != Status.done:
                completed_at = report.reported_at
            elif report.status != Status.done:
                completed_at = None
            status, last_at = report.status, report.reported_at
        if status != assignment.status:
            audit(session, actor=actor, action="status.correct",
                  details=f"assignment {assignment.id}: {assignment.status.value} -> {status.value}")
        assignment.status, assignment.completed_at, assignment.last_report_at = status, completed_at, last_at
        session.add(assignment)
        result[assignment_id] = status
    return result
