"""Deadline extensions: a focal point asks (/giahan), the office decides with a button."""

from __future__ import annotations

import logging
from datetime import date

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.domain.callback_data import ExtensionDecision
from bot.domain.dates import DateFormatError, fmt_date, fmt_datetime, parse_vn_date
from bot.domain.enums import OfficeRole
from bot.domain.numbers import parse_number
from bot.operations.extension_decisions import REFUSED_TEXT, decide_and_tell_unit
from bot.operations.reporting import MAX_NOTE_CHARS, resolve_numbers
from bot.services import services
from db.extensions import request_extension
from db.outbox import enqueue
from db.people import identify, office_role
from db.reports import open_assignments
from db.staff import admin_user_ids

log = logging.getLogger(__name__)


def _check_request(args: list[str], views, today) -> tuple[object, date] | str:
    """(the assignment view, the new deadline) for `/giahan 3 31/12/2020 lý do`, or the reply explaining why not."""
    number = parse_number(args[0]) if len(args) >= 2 else None
    if number is None:
        return texts.EXTEND_USAGE
    try:
        new = parse_vn_date(args[1], today=today)
    except DateFormatError as exc:
        return texts.h(str(exc)) + "\n" + texts.EXTEND_USAGE
    resolved = resolve_numbers(views, (number,))
    if resolved.unknown:
        return texts.UNKNOWN_TASK.format(numbers=number, valid=", ".join(map(str, resolved.valid)))
    reason = " ".join(args[2:]).strip()
    if len(reason) > MAX_NOTE_CHARS:
        return texts.REASON_TOO_LONG.format(length=len(reason), limit=MAX_NOTE_CHARS)
    if new <= today:
        return texts.EXTEND_PAST.format(date=fmt_date(new))
    view = resolved.matches[number][0]
    if view.assignment.deadline and new <= view.assignment.deadline:
        return texts.EXTEND_NOT_LATER.format(date=fmt_date(new), deadline=fmt_date(view.assignment.deadline))
    return view, new


async def extend(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/giahan 3 31/12/2020 lý do (/extend): ask the office to move a deadline."""
    svc = services(context)
    args = context.args or []
    now, tz = svc.now(), svc.settings.timezone
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        if identity.focal is None:
            await update.effective_message.reply_text(texts.NOT_FOCAL)
            return
        checked = _check_request(args, open_assignments(session, unit_id=identity.unit.id), now.astimezone(tz).date())
        if isinstance(checked, str):
            await update.effective_message.reply_text(checked)
            return
        view, new = checked
        reason = " ".join(args[2:]).strip()
        request = request_extension(session, assignment=view.assignment, focal=identity.focal,
                                    new_deadline=new, reason=reason, now=now)
        office_text = texts.EXTEND_OFFICE.format(
            id=request.id, unit=texts.h(view.unit.name), code=view.unit.code, task=view.task.number,
            number=texts.h(view.directive.number), old=fmt_date(view.assignment.deadline),
            new=fmt_date(new), reason=texts.h(reason or "—"), who=texts.h(identity.focal.name),
        )
        markup = {"inline_keyboard": [[
            {"text": texts.EXTEND_BUTTONS[0], "callback_data": ExtensionDecision(request.id, True).pack()},
            {"text": texts.EXTEND_BUTTONS[1], "callback_data": ExtensionDecision(request.id, False).pack()},
        ]]}
        # The office chat when there is one, else every admin in private.
        targets = ([svc.settings.office_chat_id] if svc.settings.office_chat_id
                   else admin_user_ids(session, bootstrap=svc.settings.admin_ids))
        for chat_id in targets:
            enqueue(session, kind="extension", chat_id=chat_id, dedupe_key=f"ext:{request.id}:{chat_id}",
                    payload={"text": office_text, "reply_markup": markup}, now=now)
        session.commit()
        if targets:
            text = texts.EXTEND_SENT.format(task=view.task.number, date=fmt_date(new))
        else:  # stored, but nobody to ask: say so rather than promise an answer
            log.warning("extension request #%s has no recipient: set OFFICE_CHAT_ID or OFFICE_ADMIN_IDS", request.id)
            text = texts.EXTEND_NO_OFFICE.format(task=view.task.number, date=fmt_date(new))
    await update.effective_message.reply_text(text)
    services(context.application).wake_sender()


async def on_extension_decision(update: Update, context: ContextTypes.DEFAULT_TYPE, data: ExtensionDecision) -> None:
    """✅ / ❌ under a request: admins only; the unit is told, the decision audit-logged."""
    svc = services(context)
    query = update.callback_query
    now, tz = svc.now(), svc.settings.timezone
    user = update.effective_user
    with Session(svc.engine) as session:
        role = office_role(session, tg_user_id=user.id, admin_ids=svc.settings.admin_ids)
        if role != OfficeRole.admin:
            await query.answer(texts.NOT_ADMIN, show_alert=True)
            return
        request, refused = decide_and_tell_unit(session, request_id=data.request_id, approve=data.approve,
                                                decided_by=user.id, now=now)
        if request is None:
            session.commit()  # a request found superseded is marked so
            await query.answer(REFUSED_TEXT.get(refused, texts.EXTEND_ALREADY), show_alert=True)
            return
        session.commit()
    decision = texts.EXTEND_BUTTONS[0 if data.approve else 1]
    await query.answer(decision)
    original = query.message.text_html if query.message and query.message.text else ""
    await query.edit_message_text(texts.EXTEND_DECIDED_OFFICE.format(
        text=original, decision=decision, who=texts.h(user.full_name), at=fmt_datetime(now, tz)))
    services(context.application).wake_sender()
