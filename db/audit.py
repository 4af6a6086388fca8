"""Audit log: every office action and status change."""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import AuditLog


def audit(session: Session, *, actor: str, action: str, details: str = "") -> None:
    session.add(AuditLog(actor=actor, action=action, details=details[:2000]))


def latest_audit(session: Session, *, limit: int = 20) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)))
