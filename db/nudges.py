"""What the reminder sweep reads and writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import and_, exists, insert, literal_column, update
from sqlmodel import Session, select

from bot.domain.enums import FocalState, Status
from bot.domain.reminders import OpenTask, Policy
from db.models import NUDGE_RECOMPUTE, Assignment, Directive, FocalPoint, NudgeRecord, Task, Unit

# Written as a literal so SQLite can use the partial index ix_assignment_next_nudge (a bound parameter cannot).
NOT_DONE = literal_column("assignment.status") != literal_column("'done'")


def open_tasks(session: Session, *, unit_ids: Iterable[int] | None = None,
               directive_id: int | None = None) -> list[OpenTask]:
    """Assignments still to do, under open directives, of active units that have a reachable focal point."""
    has_focal = select(FocalPoint.unit_id).where(FocalPoint.state == FocalState.active)
    query = (
        select(Assignment.id, Assignment.unit_id, Unit.code, Task.number, Assignment.deadline,
               Directive.reminder_policy)
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Assignment.status != Status.done, Directive.is_open, Unit.active,
               Assignment.unit_id.in_(has_focal))
        .order_by(Unit.code, Directive.issued_on, Task.number)
    )
    if unit_ids is not None:
        query = query.where(Assignment.unit_id.in_(list(unit_ids)))
    if directive_id is not None:
        query = query.where(Directive.id == directive_id)
    policies: dict[str, Policy | None] = {}
    tasks = []
    for *fields, policy_json in session.exec(query):
        if policy_json not in policies:
            policies[policy_json] = Policy.from_json(policy_json)
        tasks.append(OpenTask(*fields, policy=policies[policy_json]))
    return tasks


def nudge_candidates(session: Session, *, now: datetime) -> list[tuple[OpenTask, bool]]:
    """Open assignments whose next nudge slot has come (an index range, not every assignment), each with
    whether it may be nudged now (open directive, active unit, a reachable focal point)."""
    has_focal = exists().where(FocalPoint.unit_id == Assignment.unit_id, FocalPoint.state == FocalState.active)
    query = (
        select(Assignment.id, Assignment.unit_id, Unit.code, Task.number, Assignment.deadline,
               Directive.reminder_policy, and_(Directive.is_open, Unit.active, has_focal))
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(Assignment.next_nudge_at <= now, NOT_DONE)
    )
    policies: dict[str, Policy | None] = {}
    out = []
    for *fields, policy_json, eligible in session.exec(query):
        if policy_json not in policies:
            policies[policy_json] = Policy.from_json(policy_json)
        out.append((OpenTask(*fields, policy=policies[policy_json]), bool(eligible)))
    return out


def units_with_open_tasks(session: Session, *, unit_ids: Iterable[int] | None = None) -> list[int]:
    """Units the weekly round-up goes to: any open task under an open directive, a reachable focal point."""
    has_focal = select(FocalPoint.unit_id).where(FocalPoint.state == FocalState.active)
    query = (
        select(Assignment.unit_id).distinct()
        .join(Task, Task.id == Assignment.task_id)
        .join(Directive, Directive.id == Task.directive_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(NOT_DONE, Directive.is_open, Unit.active, Assignment.unit_id.in_(has_focal))
    )
    if unit_ids is not None:
        query = query.where(Assignment.unit_id.in_(list(unit_ids)))
    return sorted(session.exec(query))


def set_next_nudges(session: Session, *, planned: dict[datetime | None, list[int]]) -> None:
    """Store when the sweep looks at each assignment again ({slot: assignment ids})."""
    for slot, ids in planned.items():
        for start in range(0, len(ids), 500):
            session.exec(update(Assignment).where(Assignment.id.in_(ids[start:start + 500]))
                         .values(next_nudge_at=slot).execution_options(synchronize_session=False))


def replan_nudges(session: Session, *, directive_id: int | None = None) -> None:
    """Have the next sweep plan open assignments again (a directive's, or all): their policy, directive
    state or calendar changed."""
    query = (update(Assignment).where(NOT_DONE).values(next_nudge_at=NUDGE_RECOMPUTE)
             .execution_options(synchronize_session=False))  # no loaded object needs the new value
    if directive_id is not None:
        query = query.where(Assignment.task_id.in_(select(Task.id).where(Task.directive_id == directive_id)))
    session.exec(query)


def recorded_keys(session: Session, *, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(session.exec(select(NudgeRecord.key).where(NudgeRecord.key.in_(keys[start:start + 500]))))
    return found


def record_nudges(session: Session, *, rows: list[dict]) -> None:
    """NudgeRecord rows (key, unit_id, assignment_id, kind, slot, created_at) in one executemany; an
    existing key raises IntegrityError: another sweep decided the same nudge first."""
    if rows:
        session.connection().execute(insert(NudgeRecord.__table__), rows)


def set_deadline(session: Session, *, directive_id: int, task_number: int, deadline: date,
                 unit_ids: list[int] | None) -> int:
    """Set the deadline of one task for the given units (all assigned units when None)."""
    query = (
        select(Assignment).join(Task, Task.id == Assignment.task_id)
        .where(Task.directive_id == directive_id, Task.number == task_number)
    )
    if unit_ids is not None:
        query = query.where(Assignment.unit_id.in_(unit_ids))
    changed = 0
    for assignment in session.exec(query):
        assignment.deadline = deadline
        assignment.next_nudge_at = NUDGE_RECOMPUTE
        session.add(assignment)
        changed += 1
    return changed


def set_reminder_policy(session: Session, *, directive: Directive, policy: Policy) -> None:
    """A directive's own reminder policy; its open assignments are planned again by the next sweep."""
    directive.reminder_policy = policy.to_json()
    session.add(directive)
    replan_nudges(session, directive_id=directive.id)
