"""The weekly digest: Monday 08:30 (the next working day when Monday is off), to the office chat.

A named, idempotent job: the outbox dedupe keys carry the week, so a restart or a second run sends nothing twice.
"""

from __future__ import annotations

import asyncio
import base64

from sqlmodel import Session
from telegram.ext import Application, ContextTypes

from bot import texts
from bot.documents.chart import directive_chart_png  # matplotlib itself loads only when drawing
from bot.domain.dates import fmt_datetime
from bot.domain.reminders import DEFAULT_POLICY, weekly_slot
from bot.operations.office_views import overdue_lines, summary_page
from bot.operations.offload import run_on_directive
from bot.services import services
from db.directives import list_directives
from db.outbox import enqueue, has_message
from jobs.nudges import calendar_of
from jobs.sender import drain_outbox


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
        # In the worker process when there is one (bot/operations/offload.py): drawing holds the GIL for long stretches.
        png = run_on_directive(svc, directive.id, directive_chart_png, session=session, now=svc.now(),
                               tz=svc.settings.timezone)
        queued += enqueue(session, kind="digest", chat_id=chat_id, dedupe_key=f"{key}:{directive.id}:chart",
                          payload={"photo_b64": base64.b64encode(png).decode(),
                                   "caption": texts.h(directive.number)}, now=now)
    return queued


def queue_digest_in_db(svc, *, calendar, chat_id: int, key: str, once: bool = False) -> int:
    """`queue_digest` in its own session and transaction (run in a worker thread: the charts take seconds
    at scale). With `once`, nothing is worked out when this key's digest is queued already."""
    with Session(svc.engine) as session:
        if once and has_message(session, dedupe_key=f"{key}:header"):
            return 0  # this week's digest is queued already: no summaries or chart to work out again
        queued = queue_digest(session, svc, calendar=calendar, chat_id=chat_id, key=key)
        session.commit()
    return queued


async def weekly_digest(app: Application) -> int:
    """Monday 08:30 (next working day when Monday is off), once a week, in office hours."""
    svc = services(app)
    cal = calendar_of(app)
    now = svc.now()
    slot = weekly_slot(now, cal, DEFAULT_POLICY.digest_at)
    if svc.settings.office_chat_id is None or now < slot or not cal.is_working_time(now):
        return 0
    queued = await asyncio.to_thread(queue_digest_in_db, svc, calendar=cal, chat_id=svc.settings.office_chat_id,
                                     key=f"digest:{slot.date().isoformat()}", once=True)
    if queued:
        await drain_outbox(app)
    return queued


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job on the leader; idempotent through the outbox dedupe keys."""
    if services(context.application).is_leader:
        await weekly_digest(context.application)
