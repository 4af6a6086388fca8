"""Alerts to the office chat go through the outbox like every bot-initiated message."""

from __future__ import annotations

from sqlmodel import Session

from bot import texts
from bot.services import Services
from db.outbox import enqueue


def office_alert_row(svc: Services, *, key: str, text: str) -> dict | None:
    """The outbox row of a message to OFFICE_CHAT_ID, for `enqueue_many` (None when it is not configured)."""
    chat_id = svc.settings.office_chat_id
    if chat_id is None:
        return None
    return {"kind": "office_alert", "chat_id": chat_id, "dedupe_key": f"office:{key}", "payload": {"text": text}}


def queue_office_alert(session: Session, svc: Services, *, key: str, text: str) -> bool:
    """Queue a message to OFFICE_CHAT_ID (nothing when it is not configured)."""
    row = office_alert_row(svc, key=key, text=text)
    return row is not None and enqueue(session, now=svc.now(), **row)


def unreachable_reason(error: str) -> str:
    """Telegram's English error as the plain Vietnamese reason the office reads (the raw text stays in the log)."""
    lowered = error.lower()
    if "blocked" in lowered or "kicked" in lowered:
        return texts.UNREACHABLE_REASON_BLOCKED
    if "deactivated" in lowered:
        return texts.UNREACHABLE_REASON_DEACTIVATED
    if "chat not found" in lowered or "user not found" in lowered:
        return texts.UNREACHABLE_REASON_NOT_FOUND
    return texts.UNREACHABLE_REASON_OTHER
