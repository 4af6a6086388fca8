"""What the reminder sweep reads and writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Session, select

from bot.reminders import OpenTask, Policy
from db.models import Assignment, Directive, FocalPoint, FocalState, NudgeRecord, Status, Task, Unit


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


def recorded_keys(session: Session, *, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(session.exec(select(NudgeRecord.key).where(NudgeRecord.key.in_(keys[start:start + 500]))))
    return found


def record_nudge(session: Session, *, key: str, unit_id: int, assignment_id: int | None, kind: str,
                 slot: datetime, now: datetime) -> None:
    session.add(NudgeRecord(key=key, unit_id=unit_id, assignment_id=assignment_id, kind=kind, slot=slot,
                            created_at=now))


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
        session.add(assignment)
        changed += 1
    return changed
