"""Alerts to the office chat go through the outbox like every bot-initiated message."""

from __future__ import annotations

from sqlmodel import Session

from bot.services import Services
from db.outbox import enqueue


def queue_office_alert(session: Session, svc: Services, *, key: str, text: str) -> bool:
    """Queue a message to OFFICE_CHAT_ID (nothing when it is not configured)."""
    chat_id = svc.settings.office_chat_id
    if chat_id is None:
        return False
    return enqueue(
        session, kind="office_alert", chat_id=chat_id, dedupe_key=f"office:{key}",
        payload={"text": text}, now=svc.now(),
    )
