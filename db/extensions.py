"""Deadline extension requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, select

from db.audit import audit
from db.models import NUDGE_RECOMPUTE, Assignment, ExtensionRequest, ExtensionState, FocalPoint, Task, Unit


def request_extension(session: Session, *, assignment: Assignment, focal: FocalPoint, new_deadline: date,
                      reason: str, now: datetime) -> ExtensionRequest:
    request = ExtensionRequest(assignment_id=assignment.id, focal_point_id=focal.id, old_deadline=assignment.deadline,
                               new_deadline=new_deadline, reason=reason, created_at=now)
    session.add(request)
    session.flush()
    audit(session, actor=f"tg:{focal.tg_user_id}", action="extension.request",
          details=f"#{request.id} assignment {assignment.id} -> {new_deadline.isoformat()} {reason}")
    return request


def decide_extension(session: Session, *, request_id: int, approve: bool, decided_by: int,
                     now: datetime) -> ExtensionRequest | None:
    """Approve or reject a pending request once; None when it is unknown or already decided."""
    state = ExtensionState.approved if approve else ExtensionState.rejected
    claimed = session.exec(
        update(ExtensionRequest)
        .where(ExtensionRequest.id == request_id, ExtensionRequest.state == ExtensionState.pending)
        .values(state=state, decided_by=decided_by, decided_at=now)
    )
    if claimed.rowcount != 1:
        return None
    request = session.get(ExtensionRequest, request_id)
    session.refresh(request)
    if approve:
        assignment = session.get(Assignment, request.assignment_id)
        assignment.deadline = request.new_deadline
        assignment.next_nudge_at = NUDGE_RECOMPUTE
        session.add(assignment)
    audit(session, actor=f"tg:{decided_by}", action=f"extension.{state.value}",
          details=f"#{request.id} assignment {request.assignment_id} -> {request.new_deadline.isoformat()}")
    return request


def pending_extensions(session: Session, *, directive_id: int) -> list[tuple]:
    """Undecided requests of a directive, oldest first: (request, unit code, unit name, task number,
    requester name). The dashboard lists them for the admins to decide."""
    query = (
        select(ExtensionRequest, Unit.code, Unit.name, Task.number, FocalPoint.name)
        .join(Assignment, Assignment.id == ExtensionRequest.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .join(FocalPoint, FocalPoint.id == ExtensionRequest.focal_point_id)
        .where(Task.directive_id == directive_id, ExtensionRequest.state == ExtensionState.pending)
        .order_by(ExtensionRequest.created_at, ExtensionRequest.id)
    )
    return list(session.exec(query))
