"""The one sender: drains pending outbox rows at Telegram's pace, honouring every answer.

- sent: the row is marked sent with Telegram's message id (replies to it map back to the task);
- RetryAfter: the whole sender pauses exactly that long and the row waits (`not_before`);
- network errors, timeouts, 5xx: retried with exponential backoff, capped;
- Forbidden / chat not found: the row fails for good, the focal point becomes unreachable and the
  office chat gets one alert.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
import uuid
from datetime import timedelta

from sqlmodel import Session
from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from bot import metrics, texts
from bot.delivery.direct_retry import OUTBOX, retry_after_seconds
from bot.delivery.office_alerts import queue_office_alert, unreachable_reason
from bot.delivery.ratelimit import SendLimiter
from bot.services import Services, services
from db.models import OutboundMessage, OutboundState
from db.outbox import chats_with_pending, due_messages, enqueue, fail_pending_for_chat, has_pending
from db.people import mark_unreachable

log = logging.getLogger(__name__)
BACKOFF_CAP_SECONDS = 300
NETWORK_PAUSE_CAP_SECONDS = 15
MAX_IN_FLIGHT = 8
BATCH = 1000  # wide enough to hold many chats, so per-chat spacing never starves the overall rate
UNREACHABLE_MARKERS = ("chat not found", "user is deactivated", "bot was blocked", "bot was kicked")


def _alive(svc: Services) -> None:
    """The sender ran or made progress now (/healthz on the leader, cchc_sender_last_run_timestamp_seconds)."""
    svc.sender_ran_at = time.time()
    metrics.SENDER_LAST_RUN.set(svc.sender_ran_at)


def limiter_of(svc: Services) -> SendLimiter:
    if svc.limiter is None:
        settings = svc.settings
        svc.limiter = SendLimiter(
            settings.rate_per_second if settings.rate_limit else None,
            settings.rate_per_chat_per_second if settings.rate_limit else None,
            pause_clock=lambda: svc.now().timestamp(),  # the service clock, so tests can move it
        )
    return svc.limiter


async def _deliver(bot, row: OutboundMessage) -> int:
    payload = json.loads(row.payload)
    markup = payload.get("reply_markup")
    reply_markup = InlineKeyboardMarkup.de_json(markup, bot) if markup else None
    caption = payload.get("caption")
    if "edit_message_id" in payload:  # a direct edit Telegram refused for the moment (bot/delivery/direct_retry.py)
        await bot.edit_message_text(payload["text"], chat_id=row.chat_id, message_id=payload["edit_message_id"],
                                    reply_markup=reply_markup, rate_limit_args=OUTBOX)
        return payload["edit_message_id"]
    if "photo_b64" in payload or "photo_id" in payload:
        photo = base64.b64decode(payload["photo_b64"]) if "photo_b64" in payload else payload["photo_id"]
        message = await bot.send_photo(row.chat_id, photo, caption=caption, rate_limit_args=OUTBOX)
    elif "document_b64" in payload or "document_id" in payload:
        document = base64.b64decode(payload["document_b64"]) if "document_b64" in payload else payload["document_id"]
        message = await bot.send_document(row.chat_id, document, filename=payload.get("filename"), caption=caption,
                                          rate_limit_args=OUTBOX)
    else:
        message = await bot.send_message(row.chat_id, payload["text"], reply_markup=reply_markup,
                                         disable_web_page_preview=True if payload.get("no_preview") else None,
                                         rate_limit_args=OUTBOX)
    return message.message_id


async def drain_outbox(app: Application) -> int:
    """Send every due pending row; returns how many were sent. One drain at a time per process."""
    svc = services(app)
    limiter = limiter_of(svc)
    sent = 0
    in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def send(row: OutboundMessage) -> str:
        async with in_flight:
            if limiter.paused_for > 0:
                return "deferred"  # a RetryAfter arrived while this row waited its turn
            return await _send_and_record(app, row, limiter)

    async with svc.outbox_lock:
        while True:
            _alive(svc)
            with Session(svc.engine) as session:
                rows = due_messages(session, now=svc.now(), limit=BATCH)
                session.expunge_all()
            if not rows:
                break
            tasks = []
            waiting = []
            for row in rows:
                if limiter.paused_for > 0:
                    break
                # A chat still inside its spacing waits for a later pass; other chats go ahead.
                if (wait := limiter.chat_wait(row.chat_id)) > 0 or any(t[0] == row.chat_id for t in tasks):
                    waiting.append(wait)
                    continue
                await limiter.acquire(row.chat_id)
                tasks.append((row.chat_id, asyncio.ensure_future(send(row))))
            outcomes = await asyncio.gather(*(task for _, task in tasks))
            sent += outcomes.count("sent")
            if "network" in outcomes and "sent" not in outcomes:
                # Telegram (or the network) is down: back off as a whole instead of trying every row.
                svc.network_failures += 1
                limiter.pause(min(2 ** svc.network_failures, NETWORK_PAUSE_CAP_SECONDS))
            elif "sent" in outcomes:
                svc.network_failures = 0
            if limiter.paused_for > 0:
                _resume_after(app, limiter.paused_for)
                break  # RetryAfter or an outage: resume exactly when the wait is over
            if not tasks:
                await asyncio.sleep(max(0.01, min(waiting, default=0.05)))
        if svc.answer_chats:  # bounded memory: keep only the chats whose refused answers still wait
            with Session(svc.engine) as session:
                svc.answer_chats &= chats_with_pending(session, kind=ANSWER)
    return sent


async def _send_and_record(app: Application, row: OutboundMessage, limiter: SendLimiter) -> str:
    svc = services(app)
    error: str | None = None
    message_id: int | None = None
    retry_in: float | None = None
    unreachable = network = False
    try:
        message_id = await _deliver(app.bot, row)
    except RetryAfter as exc:
        metrics.MESSAGES_REFUSED.labels("outbox", "429").inc()
        retry_in = retry_after_seconds(exc)
        limiter.pause(retry_in)
        error = f"RetryAfter {retry_in}"
        log.warning("Telegram asked to wait %s s (outbox %s)", retry_in, row.id)
    except (Forbidden, BadRequest) as exc:
        metrics.MESSAGES_REFUSED.labels("outbox", "403" if isinstance(exc, Forbidden) else "400").inc()
        error = str(exc)[:500]
        unreachable = isinstance(exc, Forbidden) or any(m in error.lower() for m in UNREACHABLE_MARKERS)
    except TelegramError as exc:  # network errors, timeouts, 5xx
        metrics.MESSAGES_REFUSED.labels("outbox", "network").inc()
        error = f"{type(exc).__name__}: {exc}"[:500]
        retry_in = min(2 ** min(row.attempts + 1, 16), BACKOFF_CAP_SECONDS)
        network = True
    except Exception as exc:  # a malformed payload: fail the row, never the sender
        log.exception("outbox %s could not be sent", row.id)
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
                fail_pending_for_chat(session, chat_id=row.chat_id, error=error)
                for focal, unit in mark_unreachable(session, chat_id=row.chat_id, now=now):
                    queue_office_alert(
                        session, svc,
                        key=f"unreachable:{focal.id}:{int(now.timestamp())}",
                        text=texts.OFFICE_UNREACHABLE_ALERT.format(
                            unit=texts.h(unit.name), name=texts.h(focal.name), error=unreachable_reason(error)
                        ),
                    )
        session.add(stored)
        session.commit()
    _alive(svc)
    if message_id is not None:
        metrics.MESSAGES_SENT.labels("outbox").inc()
        return "sent"
    if network:
        return "network"
    return "retry" if retry_in is not None else "failed"


def _resume_after(app: Application, seconds: float) -> None:
    if app.running and app.job_queue is not None:
        app.job_queue.run_once(sender_job, when=seconds + 0.01, name="outbox-resume")


ANSWER = "answer"  # outbox kind of a direct answer Telegram refused for the moment


def queue_answer(app: Application, chat_id: int, payload: dict, wait: float) -> bool:
    """A direct answer Telegram refused (RetryAfter, network error) as an outbox row, sent when allowed;
    until it is, this chat's later answers queue behind it (`answers_waiting`)."""
    svc = services(app)
    now = svc.now()
    with Session(svc.engine) as session:
        enqueue(session, kind=ANSWER, chat_id=chat_id, dedupe_key=f"{ANSWER}:{chat_id}:{uuid.uuid4().hex}",
                payload=payload, now=now, not_before=now + timedelta(seconds=wait) if wait else None)
        session.commit()
    svc.answer_chats.add(chat_id)
    kick_sender(app)
    return True


