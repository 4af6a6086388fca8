"""Deadline extension requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from db.audit import audit
from db.models import (
    NUDGE_RECOMPUTE,
    Assignment,
    Directive,
    ExtensionRequest,
    ExtensionState,
    FocalPoint,
    Task,
    Unit,
)


def request_extension(session: Session, *, assignment: Assignment, focal: FocalPoint, new_deadline: date,
                      reason: str, now: datetime) -> ExtensionRequest:
    """A new request; any older pending request for the same assignment is superseded by it."""
    superseded = session.exec(
        update(ExtensionRequest)
        .where(ExtensionRequest.assignment_id == assignment.id, ExtensionRequest.state == ExtensionState.pending)
        .values(state=ExtensionState.superseded, decided_at=now)
        .returning(ExtensionRequest.id)
    ).all()
    request = ExtensionRequest(assignment_id=assignment.id, focal_point_id=focal.id, old_deadline=assignment.deadline,
                               new_deadline=new_deadline, reason=reason, created_at=now)
    session.add(request)
    session.flush()
    replaced = f" (supersedes #{', #'.join(str(r) for r in superseded)})" if superseded else ""
    audit(session, actor=f"tg:{focal.tg_user_id}", action="extension.request",
          details=f"#{request.id} assignment {assignment.id} -> {new_deadline.isoformat()} {reason}{replaced}")
    return request


class Decision(NamedTuple):
    request: ExtensionRequest | None  # the decided request, or None when refused
    refused: str | None = None  # "unknown", "decided", "superseded" or "closed"


def decide_extension(session: Session, *, request_id: int, approve: bool, decided_by: int,
                     now: datetime) -> Decision:
    """Approve or reject a pending request once. Only the newest pending request of an assignment can be
    approved, and only while its directive is open: an older approval would move the deadline back."""
    state = ExtensionState.approved if approve else ExtensionState.rejected
    conditions = [ExtensionRequest.id == request_id, ExtensionRequest.state == ExtensionState.pending]
    if approve:
        newer = aliased(ExtensionRequest)
        conditions.append(~select(newer.id).where(
            newer.assignment_id == ExtensionRequest.assignment_id, newer.id > ExtensionRequest.id,
            newer.state == ExtensionState.pending).exists())
        conditions.append(select(Directive.id).join(Task, Task.directive_id == Directive.id)
                          .join(Assignment, Assignment.task_id == Task.id)
                          .where(Assignment.id == ExtensionRequest.assignment_id, Directive.is_open).exists())
    claimed = session.exec(
        update(ExtensionRequest).where(*conditions).values(state=state, decided_by=decided_by, decided_at=now)
    )
    if claimed.rowcount != 1:
        return Decision(None, _why_not(session, request_id))
    request = session.get(ExtensionRequest, request_id)
    session.refresh(request)
    if approve:
        assignment = session.get(Assignment, request.assignment_id)
        assignment.deadline = request.new_deadline
        assignment.next_nudge_at = NUDGE_RECOMPUTE
        session.add(assignment)
    audit(session, actor=f"tg:{decided_by}", action=f"extension.{state.value}",
          details=f"#{request.id} assignment {request.assignment_id} -> {request.new_deadline.isoformat()}")
    return Decision(request)


def _why_not(session: Session, request_id: int) -> str:
    request = session.get(ExtensionRequest, request_id)
    if request is None:
        return "unknown"
    if request.state == ExtensionState.superseded:
        return "superseded"
    if request.state != ExtensionState.pending:
        return "decided"
    newer = session.exec(select(ExtensionRequest.id).where(
        ExtensionRequest.assignment_id == request.assignment_id, ExtensionRequest.id > request.id,
        ExtensionRequest.state == ExtensionState.pending)).first()
    if newer is not None:  # rows from before requests superseded each other
        request.state, request.decided_at = ExtensionState.superseded, request.created_at
        session.add(request)
        return "superseded"
    return "closed"


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
