"""Status reports from focal points: buttons, short texts, replies, /baocao, evidence files, /nhiemvu."""

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
from bot.callback_data import ChooseTask
from bot.cards import choose_task_keyboard, status_keyboard, task_card
from bot.dates import fmt_datetime
from bot.push import queue_task_cards
from bot.reply_parser import ParsedReply, parse_status_reply
from bot.reporting import MAX_NOTE_CHARS, Applied, apply_report, resolve_numbers, task_label
from bot.services import services
from db.answers import claim_answer
from db.models import ReportSource, Status
from db.outbox import assignment_for_message, pending_card_assignments
from db.people import Identity, identify, mark_reachable
from db.quick_reports import quick_status_reports
from db.reports import open_assignments
from handlers.common import to_markup
from jobs.sender import kick_sender

log = logging.getLogger(__name__)

AWAIT_NOTE = "await_note"  # user_data: assignment id a note or file may follow (after a button)
NOTE_PROMPTS = "note_prompts"  # user_data: prompt message id -> assignment id
PENDING_NOTE = "pending_note"  # user_data: note waiting for the 'which task?' choice
EVIDENCE_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".heic", ".webp"}
MAX_EVIDENCE_MB = 20  # what a bot can download from Telegram


def _recorded(applied: Applied, tz) -> str:
    return texts.RECORDED.format(
        task=applied.view.task.number,
        status=texts.STATUS_LABEL[applied.report.status],
        at=fmt_datetime(applied.report.reported_at, tz),
    )


def _reply_target(context, session: Session, message: Message) -> int | None:
    """The assignment a reply points at: a task message, or a 'add a note' prompt."""
    target = message.reply_to_message
    if target is None:
        return None
    prompts = context.user_data.get(NOTE_PROMPTS, {})
    if target.message_id in prompts:
        return prompts[target.message_id]
    return assignment_for_message(session, chat_id=message.chat_id, message_id=target.message_id)


def _focal_text(context, session: Session, identity: Identity, message: Message, now) -> tuple[str, dict | None]:
    """Decide what a focal point's text means, store it, and return the reply."""
    text = message.text or ""
    target = _reply_target(context, session, message)
    parsed = parse_status_reply(text, with_numbers=target is None)
    if parsed.note and len(parsed.note) > MAX_NOTE_CHARS:
        return texts.NOTE_TOO_LONG.format(length=len(parsed.note), limit=MAX_NOTE_CHARS), None
    if target is not None:
        if parsed.status is None and not parsed.note:
            return texts.NOT_UNDERSTOOD, None
        return _store(context, session, identity, target, parsed.status, parsed.note, ReportSource.reply, now)
    views = open_assignments(session, unit_id=identity.unit.id)
    if not views:
        return texts.NO_OPEN_TASKS, None
    if parsed.numbers:
        return _numbered(context, session, identity, views, parsed, now)
    waiting = context.user_data.get(AWAIT_NOTE)
    if parsed.status is None:
        if waiting and parsed.note:
            return _store(context, session, identity, waiting, None, parsed.note, ReportSource.note, now)
        return texts.NOT_UNDERSTOOD, None
    if waiting:
        return _store(context, session, identity, waiting, parsed.status, parsed.note, ReportSource.text, now)
    if len(views) == 1:
        return _store(context, session, identity, views[0].assignment.id, parsed.status, parsed.note,
                      ReportSource.text, now)
    # Several open tasks and no number: let the person pick, keeping the note for after.
    context.user_data[PENDING_NOTE] = parsed.note
    choices = [(v.assignment.id, task_label(v)) for v in views if v.assignment.status != Status.done] or [
        (v.assignment.id, task_label(v)) for v in views
    ]
    return (
        texts.CHOOSE_TASK.format(status=texts.STATUS_LABEL[parsed.status]),
        choose_task_keyboard(choices[:20], parsed.status),
    )


def _numbered(context, session, identity, views, parsed: ParsedReply, now) -> tuple[str, dict | None]:
    resolved = resolve_numbers(views, parsed.numbers)
    if resolved.unknown:
        return texts.UNKNOWN_TASK.format(
            numbers=", ".join(str(n) for n in resolved.unknown),
            valid=", ".join(str(n) for n in resolved.valid),
        ), None
    ambiguous = [n for n, found in resolved.matches.items() if len(found) > 1]
    if ambiguous:
        found = resolved.matches[ambiguous[0]]
        context.user_data[PENDING_NOTE] = parsed.note
        status = parsed.status or found[0].assignment.status
        return (
            texts.CHOOSE_TASK.format(status=texts.STATUS_LABEL[status]),
            choose_task_keyboard([(v.assignment.id, task_label(v)) for v in found], status),
        )
    if parsed.status is None and not parsed.note:
        view = resolved.matches[parsed.numbers[0]][0]
        return texts.ASK_STATUS.format(task=view.task.number), status_keyboard(view.assignment.id)
    lines = []
    for number in parsed.numbers:
        view = resolved.matches[number][0]
        reply, _ = _store(context, session, identity, view.assignment.id, parsed.status, parsed.note,
                          ReportSource.text, now, view=view)
        lines.append(reply)
    return "\n".join(lines), None