def answers_waiting(app: Application, chat_id: int) -> bool:
    """Whether this chat has refused answers still waiting in the outbox (the set only spares the query
    for chats that never had one; it is filled from the database at start-up)."""
    svc = services(app)
    if chat_id not in svc.answer_chats:
        return False
    with Session(svc.engine) as session:
        if has_pending(session, chat_id=chat_id, kind=ANSWER):
            return True
    svc.answer_chats.discard(chat_id)
    return False


def load_waiting_answers(app: Application) -> None:
    """At start-up: the chats whose refused answers a previous run left in the outbox."""
    svc = services(app)
    with Session(svc.engine) as session:
        svc.answer_chats.update(chats_with_pending(session, kind=ANSWER))


def kick_sender(app: Application) -> None:
    """Start a drain in the background (after a handler queued messages).

    A drain already running picks the new rows up itself. When the application is not running
    (tests driving `process_update`, the demo), the caller drains explicitly; the rows are
    committed either way, so nothing is lost.
    """
    svc = services(app)
    if app.running and svc.is_leader and not svc.outbox_lock.locked():
        app.create_task(drain_outbox(app), name="outbox-drain")


async def sender_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job: picks up retries and anything left after a restart (leader only)."""
    svc = services(context.application)
    if svc.is_leader and not svc.outbox_lock.locked():
        await drain_outbox(context.application)
