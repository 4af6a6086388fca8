"""Queries behind the office's summaries and exports: one statement each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, literal_column, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from bot.domain.enums import FocalState, Status
from bot.domain.review import Cell
from db.models import Assignment, FocalPoint, StatusReport, Task, Unit
from db.people import PRIMARY_FIRST


def directive_cells(session: Session, *, directive_id: int, task_number: int | None = None) -> list[Cell]:
    """Every active unit's assignment of the directive (of one task when `task_number` is given)."""
    query = (
        select(Unit.code, Unit.name, Task.number, Assignment.status, Assignment.deadline,
               Assignment.completed_at, Assignment.last_report_at)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Task.directive_id == directive_id, Unit.active)
        .order_by(Unit.code, Task.number)
    )
    if task_number is not None:
        query = query.where(Task.number == task_number)
    # Core, not ORM: these are plain tuples, and ORM row loading was 2/3 of /summary's time at scale.
    return [Cell(*row) for row in session.connection().execute(query)]


def _reports_query(directive_id: int):
    """(unit code, task number, status, note, reporter name, reported at, evidence name, source)."""
    return (
        select(Unit.code, Task.number, StatusReport.status, StatusReport.note, FocalPoint.name,
               StatusReport.reported_at, StatusReport.evidence_name, StatusReport.source)
        .join(Assignment, Assignment.id == StatusReport.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .outerjoin(FocalPoint, FocalPoint.id == StatusReport.focal_point_id)
        .where(Task.directive_id == directive_id)
    )


def iter_directive_reports(session: Session, *, directive_id: int, batch: int = 5000) -> Iterator[tuple]:
    """Every report of a directive, oldest first, streamed (a million reports need not fit in memory)."""
    query = _reports_query(directive_id).order_by(StatusReport.reported_at, StatusReport.id)
    result = session.connection().execution_options(yield_per=batch).execute(query)
    for rows in result.partitions():
        yield from rows


def newest_reports(session: Session, *, directive_id: int, limit: int) -> tuple[list[tuple], int]:
    """The `limit` newest reports, oldest first, and how many there are in all."""
    total = session.exec(select(func.count(StatusReport.id)).join(Assignment).join(Task).where(
        Task.directive_id == directive_id)).one()
    query = _reports_query(directive_id).order_by(StatusReport.reported_at.desc(), StatusReport.id.desc())
    rows = list(session.connection().execute(query.limit(limit)))
    rows.reverse()
    return rows, total


def latest_reports(session: Session, *, directive_id: int) -> list[tuple]:
    """The newest report of each assignment (the 'Chi tiết' sheet), through the (assignment, time) index;
    a report an edit corrected is history, not the latest word."""
    other = aliased(StatusReport)
    newest = (select(other.id).where(other.assignment_id == Assignment.id, other.corrected_at.is_(None))
              .order_by(other.reported_at.desc(), other.id.desc()).limit(1).correlate(Assignment).scalar_subquery())
    return list(session.connection().execute(_reports_query(directive_id).where(StatusReport.id == newest)))


def blocker_notes(session: Session, *, directive_id: int, unit_ids: list[int] | None = None,
                  task_number: int | None = None) -> dict[tuple[str, int], str]:
    """(unit code, task number) -> the newest reason given for a task that is blocked now (a later report
    without a note, such as an evidence file, does not hide it); of the listed units or one task if given."""
    other = aliased(StatusReport)
    newest = (select(other.id).where(other.assignment_id == Assignment.id, other.status == Status.blocked,
                                     other.note.is_not(None), other.note != "")
              .order_by(other.reported_at.desc(), other.id.desc()).limit(1).correlate(Assignment).scalar_subquery())
    query = (select(Unit.code, Task.number, StatusReport.note)
             .join(Assignment, Assignment.id == StatusReport.assignment_id)
             .join(Task, Task.id == Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id)
             .where(Task.directive_id == directive_id, Assignment.status == Status.blocked,
                    StatusReport.id == newest))
    if unit_ids is not None:
        query = query.where(Assignment.unit_id.in_(unit_ids))
    if task_number is not None:
        query = query.where(Task.number == task_number)
    return {(code, number): note for code, number, note in session.connection().execute(query)}


def focal_points_by_unit(session: Session, *, unit_ids: list[int] | None = None) -> dict[str, list[FocalPoint]]:
    query = (select(Unit.code, FocalPoint).join(FocalPoint, FocalPoint.unit_id == Unit.id)
             .order_by(PRIMARY_FIRST, FocalPoint.id))
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    out: dict[str, list[FocalPoint]] = {}
    for code, focal in session.exec(query):
        out.setdefault(code, []).append(focal)
    return out


def unreachable_unit_names(session: Session, *, directive_id: int) -> list[str]:
    """Names of assigned units with no active focal point (never registered, revoked, or blocked the bot),
    in code order."""
    # EXISTS per unit stops at the first row found: 29 -> 9 ms at 10,000 units (an IN list read every assignment).
    reachable = exists().where(FocalPoint.unit_id == Unit.id, FocalPoint.state == FocalState.active)
    assigned = exists().where(Assignment.unit_id == Unit.id, Assignment.task_id.in_(
        select(Task.id).where(Task.directive_id == directive_id)))
    query = select(Unit.name).where(Unit.active, assigned, ~reachable).order_by(Unit.code)
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
    blocked: int = 0  # every blocker, overdue ones included
    blocked_overdue: int = 0  # blockers past their deadline (counted in `overdue` too)

    @property
    def blocked_in_time(self) -> int:
        return self.blocked - self.blocked_overdue

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def in_progress(self) -> int:
        return self.total - self.done - self.overdue - self.unreported - self.blocked_in_time


def _local_date(session: Session, column, tz: ZoneInfo, now: datetime):
    """The office-zone calendar date of a UTC timestamp column, in this database's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(tz.key, column))
    offset = int(now.astimezone(tz).utcoffset().total_seconds())  # SQLite: the zone's offset now
    return func.date(column, f"{offset:+d} seconds")


def unit_tallies(session: Session, *, directive_id: int, today: date, tz: ZoneInfo, now: datetime) -> list[UnitTally]:
    """Per unit, worst first (most overdue, then fewest done, then code): one GROUP BY over the index.

    The same classes as bot.domain.review.classify, so /summary never loads every assignment.
    """
    # Constants written into the statement, not bound: SQLite evaluates them once instead of per row.
    done = Assignment.status == literal_column("'done'")
    has_deadline = Assignment.deadline.is_not(None)
    late_done = and_(done, has_deadline, _local_date(session, Assignment.completed_at, tz, now) > Assignment.deadline)
    overdue = and_(~done, has_deadline, Assignment.deadline < today)
    blocked = Assignment.status == literal_column("'blocked'")
    unreported = and_(~done, ~blocked, or_(~has_deadline, Assignment.deadline >= today),
                      Assignment.last_report_at.is_(None))

    def count(condition):
        return func.sum(case((condition, literal_column("1")), else_=literal_column("0")))

    # Four sums, each condition evaluated once per row, and ORDER BY on their labels: 192 -> ~120 ms
    # at 10,000 units on SQLite (on time = done - late is derived in Python).
    done_n, late_n = count(done).label("done"), count(late_done).label("late")
    overdue_n, unreported_n = count(overdue).label("overdue"), count(unreported).label("unreported")
    blocked_n, blocked_overdue_n = count(blocked), count(and_(blocked, has_deadline, Assignment.deadline < today))
    query = (
        select(Unit.id, Unit.code, done_n, late_n, overdue_n, unreported_n, func.count(Assignment.id),
               blocked_n, blocked_overdue_n)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        # The directive id inline too: with a constant SQLite's planner uses the ANALYZE statistics (-30 ms).
        .where(Task.directive_id == literal_column(str(int(directive_id))), Unit.active)
        .group_by(Unit.id, Unit.code)
        .order_by(overdue_n.desc(), done_n, Unit.code)
    )
    return [UnitTally(unit_id, code, done - late, late, overdue, unreported, total, blocked, blocked_overdue)
            for unit_id, code, done, late, overdue, unreported, total, blocked, blocked_overdue
            in session.connection().execute(query)]


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


def report_evidence(session: Session, *, report_id: int, directive_id: int) -> tuple[str, str] | None:
    """(Telegram file id, file name) of a report's evidence under the directive, or None."""
    query = (
        select(StatusReport.evidence_file_id, StatusReport.evidence_name)
        .join(Assignment, Assignment.id == StatusReport.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(StatusReport.id == report_id, Task.directive_id == directive_id,
               StatusReport.evidence_file_id.is_not(None))
    )
    row = session.exec(query).first()
    return (row[0], row[1] or "tep") if row else None


def assignment_of(session: Session, *, directive_id: int, unit_code: str, task_number: int) -> tuple | None:
    """(assignment id, unit id, unit name, task text, deadline) of one cell of the matrix, or None."""
    query = (
        select(Assignment.id, Unit.id, Unit.name, Task.text, Assignment.deadline)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Task.directive_id == directive_id, Task.number == task_number, Unit.code == unit_code)
    )
    return session.exec(query).first()


def assignment_cell_label(session: Session, *, assignment_id: int) -> tuple[str, int]:
    """(unit code, task number) of an assignment."""
    query = (select(Unit.code, Task.number).join(Assignment, Assignment.unit_id == Unit.id)
             .join(Task, Task.id == Assignment.task_id).where(Assignment.id == assignment_id))
    return tuple(session.exec(query).one())
