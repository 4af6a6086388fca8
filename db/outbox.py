"""Outbox: every message the bot initiates is first a row here, unique by dedupe key."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
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


def due_messages(session: Session, *, now: datetime, limit: int = 50) -> list[OutboundMessage]:
    """Pending rows whose time has come, oldest first; a chat with an earlier row still waiting
    (RetryAfter, backoff) gets nothing, so its messages keep their order."""
    earlier = aliased(OutboundMessage)
    waiting_before = (
        select(earlier.id)
        .where(
            earlier.chat_id == OutboundMessage.chat_id,
            earlier.state == OutboundState.pending,
            earlier.id < OutboundMessage.id,
            earlier.not_before > now,
        )
        .exists()
    )
    return list(
        session.exec(
            select(OutboundMessage)
            .where(
                OutboundMessage.state == OutboundState.pending,
                or_(OutboundMessage.not_before.is_(None), OutboundMessage.not_before <= now),
                ~waiting_before,
            )
            .order_by(OutboundMessage.id)
            .limit(limit)
        )
    )


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
