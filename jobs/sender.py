"""The one sender: drains pending outbox rows, honouring Telegram's answers."""

from __future__ import annotations

import base64
import json
import logging
from datetime import timedelta

from sqlmodel import Session
from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from bot import texts
from bot.office_alerts import queue_office_alert
from bot.services import services
from db.models import OutboundMessage, OutboundState
from db.outbox import due_messages
from db.people import mark_unreachable

log = logging.getLogger(__name__)
BACKOFF_CAP_SECONDS = 300
UNREACHABLE_MARKERS = ("chat not found", "user is deactivated", "bot was blocked", "bot was kicked")


async def _deliver(bot, row: OutboundMessage) -> int:
    payload = json.loads(row.payload)
    markup = payload.get("reply_markup")
    reply_markup = InlineKeyboardMarkup.de_json(markup, bot) if markup else None
    if "document" in payload:
        with open(payload["document"], "rb") as fh:
            message = await bot.send_document(
                row.chat_id, fh, filename=payload.get("filename"), caption=payload.get("caption")
            )
    elif "photo_b64" in payload:
        message = await bot.send_photo(row.chat_id, base64.b64decode(payload["photo_b64"]),
                                       caption=payload.get("caption"))
    else:
        message = await bot.send_message(row.chat_id, payload["text"], reply_markup=reply_markup)
    return message.message_id


async def drain_outbox(app: Application, *, max_batches: int = 1000) -> int:
    """Send every due pending row; returns how many were sent. One drain at a time."""
    svc = services(app)
    sent = 0
    async with svc.outbox_lock:
        for _ in range(max_batches):
            with Session(svc.engine) as session:
                rows = due_messages(session, now=svc.now())
                session.expunge_all()
            if not rows:
                break
            for row in rows:
                outcome = await _send_and_record(app, row)
                if outcome == "sent":
                    sent += 1
                elif outcome == "throttled":
                    return sent  # RetryAfter: nothing more until the wait has passed
    return sent


async def _send_and_record(app: Application, row: OutboundMessage) -> str:
    svc = services(app)
    error: str | None = None
    message_id: int | None = None
    retry_in: float | None = None
    unreachable = False
    try:
        message_id = await _deliver(app.bot, row)
    except RetryAfter as exc:
        retry_in = exc.retry_after.total_seconds() if isinstance(exc.retry_after, timedelta) else exc.retry_after
        error = f"RetryAfter {retry_in}"
    except (Forbidden, BadRequest) as exc:
        error = str(exc)[:500]
        unreachable = isinstance(exc, Forbidden) or any(m in error.lower() for m in UNREACHABLE_MARKERS)
    except TelegramError as exc:  # network errors, timeouts, 5xx
        error = f"{type(exc).__name__}: {exc}"[:500]
        retry_in = min(2 ** min(row.attempts + 1, 16), BACKOFF_CAP_SECONDS)
    except OSError as exc:  # a payload file vanished: nothing to retry
        error = f"{type(exc).__name__}: {exc}"[:500]
    now = svc.now()
    with Session(svc.engine) as session:
        stored = session.get(OutboundMessage, row.id)
        stored.attempts += 1
        if message_id is not None:
            stored.state, stored.tg_message_id, stored.sent_at, stored.error = (
                OutboundState.sent, message_id, now, None,
            )
        elif retry_in is not None:
            stored.error, stored.not_before = error, now + timedelta(seconds=retry_in)
        else:
            stored.state, stored.error = OutboundState.failed, error
            log.warning("outbox %s to chat %s failed: %s", row.id, row.chat_id, error)
            if unreachable:
                for focal, unit in mark_unreachable(session, chat_id=row.chat_id, now=now):
                    queue_office_alert(
                        session, svc,
                        key=f"unreachable:{focal.id}:{int(now.timestamp())}",
                        text=texts.OFFICE_UNREACHABLE_ALERT.format(
                            code=texts.h(unit.code), name=texts.h(focal.name), error=texts.h(error)
                        ),
                    )
        session.add(stored)
        session.commit()
    if message_id is not None:
        return "sent"
    return "throttled" if error and error.startswith("RetryAfter") else "failed"


def kick_sender(app: Application) -> None:
    """Start a drain in the background (after a handler queued messages).

    When the application is not running (tests driving `process_update`, the demo), the
    caller drains explicitly; the rows are committed either way, so nothing is lost.
    """
    if app.running:
        app.create_task(drain_outbox(app), name="outbox-drain")


async def sender_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job: picks up retries and anything left after a restart."""
    await drain_outbox(context.application)
