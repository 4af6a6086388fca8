"""The chart (/chart) and the digest on demand (/digest); the Monday job is jobs/digest.py."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.documents.chart import directive_chart_png  # matplotlib itself loads only when drawing
from bot.domain.dates import fmt_datetime
from bot.services import services
from handlers.office import office_only
from handlers.review import directive_from_args, on_directive_in_thread
from jobs.digest import queue_digest_in_db
from jobs.nudges import calendar_of

log = logging.getLogger(__name__)


@office_only(office_chat=True)
async def chart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/chart [directive]: a unit × task heatmap as a photo."""
    svc = services(context)
    now, tz = svc.now(), svc.settings.timezone
    if (directive := await directive_from_args(update, context)) is None:
        return
    png = await on_directive_in_thread(svc, directive.id, directive_chart_png, now=now, tz=tz)
    await update.effective_message.reply_photo(png, caption=texts.CHART_TITLE.format(
        number=texts.h(directive.number), at=fmt_datetime(now, tz)))


@office_only(office_chat=True)
async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest: the weekly digest now, to the office chat (or to the asker when none is set)."""
    svc = services(context)
    chat_id = svc.settings.office_chat_id or update.effective_chat.id
    # Summaries and a chart per open directive: seconds at scale, so a worker thread with its own session.
    await asyncio.to_thread(queue_digest_in_db, svc, calendar=calendar_of(context), chat_id=chat_id,
                            key=f"digest-now:{update.update_id}")
    await update.effective_message.reply_text(
        texts.DIGEST_QUEUED if svc.settings.office_chat_id else texts.DIGEST_NO_CHAT)
    services(context.application).wake_sender()
