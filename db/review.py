"""Queries behind the office's summaries and exports: one statement each."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.review import Cell
from db.models import Assignment, FocalPoint, StatusReport, Task, Unit


def directive_cells(session: Session, *, directive_id: int) -> list[Cell]:
    query = (
        select(Unit.code, Unit.name, Task.number, Assignment.status, Assignment.deadline,
               Assignment.completed_at, Assignment.last_report_at)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Task.directive_id == directive_id, Unit.active)
        .order_by(Unit.code, Task.number)
    )
    # Core, not ORM: these are plain tuples, and ORM row loading was 2/3 of /summary's time at scale.
    return [Cell(*row) for row in session.connection().execute(query)]


def directive_reports(session: Session, *, directive_id: int) -> list[tuple]:
    """(unit code, task number, status, note, reporter name, reported at, evidence name), oldest first."""
    query = (
        select(Unit.code, Task.number, StatusReport.status, StatusReport.note, FocalPoint.name,
               StatusReport.reported_at, StatusReport.evidence_name, StatusReport.source)
        .join(Assignment, Assignment.id == StatusReport.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .outerjoin(FocalPoint, FocalPoint.id == StatusReport.focal_point_id)
        .where(Task.directive_id == directive_id)
        .order_by(StatusReport.reported_at, StatusReport.id)
    )
    return list(session.exec(query))


def focal_points_by_unit(session: Session) -> dict[str, list[FocalPoint]]:
    out: dict[str, list[FocalPoint]] = {}
    for code, focal in session.exec(select(Unit.code, FocalPoint).join(FocalPoint, FocalPoint.unit_id == Unit.id)):
        out.setdefault(code, []).append(focal)
    return out


def unit_reports(session: Session, *, unit_id: int, directive_id: int) -> list[tuple]:
    """(report, task number, reporter name) for one unit, newest first."""
    query = (
        select(StatusReport, Task.number, FocalPoint.name)
        .join(Assignment, Assignment.id == StatusReport.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(FocalPoint, FocalPoint.id == StatusReport.focal_point_id)
        .where(Assignment.unit_id == unit_id, Task.directive_id == directive_id)
        .order_by(StatusReport.reported_at.desc(), StatusReport.id.desc())
    )
    return list(session.exec(query))
