"""Per-user flood control on incoming updates: one warning, then silence for a while."""

from __future__ import annotations

from collections import deque
from datetime import timedelta

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts
from bot.services import services

WINDOW = timedelta(minutes=1)
QUIET = timedelta(minutes=5)


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: a user over the per-minute limit is warned once, then ignored."""
    user = update.effective_user
    if user is None:
        return
    svc = services(context)
    if user.id in svc.settings.admin_ids:
        return
    now = svc.now()
    state = context.bot_data.setdefault("flood", {})
    times, quiet_until = state.get(user.id, (deque(), None))
    if quiet_until and now < quiet_until:
        raise ApplicationHandlerStop
    while times and now - times[0] > WINDOW:
        times.popleft()
    times.append(now)
    if len(times) > svc.settings.flood_limit_per_minute:
        state[user.id] = (deque(), now + QUIET)
        if update.callback_query:
            await update.callback_query.answer(texts.FLOOD_WARNING, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(texts.FLOOD_WARNING)
        raise ApplicationHandlerStop
    state[user.id] = (times, None)
    if len(state) > 50_000:  # forget the quiet ones; memory stays bounded
        for key in [k for k, (t, q) in state.items() if not t and not q][:10_000]:
            state.pop(key, None)
