"""Outbox: every message the bot initiates is first a row here, unique by dedupe key."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from db.models import OutboundMessage, OutboundState


def enqueue(
    session: Session,
    *,
    kind: str,
    chat_id: int,
    dedupe_key: str,
    payload: dict,
    now: datetime,
    assignment_id: int | None = None,
    focal_point_id: int | None = None,
    not_before: datetime | None = None,
) -> bool:
    """Insert a pending message unless its dedupe key exists. True when a row was added."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(OutboundMessage)
        .values(
            kind=kind,
            chat_id=chat_id,
            dedupe_key=dedupe_key,
            payload=json.dumps(payload, ensure_ascii=False),
            assignment_id=assignment_id,
            focal_point_id=focal_point_id,
            state=OutboundState.pending,
            attempts=0,
            not_before=not_before,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboundMessage.id)  # rowcount is not reliable for this statement on every driver
    )
    return session.exec(statement).first() is not None


def has_message(session: Session, *, dedupe_key: str) -> bool:
    """Whether a message with this dedupe key was ever queued (sent or not)."""
    return session.exec(select(OutboundMessage.id).where(OutboundMessage.dedupe_key == dedupe_key)).first() is not None


def enqueue_many(session: Session, *, rows: list[dict], now: datetime, chunk: int = 500) -> int:
    """`enqueue` for many rows (keys: kind, chat_id, dedupe_key, payload, assignment_id, focal_point_id)
    in multi-row statements; returns how many were new."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    added = 0
    for start in range(0, len(rows), chunk):
        values = [
            {"kind": r["kind"], "chat_id": r["chat_id"], "dedupe_key": r["dedupe_key"],
             "payload": json.dumps(r["payload"], ensure_ascii=False), "assignment_id": r.get("assignment_id"),
             "focal_point_id": r.get("focal_point_id"), "state": OutboundState.pending, "attempts": 0,
             "not_before": None, "created_at": now}
            for r in rows[start:start + chunk]
        ]
        statement = (
            insert(OutboundMessage).values(values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(OutboundMessage.id)
        )
        added += len(session.exec(statement).all())
    return added


def due_messages(session: Session, *, now: datetime, limit: int = 1000) -> list[OutboundMessage]:
    """The oldest pending row of each chat, when its time has come; oldest first, at most `limit` chats.

    One row per chat, picked in SQL: a chat with a long backlog (a /push, a repeated /nhiemvu) gets one
    row per pass like every other chat, so it never delays anyone else. A chat whose oldest row still waits
    (RetryAfter, backoff) gets nothing, so its messages keep their order."""
    oldest_per_chat = (
        select(func.min(OutboundMessage.id))
        .where(OutboundMessage.state == OutboundState.pending)
        .group_by(OutboundMessage.chat_id)
    )
    return list(
        session.exec(
            select(OutboundMessage)
            .where(
                OutboundMessage.id.in_(oldest_per_chat),
                or_(OutboundMessage.not_before.is_(None), OutboundMessage.not_before <= now),
            )
            .order_by(OutboundMessage.id)
            .limit(limit)
        )
    )


def pending_card_assignments(session: Session, *, focal_point_id: int, assignment_ids: list[int]) -> set[int]:
    """Of these assignments, those whose task card to this focal point is still waiting in the outbox."""
    if not assignment_ids:
        return set()
    return set(session.exec(
        select(OutboundMessage.assignment_id).where(
            OutboundMessage.focal_point_id == focal_point_id, OutboundMessage.state == OutboundState.pending,
            OutboundMessage.assignment_id.in_(assignment_ids), OutboundMessage.kind == "task",
        )
    ))


def chats_with_pending(session: Session, *, kind: str) -> set[int]:
    """Chats with a pending row of this kind (after a restart: direct answers still waiting)."""
    return set(session.exec(
        select(OutboundMessage.chat_id).where(OutboundMessage.state == OutboundState.pending,
                                              OutboundMessage.kind == kind).distinct()
    ))


def has_pending(session: Session, *, chat_id: int, kind: str | None = None) -> bool:
    """Whether this chat has a pending row (of this kind): a new message must queue behind it."""
    query = select(OutboundMessage.id).where(OutboundMessage.chat_id == chat_id,
                                             OutboundMessage.state == OutboundState.pending)
    if kind is not None:
        query = query.where(OutboundMessage.kind == kind)
    return session.exec(query.limit(1)).first() is not None


def fail_pending_for_chat(session: Session, *, chat_id: int, error: str) -> int:
    """A chat Telegram refuses: its other pending rows fail too instead of each being tried."""
    result = session.exec(
        update(OutboundMessage)
        .where(OutboundMessage.chat_id == chat_id, OutboundMessage.state == OutboundState.pending)
        .values(state=OutboundState.failed, error=error)
    )
    return result.rowcount


def assignment_for_message(session: Session, *, chat_id: int, message_id: int) -> int | None:
    """The assignment a sent task message belongs to (for replies to it)."""
    return session.exec(
        select(OutboundMessage.assignment_id).where(
            OutboundMessage.chat_id == chat_id, OutboundMessage.tg_message_id == message_id
        )
    ).first()
