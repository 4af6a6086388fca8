"""Short-lived dashboard snapshots: concurrent views of one directive (and filter) share one computation.

A view asked while the same view is being computed waits for that computation instead of starting its own;
a finished view is served again for `ttl` seconds unless a write to what the page shows came in between
(`invalidate`, called by the server's write watch). So 200 connections asking for one directive cost one
query every few seconds, not 200, and the bot's own replies keep the event loop and the database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

SNAPSHOT_SECONDS = 3.0
MAX_SNAPSHOTS = 256  # directives × filters × pages remembered at once; the oldest go first


@dataclass
class _Entry:
    generation: int
    started: float
    future: asyncio.Future


class Snapshots:
    def __init__(self, *, ttl: float = SNAPSHOT_SECONDS, clock: Callable[[], float] = time.monotonic,
                 max_entries: int = MAX_SNAPSHOTS):
        self.ttl, self.clock, self.max_entries = ttl, clock, max_entries
        self.generation = 0  # bumped by every write the page shows (from any thread: an int add under the GIL)
        self.computed = 0  # how many views were computed (tests and the benchmark read it)
        self._entries: dict[Hashable, _Entry] = {}

    def invalidate(self) -> None:
        self.generation += 1

    async def get(self, key: Hashable, compute: Callable[[], Awaitable]):
        """The snapshot for `key`, computing it (once for all who ask meanwhile) when missing or ended."""
        entry = self._entries.get(key)
        now = self.clock()
        if entry is None or entry.generation != self.generation or now - entry.started > self.ttl or (
                entry.future.done() and (entry.future.cancelled() or entry.future.exception() is not None)):
            entry = _Entry(self.generation, now, asyncio.ensure_future(self._compute(compute)))
            self._entries.pop(key, None)
            self._entries[key] = entry
            while len(self._entries) > self.max_entries:
                del self._entries[next(iter(self._entries))]
        return await asyncio.shield(entry.future)  # one waiter giving up does not cancel the others' view

    async def _compute(self, compute: Callable[[], Awaitable]):
        self.computed += 1
        return await compute()
