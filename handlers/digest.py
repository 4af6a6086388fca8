"""The chart (/chart) and the weekly digest (/digest, and the Monday job) for the office."""

from __future__ import annotations

import base64
import logging

from sqlmodel import Session
from telegram import Update
from telegram.ext import Application, ContextTypes

from bot import texts
from bot.chart import directive_chart_png  # matplotlib itself loads only when drawing
from bot.dates import fmt_datetime
from bot.reminders import DEFAULT_POLICY, weekly_slot
from bot.services import services
from db.directives import list_directives
from db.outbox import enqueue
from handlers.office import office_only
from handlers.review import directive_or_reply, overdue_lines, summary_page
from jobs.nudges import calendar_of
from jobs.sender import drain_outbox, kick_sender

log = logging.getLogger(__name__)


@office_only()
async def chart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/chart [directive]: a unit × task heatmap as a photo."""
    svc = services(context)
    with Session(svc.engine) as session:
        if (directive := await directive_or_reply(update, session, context.args or [])) is None:
            return
        png = directive_chart_png(session, directive=directive, now=svc.now(), tz=svc.settings.timezone)
        caption = texts.CHART_TITLE.format(number=texts.h(directive.number),
                                           at=fmt_datetime(svc.now(), svc.settings.timezone))
    await update.effective_message.reply_photo(png, caption=caption)


def queue_digest(session: Session, svc, *, calendar, chat_id: int, key: str) -> int:
    """Summary header, overdue list and chart of every open directive, as outbox rows."""
    now = svc.now()
    queued = 0
    header = texts.DIGEST_HEADER.format(at=fmt_datetime(now, svc.settings.timezone))
    queued += enqueue(session, kind="digest", chat_id=chat_id, dedupe_key=f"{key}:header",
                      payload={"text": header}, now=now)
    for directive in list_directives(session, open_only=True):
        text, _ = summary_page(session, svc, directive, 0, header_only=True)
        overdue = "\n".join(overdue_lines(session, svc, directive, calendar=calendar))
        queued += enqueue(session, kind="digest", chat_id=chat_id, dedupe_key=f"{key}:{directive.id}:text",
                          payload={"text": f"{text}\n\n{overdue}"[:4000]}, now=now)
        png = directive_chart_png(session, directive=directive, now=svc.now(), tz=svc.settings.timezone)
        queued += enqueue(session, kind="digest", chat_id=chat_id, dedupe_key=f"{key}:{directive.id}:chart",
                          payload={"photo_b64": base64.b64encode(png).decode(),
                                   "caption": texts.h(directive.number)}, now=now)
    return queued


@office_only()
async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest: the weekly digest now, to the office chat (or to the asker when none is set)."""
    svc = services(context)
    chat_id = svc.settings.office_chat_id or update.effective_chat.id
    with Session(svc.engine) as session:
        queue_digest(session, svc, calendar=calendar_of(context), chat_id=chat_id, key=f"digest-now:{update.update_id}")
        session.commit()
    await update.effective_message.reply_text(
        texts.DIGEST_QUEUED if svc.settings.office_chat_id else texts.DIGEST_NO_CHAT)
    kick_sender(context.application)


async def weekly_digest(app: Application) -> int:
    """Monday 08:30 (next working day when Monday is off), once a week, in office hours."""
    svc = services(app)
    cal = calendar_of(app)
    now = svc.now()
    slot = weekly_slot(now, cal, DEFAULT_POLICY.digest_at)
    if svc.settings.office_chat_id is None or now < slot or not cal.is_working_time(now):
        return 0
    with Session(svc.engine) as session:
        queued = queue_digest(session, svc, calendar=cal, chat_id=svc.settings.office_chat_id,
                              key=f"digest:{slot.date().isoformat()}")
        session.commit()
    if queued:
        await drain_outbox(app)
    return queued


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job on the leader; idempotent through the outbox dedupe keys."""
    if services(context.application).is_leader:
        await weekly_digest(context.application)
