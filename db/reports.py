"""Assignments as a unit sees them, and the append-only status history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from db.audit import audit
from db.models import (
    Assignment,
    Directive,
    FocalPoint,
    ReportSource,
    Status,
    StatusReport,
    Task,
    Unit,
)


@dataclass
class AssignmentView:
    """An assignment with the rows needed to show or check it."""

    assignment: Assignment
    task: Task
    directive: Directive
    unit: Unit
    task_count: int


def _views(session: Session, query) -> list[AssignmentView]:
    rows = list(session.exec(query))
    directive_ids = {d.id for _, _, d, _ in rows}
    counts = dict(
        session.exec(
            select(Task.directive_id, func.count(Task.id))
            .where(Task.directive_id.in_(directive_ids))
            .group_by(Task.directive_id)
        ).all()
    )
    return [AssignmentView(a, t, d, u, counts[d.id]) for a, t, d, u in rows]


def _base_query():
    return (
        select(Assignment, Task, Directive, Unit)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Unit, Unit.id == Assignment.unit_id)
    )


def open_assignments(session: Session, *, unit_id: int) -> list[AssignmentView]:
    """Every assignment of the unit under an open directive, oldest directive first."""
    query = (
        _base_query()
        .where(Assignment.unit_id == unit_id, Directive.is_open)
        .order_by(Directive.issued_on, Directive.id, Task.number)
    )
    return _views(session, query)


def assignment_view(session: Session, *, assignment_id: int) -> AssignmentView | None:
    found = _views(session, _base_query().where(Assignment.id == assignment_id))
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
    evidence: tuple[str, str, int | None] | None = None,
) -> StatusReport:
    """Append a report and move the assignment to its status, in the caller's transaction."""
    report = StatusReport(
        assignment_id=assignment.id,
        focal_point_id=focal.id if focal else None,
        status=status,
        note=note,
        source=source,
        reported_at=now,
    )
    if evidence:
        report.evidence_file_id, report.evidence_name, report.evidence_size = evidence
    session.add(report)
    if status != assignment.status:
        audit(
            session,
            actor=f"tg:{focal.tg_user_id}" if focal else "system",
            action="status.change",
            details=f"assignment {assignment.id}: {assignment.status.value} -> {status.value}",
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
