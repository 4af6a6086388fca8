"""Status reports from focal points: buttons, evidence files, /skip, /nhiemvu (texts: handlers/replies.py)."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from pathlib import PurePath

from sqlmodel import Session
from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import texts
from bot.delivery.push import queue_task_cards
from bot.domain.callback_data import ChooseTask
from bot.domain.dates import fmt_datetime
from bot.domain.enums import ReportSource
from bot.domain.evidence import TELEGRAM_DOWNLOAD_MB
from bot.operations.cards import status_keyboard, task_card
from bot.operations.reporting import MAX_NOTE_CHARS, Applied, apply_report
from bot.services import services
from db.answers import claim_answer
from db.conversation import (
    await_note,
    prompt_assignment,
    remember_prompt,
    stop_waiting,
    take_pending_note,
    waiting_assignment,
)
from db.outbox import assignment_for_message, pending_card_assignments
from db.people import identify, mark_reachable
from db.reports import open_assignments
from handlers.common import to_markup
from handlers.replies import confirmation_line
from jobs.evidence import wake_archive

log = logging.getLogger(__name__)

EVIDENCE_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".heic", ".webp"}
MAX_EVIDENCE_MB = TELEGRAM_DOWNLOAD_MB  # what a bot can download from Telegram, so archive


def _recorded(applied: Applied, tz, now) -> str:
    return "\n".join([texts.RECORDED.format(at=fmt_datetime(now, tz)),
                      confirmation_line(applied.view.task.number, applied.report.status, applied.report.note)])


async def on_status_button(update: Update, context: ContextTypes.DEFAULT_TYPE, data) -> None:
    """A status button (or a 'which task?' choice): store, answer, update the message, offer a note."""
    svc = services(context)
    query = update.callback_query
    now = svc.now()
    tz = svc.settings.timezone
    user_id = update.effective_user.id
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=user_id, admin_ids=svc.settings.admin_ids)
        note = take_pending_note(session, tg_user_id=user_id, assignment_id=data.assignment_id, now=now,
                                 which_task=isinstance(data, ChooseTask)) if identity.focal else None
        result = apply_report(
            session, focal=identity.focal, assignment_id=data.assignment_id, status=data.status,
            source=ReportSource.button, now=now, note=note,
        )
        if isinstance(result, Applied):
            mark_reachable(session, focal=identity.focal, now=now)
            await_note(session, tg_user_id=user_id, assignment_id=data.assignment_id, now=now)
            session.commit()
            confirmation = _recorded(result, tz, now)
            card = task_card(result.view, tz, updated=now)[-1]
        # refused: nothing was written (the session closes without a commit)
    if not isinstance(result, Applied):
        await query.answer(texts.NO_PERMISSION, show_alert=True)
        return
    await query.answer(confirmation[:200])
    keyboard = query.message.reply_markup.inline_keyboard if query.message and query.message.reply_markup else ()
    try:
        if isinstance(data, ChooseTask):
            await query.edit_message_text(confirmation)
        elif len(keyboard) > 1:
            # A grouped nudge (a row of buttons per task): keep it whole, confirm below it.
            await query.message.reply_text(confirmation)
        else:
            await query.edit_message_text(card, reply_markup=to_markup(status_keyboard(data.assignment_id)))
    except BadRequest as exc:  # message too old to edit, or unchanged: the report is stored anyway
        log.info("could not edit message after status button: %s", exc)
    prompt = await query.message.reply_text(texts.ASK_NOTE.format(task=result.view.task.number))
    if not prompt.message_id:
        return  # refused for now and queued in the outbox: its message id is not known yet
    with Session(svc.engine) as session:  # a reply to the prompt is a note for this task, in any process
        remember_prompt(session, tg_user_id=user_id, message_id=prompt.message_id, assignment_id=data.assignment_id,
                        now=now)
        session.commit()


async def on_evidence(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document as evidence for a task (reply to the task message, or after a button)."""
    svc = services(context)
    message = update.effective_message
    now = svc.now()
    if message.document:
        file_id, size = message.document.file_id, message.document.file_size
        name, unique_id = message.document.file_name or "tep", message.document.file_unique_id
    else:
        photo = message.photo[-1]
        file_id, size, name = photo.file_id, photo.file_size, f"anh-{photo.file_unique_id}.jpg"
        unique_id = photo.file_unique_id
    archive = False
    caption = (message.caption or "").strip() or None
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        target = _file_target(session, message, now)
        if identity.focal is None:
            text = texts.NOT_FOCAL
        elif PurePath(name.lower()).suffix not in EVIDENCE_EXTENSIONS:
            text = texts.EVIDENCE_BAD_TYPE.format(name=texts.h(name))
        elif size and size > MAX_EVIDENCE_MB * 1024 * 1024:
            text = texts.EVIDENCE_TOO_BIG.format(
                name=texts.h(name), size=round(size / 1024 / 1024, 1), limit=MAX_EVIDENCE_MB
            )
        elif caption and len(caption) > MAX_NOTE_CHARS:
            text = texts.NOTE_TOO_LONG.format(length=len(caption), limit=MAX_NOTE_CHARS)
        elif target is None:
            text = texts.EVIDENCE_NO_TASK
        else:
            mark_reachable(session, focal=identity.focal, now=now)
            result = apply_report(session, focal=identity.focal, assignment_id=target, status=None,
                                  source=ReportSource.file, now=now, note=caption,
                                  evidence=(file_id, name[:200], size, unique_id))
            if isinstance(result, Applied):
                archive = True
                text = texts.RECORDED_EVIDENCE.format(name=texts.h(name), task=result.view.task.number,
                                                      at=fmt_datetime(now, svc.settings.timezone))
            else:
                text = texts.NO_PERMISSION
            session.commit()
    if archive:
        wake_archive(context.application)  # the province's own copy, within seconds (jobs/evidence.py)
    await message.reply_text(text)


