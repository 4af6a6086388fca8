"""Focal points, invites and office members."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import bindparam, case, update
from sqlmodel import Session, select

from bot.domain.enums import FocalRole, FocalState, OfficeRole
from db.audit import audit
from db.models import FocalPoint, Invite, OfficeMember, Unit

INVITE_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def hash_invite_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def create_invite(
    session: Session, *, unit: Unit, role: FocalRole, created_by: str, now: datetime, ttl_days: int
) -> tuple[str, Invite]:
    """Return the bare code (shown once, never stored) and the stored invite."""
    code = secrets.token_urlsafe(16)  # 128 random bits, deep-link safe alphabet
    invite = Invite(
        unit_id=unit.id,
        role=role,
        code_hash=hash_invite_code(code),
        expires_at=now + timedelta(days=ttl_days),
        created_by=created_by,
        created_at=now,
    )
    session.add(invite)
    audit(session, actor=created_by, action="invite.create", details=f"{unit.code} {role.value}")
    return code, invite


class RedeemOutcome(StrEnum):
    registered = "registered"
    malformed = "malformed"
    unknown = "unknown"
    used = "used"
    expired = "expired"
    other_unit = "other_unit"
    same_unit = "same_unit"


@dataclass
class RedeemResult:
    outcome: RedeemOutcome
    unit: Unit | None = None
    focal: FocalPoint | None = None
    invite: Invite | None = None


def current_focal(session: Session, *, tg_user_id: int) -> FocalPoint | None:
    """The person's registration that is not revoked (active or unreachable)."""
    return session.exec(
        select(FocalPoint)
        .where(FocalPoint.tg_user_id == tg_user_id, FocalPoint.state != FocalState.revoked)
        .order_by(FocalPoint.id.desc())
    ).first()


def redeem_invite(
    session: Session, *, code: str, tg_user_id: int, chat_id: int, name: str, now: datetime
) -> RedeemResult:
    """Bind a Telegram user to the invite's unit; bad codes change nothing."""
    if not INVITE_CODE_RE.match(code or ""):
        return RedeemResult(RedeemOutcome.malformed)
    invite = session.exec(select(Invite).where(Invite.code_hash == hash_invite_code(code))).first()
    if invite is None:
        return RedeemResult(RedeemOutcome.unknown)
    unit = session.get(Unit, invite.unit_id)
    if invite.used_at is not None:
        return RedeemResult(RedeemOutcome.used, unit=unit, invite=invite)
    if invite.expires_at <= now:
        return RedeemResult(RedeemOutcome.expired, unit=unit, invite=invite)
    existing = current_focal(session, tg_user_id=tg_user_id)
    if existing is not None:
        outcome = RedeemOutcome.same_unit if existing.unit_id == unit.id else RedeemOutcome.other_unit
        return RedeemResult(outcome, unit=session.get(Unit, existing.unit_id), focal=existing, invite=invite)
    # Conditional update: of two people racing for one code, exactly one wins.
    claimed = session.exec(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None))
        .values(used_at=now, used_by=tg_user_id)
    )
    if claimed.rowcount != 1:
        return RedeemResult(RedeemOutcome.used, unit=unit, invite=invite)
    has_primary = session.exec(
        select(FocalPoint.id).where(
            FocalPoint.unit_id == unit.id,
            FocalPoint.role == FocalRole.primary,
            FocalPoint.state != FocalState.revoked,
        )
    ).first()
    role = FocalRole.deputy if invite.role == FocalRole.deputy or has_primary else FocalRole.primary
    focal = FocalPoint(
        unit_id=unit.id, tg_user_id=tg_user_id, chat_id=chat_id, name=name[:200] or str(tg_user_id),
        role=role, created_at=now, updated_at=now,
    )
    session.add(focal)
    session.flush()
    audit(session, actor=f"tg:{tg_user_id}", action="focal.register", details=f"{unit.code} {role.value} {name}")
    return RedeemResult(RedeemOutcome.registered, unit=unit, focal=focal, invite=invite)


