"""Office members (admins and viewers) beyond the bootstrap admins in settings."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.domain.enums import OfficeRole
from db.audit import audit
from db.models import OfficeMember


def set_member(session: Session, *, tg_user_id: int, role: OfficeRole, name: str, actor: str,
               now: datetime) -> OfficeMember:
    member = session.exec(select(OfficeMember).where(OfficeMember.tg_user_id == tg_user_id)).first()
    if member is None:
        member = OfficeMember(tg_user_id=tg_user_id, role=role, name=name, created_at=now)
    member.role = role
    session.add(member)
    audit(session, actor=actor, action="staff.set", details=f"{tg_user_id} {role.value}")
    return member


def remove_member(session: Session, *, tg_user_id: int, actor: str) -> bool:
    member = session.exec(select(OfficeMember).where(OfficeMember.tg_user_id == tg_user_id)).first()
    if member is None:
        return False
    session.delete(member)
    audit(session, actor=actor, action="staff.remove", details=str(tg_user_id))
    return True


def list_members(session: Session) -> list[OfficeMember]:
    return list(session.exec(select(OfficeMember).order_by(OfficeMember.role, OfficeMember.tg_user_id)))


def admin_user_ids(session: Session, *, bootstrap: tuple[int, ...]) -> list[int]:
    """Every admin: the bootstrap ones from settings and those added with /staff (their private chats)."""
    added = session.exec(select(OfficeMember.tg_user_id).where(OfficeMember.role == OfficeRole.admin))
    return sorted(set(bootstrap) | set(added))