def _store(context, session, identity, assignment_id, status, note, source, now, evidence=None, view=None):
    result = apply_report(
        session, focal=identity.focal, assignment_id=assignment_id, status=status,
        source=source, now=now, note=note, evidence=evidence, view=view,
    )
    if not isinstance(result, Applied):
        return texts.NO_PERMISSION, None
    context.user_data.pop(AWAIT_NOTE, None)
    tz = services(context).settings.timezone
    if evidence:
        return texts.RECORDED_EVIDENCE.format(
            name=texts.h(evidence[1]), task=result.view.task.number, at=fmt_datetime(now, tz)
        ), None
    if status is None:
        return texts.RECORDED_NOTE.format(task=result.view.task.number, at=fmt_datetime(now, tz)), None
    return _recorded(result, tz), None


def _quick_reply(svc, user_id: int, message: Message, now) -> str | None:
    """Most texts are "3 xong" from a registered focal point: stored and confirmed without the ORM.
    None when the full path must decide (see db.quick_reports)."""
    if message.reply_to_message is not None:
        return None
    parsed = parse_status_reply(message.text or "")
    if not parsed.numbers or parsed.status is None or (parsed.note and len(parsed.note) > MAX_NOTE_CHARS):
        return None
    stored = quick_status_reports(svc.engine, svc.focal_cache, tg_user_id=user_id, numbers=parsed.numbers,
                                  status=parsed.status, note=parsed.note, now=now)
    if stored is None:
        return None
    at = fmt_datetime(now, svc.settings.timezone)
    return "\n".join(texts.RECORDED.format(task=r.task_number, status=texts.STATUS_LABEL[r.status], at=at)
                     for r in stored)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private text message: a status reply from a focal point, or guidance for anyone else."""
    svc = services(context)
    message = update.effective_message
    now = svc.now()
    quick = _quick_reply(svc, update.effective_user.id, message, now)
    if quick is not None:  # committed already
        context.user_data.pop(AWAIT_NOTE, None)
        await message.reply_text(quick)
        return
    markup = None
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids,
                            office_if_focal=False)
        if identity.focal is None:
            text = texts.HELP_OFFICE if identity.office else texts.WELCOME_STRANGER
        else:
            mark_reachable(session, focal=identity.focal, now=now)
            text, markup = _focal_text(context, session, identity, message, now)
            session.commit()
    await message.reply_text(text, reply_markup=to_markup(markup))


async def on_report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/baocao 3 xong [ghi chú]: the same as a short text, for people who like commands."""
    svc = services(context)
    message = update.effective_message
    parsed = parse_status_reply(" ".join(context.args or []))
    now = svc.now()
    markup = None
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        if identity.focal is None:
            text = texts.NOT_FOCAL
        elif not parsed.numbers or parsed.status is None:
            text = texts.REPORT_USAGE
        elif parsed.note and len(parsed.note) > MAX_NOTE_CHARS:
            text = texts.NOTE_TOO_LONG.format(length=len(parsed.note), limit=MAX_NOTE_CHARS)
        else:
            mark_reachable(session, focal=identity.focal, now=now)
            views = open_assignments(session, unit_id=identity.unit.id)
            if not views:
                text = texts.NO_OPEN_TASKS
            else:
                text, markup = _numbered(context, session, identity, views, parsed, now)
                session.commit()
    await message.reply_text(text, reply_markup=to_markup(markup))


async def on_status_button(update: Update, context: ContextTypes.DEFAULT_TYPE, data) -> None:
    """A status button (or a 'which task?' choice): store, answer, update the message, offer a note."""
    svc = services(context)
    query = update.callback_query
    now = svc.now()
    tz = svc.settings.timezone
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        note = context.user_data.pop(PENDING_NOTE, None) if isinstance(data, ChooseTask) else None
        result = apply_report(
            session, focal=identity.focal, assignment_id=data.assignment_id, status=data.status,
            source=ReportSource.button, now=now, note=note,
        )
        if not isinstance(result, Applied):
            await query.answer(texts.NO_PERMISSION, show_alert=True)
            return
        mark_reachable(session, focal=identity.focal, now=now)
        session.commit()
        confirmation = _recorded(result, tz)
        card = task_card(result.view, tz, updated=now)[-1]
    await query.answer(confirmation)
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
    context.user_data[AWAIT_NOTE] = data.assignment_id
    prompts = context.user_data.setdefault(NOTE_PROMPTS, {})
    prompts[prompt.message_id] = data.assignment_id
    while len(prompts) > 50:  # keep the per-user map small
        prompts.pop(next(iter(prompts)))


async def on_evidence(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document as evidence for a task (reply to the task message, or after a button)."""
    svc = services(context)
    message = update.effective_message
    now = svc.now()
    if message.document:
        file_id, size = message.document.file_id, message.document.file_size
        name = message.document.file_name or "tep"
    else:
        photo = message.photo[-1]
        file_id, size, name = photo.file_id, photo.file_size, f"anh-{photo.file_unique_id}.jpg"
    caption = (message.caption or "").strip() or None
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        target = _reply_target(context, session, message) or context.user_data.get(AWAIT_NOTE)
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
            text, _ = _store(context, session, identity, target, None, caption, ReportSource.file, now,
                             evidence=(file_id, name[:200], size))
            session.commit()
    await message.reply_text(text)


async def on_skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/skip: no note after a button."""
    context.user_data.pop(AWAIT_NOTE, None)
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
        kick_sender(context.application)