def revoke_focal(
    session: Session, *, unit: Unit, tg_user_id: int, actor: str, now: datetime
) -> FocalPoint | None:
    focal = session.exec(
        select(FocalPoint).where(
            FocalPoint.unit_id == unit.id,
            FocalPoint.tg_user_id == tg_user_id,
            FocalPoint.state != FocalState.revoked,
        )
    ).first()
    if focal is None:
        return None
    focal.state, focal.updated_at = FocalState.revoked, now
    session.add(focal)
    audit(session, actor=actor, action="focal.revoke", details=f"{unit.code} {tg_user_id} {focal.name}")
    return focal


# Primary before deputies on every backend (SQLite sorts the enum's text, PostgreSQL its declaration order).
PRIMARY_FIRST = case((FocalPoint.role == FocalRole.primary, 0), else_=1)


def unit_focal_points(session: Session, *, unit_id: int, include_revoked: bool = False) -> list[FocalPoint]:
    query = select(FocalPoint).where(FocalPoint.unit_id == unit_id).order_by(PRIMARY_FIRST, FocalPoint.id)
    if not include_revoked:
        query = query.where(FocalPoint.state != FocalState.revoked)
    return list(session.exec(query))


def reachable_focal_points(session: Session, *, unit_ids: list[int]) -> list[FocalPoint]:
    return list(
        session.exec(
            select(FocalPoint)
            .where(FocalPoint.unit_id.in_(unit_ids), FocalPoint.state == FocalState.active)
            .order_by(FocalPoint.unit_id, FocalPoint.id)
        )
    )


def office_role(session: Session, *, tg_user_id: int, admin_ids: tuple[int, ...]) -> OfficeRole | None:
    """Admins from settings always count; others from the OfficeMember table."""
    if tg_user_id in admin_ids:
        return OfficeRole.admin
    member = session.exec(select(OfficeMember).where(OfficeMember.tg_user_id == tg_user_id)).first()
    return member.role if member else None


def mark_unreachable(session: Session, *, chat_id: int, now: datetime) -> list[tuple[FocalPoint, Unit]]:
    """Active focal points behind a chat Telegram refuses; returns those that changed."""
    changed = []
    for focal in session.exec(
        select(FocalPoint).where(FocalPoint.chat_id == chat_id, FocalPoint.state == FocalState.active)
    ):
        focal.state, focal.updated_at = FocalState.unreachable, now
        session.add(focal)
        unit = session.get(Unit, focal.unit_id)
        audit(session, actor="system", action="focal.unreachable", details=f"{unit.code} {focal.tg_user_id}")
        changed.append((focal, unit))
    return changed


def mark_reachable(session: Session, *, focal: FocalPoint, now: datetime) -> bool:
    """A person who writes to the bot again can be reached again."""
    if focal.state != FocalState.unreachable:
        return False
    focal.state, focal.updated_at = FocalState.active, now
    session.add(focal)
    audit(session, actor=f"tg:{focal.tg_user_id}", action="focal.reachable", details=str(focal.unit_id))
    return True


@dataclass
class Identity:
    focal: FocalPoint | None
    unit: Unit | None
    office: OfficeRole | None


_FOCAL_AND_UNIT = (
    select(FocalPoint, Unit)
    .join(Unit, Unit.id == FocalPoint.unit_id)
    .where(FocalPoint.tg_user_id == bindparam("user_id"), FocalPoint.state != FocalState.revoked)
    .order_by(FocalPoint.id.desc())
    .limit(1)
)


def identify(session: Session, *, tg_user_id: int, admin_ids: tuple[int, ...],
             office_if_focal: bool = True) -> Identity:
    """Who is writing: their focal-point registration and unit (one query), and office role.

    `office_if_focal=False` skips the office lookup for registered focal points (the hot path of
    status replies, where the role is not used).
    """
    row = session.exec(_FOCAL_AND_UNIT, params={"user_id": tg_user_id}).first()
    focal, unit = row if row else (None, None)
    office = None
    if focal is None or office_if_focal:
        office = office_role(session, tg_user_id=tg_user_id, admin_ids=admin_ids)
    return Identity(focal, unit, office)
