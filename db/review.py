"""Queries behind the office's summaries and exports: one statement each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from bot.review import Cell
from db.models import Assignment, FocalPoint, FocalState, Status, StatusReport, Task, Unit


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


def focal_points_by_unit(session: Session, *, unit_ids: list[int] | None = None) -> dict[str, list[FocalPoint]]:
    query = select(Unit.code, FocalPoint).join(FocalPoint, FocalPoint.unit_id == Unit.id)
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    out: dict[str, list[FocalPoint]] = {}
    for code, focal in session.exec(query):
        out.setdefault(code, []).append(focal)
    return out


def unreachable_unit_codes(session: Session, *, directive_id: int) -> list[str]:
    """Assigned units with no active focal point (never registered, revoked, or blocked the bot)."""
    reachable = select(FocalPoint.unit_id).where(FocalPoint.state == FocalState.active)
    assigned = select(Assignment.unit_id).join(Task, Task.id == Assignment.task_id).where(
        Task.directive_id == directive_id)
    query = (select(Unit.code).where(Unit.active, Unit.id.in_(assigned), Unit.id.not_in(reachable))
             .order_by(Unit.code))
    return list(session.exec(query))


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


@dataclass(frozen=True)
class UnitTally:
    """One unit's counts per status class, computed in SQL."""

    unit_id: int
    code: str
    on_time: int
    late: int
    overdue: int
    unreported: int
    total: int

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def in_progress(self) -> int:
        return self.total - self.done - self.overdue - self.unreported


def _local_date(session: Session, column, tz: ZoneInfo, now: datetime):
    """The office-zone calendar date of a UTC timestamp column, in this database's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(tz.key, column))
    offset = int(now.astimezone(tz).utcoffset().total_seconds())  # SQLite: the zone's offset now
    return func.date(column, f"{offset:+d} seconds")


def unit_tallies(session: Session, *, directive_id: int, today: date, tz: ZoneInfo, now: datetime) -> list[UnitTally]:
    """Per unit, worst first (most overdue, then fewest done, then code): one GROUP BY over the index.

    The same classes as bot.review.classify, so /summary never loads every assignment.
    """
    done = Assignment.status == Status.done
    has_deadline = Assignment.deadline.is_not(None)
    late_done = and_(done, has_deadline, _local_date(session, Assignment.completed_at, tz, now) > Assignment.deadline)
    overdue = and_(~done, has_deadline, Assignment.deadline < today)
    unreported = and_(~done, or_(~has_deadline, Assignment.deadline >= today), Assignment.last_report_at.is_(None))

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    overdue_n, done_n = count(overdue), count(done)
    query = (
        select(Unit.id, Unit.code, count(and_(done, ~late_done)), count(late_done), overdue_n, count(unreported),
               func.count(Assignment.id))
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Task.directive_id == directive_id, Unit.active)
        .group_by(Unit.id, Unit.code)
        .order_by(overdue_n.desc(), done_n, Unit.code)
    )
    return [UnitTally(*row) for row in session.connection().execute(query)]


def unit_cells(session: Session, *, directive_id: int, unit_ids: list[int]) -> list[Cell]:
    """Cells of a few units (a summary page), not of the whole directive."""
    query = (
        select(Unit.code, Unit.name, Task.number, Assignment.status, Assignment.deadline,
               Assignment.completed_at, Assignment.last_report_at)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Task.directive_id == directive_id, Assignment.unit_id.in_(unit_ids))
        .order_by(Unit.code, Task.number)
    )
    return [Cell(*row) for row in session.connection().execute(query)]
