"""Every inline button press arrives here: parse strictly, then route."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.domain.callback_data import (
    AnswerQuestion,
    CallbackDataError,
    ChooseTask,
    ExtensionDecision,
    ImportDecision,
    ReadBack,
    ResendEvidence,
    SetStatus,
    SummaryPage,
    parse_callback_data,
)
from handlers.extensions import on_extension_decision
from handlers.questions import on_answer_button
from handlers.readback import on_readback
from handlers.reports import on_status_button
from handlers.review import on_summary_page
from handlers.unit_views import on_resend_evidence
from handlers.uploads import on_import_decision

log = logging.getLogger(__name__)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a button press; data this bot did not make is refused without touching anything."""
    query = update.callback_query
    try:
        data = parse_callback_data(query.data)
    except CallbackDataError as exc:
        log.warning("refused callback from user %s: %s", update.effective_user.id, exc)
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if isinstance(data, SetStatus | ChooseTask):
        await on_status_button(update, context, data)
        return
    if isinstance(data, SummaryPage):
        await on_summary_page(update, context, data)
        return
    if isinstance(data, ExtensionDecision):
        await on_extension_decision(update, context, data)
        return
    if isinstance(data, ResendEvidence):
        await on_resend_evidence(update, context, data)
        return
    if isinstance(data, ReadBack):
        await on_readback(update, context, data)
        return
    if isinstance(data, AnswerQuestion):
        await on_answer_button(update, context, data)
        return
    if isinstance(data, ImportDecision):
        await on_import_decision(update, context, data)
        return
    await query.answer(texts.STALE_BUTTON, show_alert=True)