def _file_target(session: Session, message: Message, now) -> int | None:
    """The task a file is for: the task message or prompt it replies to, else the button just pressed."""
    if message.reply_to_message is not None:
        replied = message.reply_to_message.message_id
        return prompt_assignment(session, tg_user_id=message.from_user.id, message_id=replied, now=now) \
            or assignment_for_message(session, chat_id=message.chat_id, message_id=replied)
    return waiting_assignment(session, tg_user_id=message.from_user.id, now=now)


async def on_skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/skip: no note after a button."""
    svc = services(context)
    with Session(svc.engine) as session:
        stop_waiting(session, tg_user_id=update.effective_user.id)
        session.commit()
    await update.effective_message.reply_text(texts.SKIPPED)


TASKS_REPEAT = timedelta(minutes=1)  # /nhiemvu sent again within this gets no second copy of the same answer


async def on_tasks(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/nhiemvu: the unit's open tasks again, each with its buttons (at most once a minute, same content)."""
    svc = services(context)
    now, tz = svc.now(), svc.settings.timezone
    queued = 0
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        if identity.focal is None:
            text = texts.NOT_FOCAL
        else:
            mark_reachable(session, focal=identity.focal, now=now)
            views = open_assignments(session, unit_id=identity.unit.id)
            text = (
                texts.TASKS_HEADER.format(unit=texts.h(identity.unit.name), count=len(views))
                if views else texts.NO_OPEN_TASKS
            )
            content = "\n".join([text, *("\n".join(task_card(v, tz)) for v in views)])
            if not claim_answer(session, kind="tasks", person=identity.focal.id, unit_id=identity.unit.id,
                                fingerprint=hashlib.sha256(content.encode()).hexdigest()[:16], now=now,
                                within=TASKS_REPEAT):
                session.commit()
                return  # the same answer went out less than a minute ago: sending it again only floods the chat
            # Cards still waiting in the outbox (a push, an earlier /nhiemvu) are not queued a second time.
            waiting = pending_card_assignments(session, focal_point_id=identity.focal.id,
                                               assignment_ids=[v.assignment.id for v in views])
            queued, _ = queue_task_cards(
                session, views=[v for v in views if v.assignment.id not in waiting], focal_points=[identity.focal],
                tz=tz, now=now, key=f"tasks:{update.update_id}",
            )
            session.commit()
    await update.effective_message.reply_text(text)
    if queued:
        services(context.application).wake_sender()
