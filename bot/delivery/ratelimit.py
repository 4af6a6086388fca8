"""Pacing for the outbox sender: an overall rate, a per-chat rate, and pauses for RetryAfter."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class SendLimiter:
    """Spaces sends evenly (no bursts) so a long push runs at the limit without tripping a 429.

    `per_second=None` switches a limit off (tests, benchmarks of the bare sender).
    """

    def __init__(self, per_second: float | None = 30.0, per_chat_per_second: float | None = 1.0,
                 clock: Callable[[], float] = time.monotonic, pause_clock: Callable[[], float] | None = None):
        self.interval = 1.0 / per_second if per_second else 0.0
        self.chat_interval = 1.0 / per_chat_per_second if per_chat_per_second else 0.0
        self.clock = clock  # pacing: a real monotonic clock, it must advance while we sleep
        # RetryAfter pauses follow the service clock, so tests can move past them without sleeping.
        self.pause_clock = pause_clock or clock
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0

    def chat_wait(self, chat_id: int) -> float:
        """Seconds before this chat may get another message (0 when it may now)."""
        return max(0.0, self._next_chat.get(chat_id, 0.0) - self.clock())

    def pause(self, seconds: float) -> None:
        """RetryAfter: nothing is sent before `seconds` have passed."""
        self._paused_until = max(self._paused_until, self.pause_clock() + seconds)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self.pause_clock())

    async def acquire(self, chat_id: int) -> None:
        """Wait for this send's turn (pacing only: callers check `paused_for` themselves, so a
        RetryAfter never blocks a coroutine on a clock that tests may have frozen)."""
        now = self.clock()
        # min(..., now + 60): if the clock ever steps back, a stale reservation must not stall us.
        start = max(now, min(self._next_global, now + 60), min(self._next_chat.get(chat_id, 0.0), now + 60))
        self._next_global = start + self.interval if self.interval else 0.0
        if self.chat_interval:
            self._next_chat[chat_id] = start + self.chat_interval
            if len(self._next_chat) > 10_000:  # forget chats whose spacing has long passed
                self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        if start > now:
            await asyncio.sleep(start - now)
