"""Per-user flood control on incoming updates: one warning, then silence for a while.

The counters live in process memory (they matter for minutes only) and are bounded: a user idle for
QUIET is forgotten, since neither their window nor their silence still holds anything, and at most
MAX_TRACKED users are kept, the least recently active going first (50,020 one-time senders no longer stay).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts
from bot.services import services

WINDOW = timedelta(minutes=1)
QUIET = timedelta(minutes=5)  # not shorter than WINDOW: an entry idle this long holds nothing
MAX_TRACKED = 10_000
FLOOD_KEY = "flood"


class FloodCounters:
    """user id -> (message times inside the window, silent until, last touched), oldest touched first."""

    def __init__(self, size: int = MAX_TRACKED):
        self.size = size
        self._users: OrderedDict[int, tuple[deque, datetime | None, datetime]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._users)

    def check(self, user_id: int, now: datetime, limit: int) -> str:
        """'quiet' (still silenced), 'over' (just went over the limit: warn once) or 'ok'."""
        self._forget_idle(now)
        times, quiet_until, _ = self._users.get(user_id, (deque(), None, now))
        if quiet_until is not None and now < quiet_until:
            return "quiet"  # not touched: the entry goes when the silence ends
        while times and now - times[0] > WINDOW:
            times.popleft()
        times.append(now)
        over = len(times) > limit
        self._users[user_id] = (deque(), now + QUIET, now) if over else (times, None, now)
        self._users.move_to_end(user_id)
        while len(self._users) > self.size:
            self._users.popitem(last=False)
        return "over" if over else "ok"

    def _forget_idle(self, now: datetime) -> None:
        while self._users:
            user_id, (_, _, touched) = next(iter(self._users.items()))
            if now - touched < QUIET:
                return
            del self._users[user_id]


async def flood_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: a user over the per-minute limit is warned once, then ignored."""
    user = update.effective_user
    if user is None:
        return
    svc = services(context)
    if user.id in svc.settings.admin_ids:
        return
    counters = context.bot_data.get(FLOOD_KEY)
    if counters is None:
        counters = context.bot_data[FLOOD_KEY] = FloodCounters()
    verdict = counters.check(user.id, svc.now(), svc.settings.flood_limit_per_minute)
    if verdict == "ok":
        return
    if verdict == "over":
        if update.callback_query:
            await update.callback_query.answer(texts.FLOOD_WARNING, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(texts.FLOOD_WARNING)
    raise ApplicationHandlerStop
