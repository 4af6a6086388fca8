"""Directive, task and assignment queries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import NUDGE_RECOMPUTE, Assignment, Directive, Task, Unit
from db.nudges import replan_nudges


class DirectiveExists(ValueError):
    pass


def create_directive(
    session: Session,
    *,
    number: str,
    issued_on: date,
    tasks: Sequence,
    title: str = "",
    issuer: str = "",
    source_text: str = "",
) -> Directive:
    """Insert a directive and its tasks (objects with .number and .text)."""
    if get_directive(session, number=number) is not None:
        raise DirectiveExists(f"Văn bản {number} đã có trong hệ thống.")
    directive = Directive(
        number=number.strip(), issued_on=issued_on, title=title, issuer=issuer, source_text=source_text
    )
    session.add(directive)
    session.flush()
    for task in tasks:
        session.add(Task(directive_id=directive.id, number=task.number, text=task.text))
    session.flush()
    return directive


def get_directive(session: Session, *, number: str) -> Directive | None:
    """By full number (case-insensitive) or by its leading digits when that is unambiguous."""
    wanted = number.strip().upper()
    found = session.exec(select(Directive).where(func.upper(Directive.number) == wanted)).first()
    if found or re.fullmatch(r"[0-9]{1,9}", wanted) is None:  # ASCII digits only ('²' is isdigit())
        return found
    matches = list(session.exec(select(Directive).where(Directive.number.like(f"{wanted}/%"))))
    return matches[0] if len(matches) == 1 else None


def list_directives(session: Session, *, open_only: bool = False) -> list[Directive]:
    query = select(Directive).order_by(Directive.issued_on.desc(), Directive.id.desc())
    if open_only:
        query = query.where(Directive.is_open)
    return list(session.exec(query))


def set_directive_open(session: Session, *, directive: Directive, is_open: bool, actor: str) -> bool:
    """Close (no more pushes, nudges or reports) or reopen a directive; False when nothing changed."""
    from db.audit import audit

    if directive.is_open == is_open:
        return False
    directive.is_open = is_open
    session.add(directive)
    if is_open:  # the sweep skipped its tasks while closed: plan them again
        replan_nudges(session, directive_id=directive.id)
    audit(session, actor=actor, action="directive.reopen" if is_open else "directive.close", details=directive.number)
    return True


def list_tasks(session: Session, *, directive_id: int) -> list[Task]:
    return list(session.exec(select(Task).where(Task.directive_id == directive_id).order_by(Task.number)))


def assign_directive(
    session: Session, *, directive_id: int, unit_ids: Iterable[int], deadline: date | None = None
) -> int:
    """Create missing assignments (task x unit); with a deadline, also set it on existing ones."""
    tasks = list_tasks(session, directive_id=directive_id)
    task_ids = [t.id for t in tasks]
    unit_ids = list(unit_ids)
    existing = {
        (a.task_id, a.unit_id): a
        for a in session.exec(
            select(Assignment).where(Assignment.task_id.in_(task_ids), Assignment.unit_id.in_(unit_ids))
        )
    }
    created = 0
    for unit_id in unit_ids:
        for task in tasks:
            assignment = existing.get((task.id, unit_id))
            if assignment is None:
                session.add(
                    Assignment(task_id=task.id, unit_id=unit_id, deadline=deadline or task.default_deadline)
                )
                created += 1
            elif deadline is not None and assignment.deadline != deadline:
                assignment.deadline = deadline
                assignment.next_nudge_at = NUDGE_RECOMPUTE
                session.add(assignment)
    return created


def assigned_units(session: Session, *, directive_id: int) -> list[Unit]:
    query = (
        select(Unit)
        .join(Assignment, Assignment.unit_id == Unit.id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.directive_id == directive_id)
        .distinct()
        .order_by(Unit.code)
    )
    return list(session.exec(query))
