"""✅ and ✏️ under a read-back (issue 19): store exactly what was shown, or offer the status buttons."""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import texts
from bot.operations.readback import confirm_read_back, correct_read_back
from bot.services import services
from db.conversation import take_readback
from db.people import identify, mark_reachable
from handlers.common import to_markup

log = logging.getLogger(__name__)


async def on_readback(update: Update, context: ContextTypes.DEFAULT_TYPE, data) -> None:
    """The official's answer to a read-back; a stale one (expired, replaced, another person's) stores nothing."""
    svc = services(context)
    query = update.callback_query
    now = svc.now()
    user_id = update.effective_user.id
    markup = None
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=user_id, admin_ids=svc.settings.admin_ids, office_if_focal=False)
        payload = take_readback(session, tg_user_id=user_id, readback_id=data.readback_id, now=now) \
            if identity.focal is not None else None
        if payload is None:
            text = None
        elif data.confirm:
            mark_reachable(session, focal=identity.focal, now=now)
            text = confirm_read_back(session, payload, focal=identity.focal, now=now, tz=svc.settings.timezone)
        else:
            text, markup = correct_read_back(session, payload, tg_user_id=user_id, now=now)
        session.commit()
    if text is None:
        await query.answer(texts.READBACK_GONE, show_alert=True)
        return
    await query.answer(text[:200] if data.confirm else None)
    try:
        await query.edit_message_text(text, reply_markup=to_markup(markup))
    except BadRequest as exc:  # too old to edit: the answer still reaches the official
        log.info("could not edit a read-back: %s", exc)
        await query.message.reply_text(text, reply_markup=to_markup(markup))
