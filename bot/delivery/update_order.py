"""Updates handled concurrently, each person's in the order they arrived.

PTB handles one update at a time by default: an office `/export` of 1,000 units (seconds of work in a
worker thread) kept every focal point's `2 đang làm` waiting for it. With this processor an update waits
only for the earlier updates of the same person in the same chat, so a slow handler delays nobody else
while a person's messages (and button presses) are still applied in the order they were sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 512  # far above what a province sends at once; a bound on memory all the same


def order_key(update: object) -> tuple[int, int | None] | None:
    """Updates with the same key run one after another: one person in one chat (in a private chat the
    chat is the person). Updates without a chat or user (none that this bot handles) run freely."""
    if not isinstance(update, Update):
        return None
    chat, user = update.effective_chat, update.effective_user
    if chat is None and user is None:
        return None
    return (chat.id if chat else 0, user.id if user else None)


class PerPersonOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES):
        super().__init__(max_concurrent_updates)
        self._last: dict[tuple, asyncio.Future] = {}  # key -> completion of that key's latest update

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        if key is None:
            await coroutine
            return
        previous = self._last.get(key)
        done = asyncio.get_running_loop().create_future()
        self._last[key] = done  # set before any await: the next update of this key queues behind this one
        try:
            if previous is not None:
                await asyncio.shield(previous)  # never cancels the earlier update's own wait
            await coroutine
        finally:
            done.set_result(None)
            if self._last.get(key) is done:
                del self._last[key]  # nobody queued behind: the map holds only people with work in flight

    @property
    def people_in_flight(self) -> int:
        return len(self._last)
