"""Audit log: every office action and status change."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.domain.audit_view import AuditNames, AuditRefs
from db.models import Assignment, AuditLog, FocalPoint, OfficeMember, Task, Unit


def audit(session: Session, *, actor: str, action: str, details: str = "") -> None:
    session.add(AuditLog(actor=actor, action=action, details=details[:2000]))


def latest_audit(session: Session, *, limit: int = 20) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)))


def audit_names(session: Session, *, refs: AuditRefs) -> AuditNames:
    """The names a page of audit entries refers to: four small queries over the ids it mentions."""
    people: dict[int, str] = {}
    if refs.user_ids:
        for user_id, name in session.exec(select(FocalPoint.tg_user_id, FocalPoint.name)
                                          .where(FocalPoint.tg_user_id.in_(list(refs.user_ids)))):
            people.setdefault(user_id, name)
        for user_id, name in session.exec(select(OfficeMember.tg_user_id, OfficeMember.name)
                                          .where(OfficeMember.tg_user_id.in_(list(refs.user_ids)))):
            if name:
                people.setdefault(user_id, name)
    # Rows as pairs: dict(result) would take the Result for a mapping (it has .keys()).
    units = {c: n for c, n in session.exec(select(Unit.code, Unit.name).where(Unit.code.in_(list(refs.codes))))}
    by_id = {i: n for i, n in session.exec(select(Unit.id, Unit.name).where(Unit.id.in_(list(refs.unit_ids))))}
    assignments = {}
    if refs.assignment_ids:
        query = (select(Assignment.id, Unit.name, Task.number).join(Unit, Unit.id == Assignment.unit_id)
                 .join(Task, Task.id == Assignment.task_id).where(Assignment.id.in_(list(refs.assignment_ids))))
        assignments = {a: (name, number) for a, name, number in session.exec(query)}
    return AuditNames(people=people, units=units, units_by_id=by_id, assignments=assignments)
