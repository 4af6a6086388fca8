"""The error handler: log with context, apologise to the user, never show a traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot import texts

log = logging.getLogger("cchc.errors")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failed update (id, user, chat) and send a short apology where there is a chat."""
    update_id = getattr(update, "update_id", None)
    user = getattr(update, "effective_user", None)
    chat = getattr(update, "effective_chat", None)
    if isinstance(context.error, RetryAfter):
        # Expected flood control on a request that cannot wait in the outbox (answers can: bot/delivery/direct_retry.py):
        # one line, no traceback, and no apology (it would be refused too).
        log.warning("flood control while handling update %s (user %s, chat %s): %s", update_id,
                    getattr(user, "id", None), getattr(chat, "id", None), context.error)
        return
    log.error(
        "error handling update %s (user %s, chat %s): %r",
        update_id, getattr(user, "id", None), getattr(chat, "id", None), context.error,
        exc_info=context.error,
    )
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(texts.ERROR_APOLOGY, show_alert=True)
        elif chat is not None:
            await context.bot.send_message(chat.id, texts.ERROR_APOLOGY)
    except TelegramError as exc:
        log.warning("could not send the apology for update %s: %s", update_id, exc)
