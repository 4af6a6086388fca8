"""What keeps the dashboard standing under load and abuse, before any handler works: the body limit, the
per-member request limits, the rate-limited log of refused launch data, the client's address behind a
trusted proxy, and the notice of database writes that ends a dashboard snapshot.

In process memory on purpose (like the flood counters): they are limits, not state, and every map here is
bounded and forgets idle entries, so a flood of distinct users or addresses cannot grow it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("bot.webapp.server")

# The largest body the API accepts: its valid bodies are a few short JSON fields (a date, a unit code, a
# request id); 64 KB leaves room for any of them and for the focal-point form's fields.
MAX_BODY_BYTES = 64 * 1024
IN_FLIGHT_PER_MEMBER = 3  # the page sends at most two at once (a view and an action), a third while typing
REQUESTS_PER_MINUTE = 60  # a member clicking through filters and cells does a few dozen (bursts of 60 pass)
REFUSAL_LOG_SECONDS = 60.0
HOLD_TOO_MANY_SECONDS = 5.0  # a 429 is answered after this pause (and says Retry-After: 5)
HOLD_UNAUTHORIZED_SECONDS = 1.0  # so is a 401: a person with stale launch data hardly notices, a flood does
MAX_TRACKED = 10_000  # members or addresses remembered at once; idle ones are dropped first


@dataclass
class _Member:
    in_flight: int = 0
    tokens: float = REQUESTS_PER_MINUTE
    seen: float = 0.0


class MemberLimits:
    """Per Telegram user: at most `in_flight` requests at once and `per_minute` a minute (a token bucket, so a
    burst at the turn of a minute does not double it). `admit` counts a request; `release` ends it."""

    def __init__(self, *, in_flight: int = IN_FLIGHT_PER_MEMBER, per_minute: int = REQUESTS_PER_MINUTE,
                 max_tracked: int = MAX_TRACKED):
        self.in_flight, self.per_minute, self.max_tracked = in_flight, per_minute, max_tracked
        self._members: dict[int, _Member] = {}

    def admit(self, user_id: int, now: float) -> bool:
        member = self._members.get(user_id)
        if member is None:
            self._forget_idle(now)
            member = self._members[user_id] = _Member(tokens=self.per_minute, seen=now)
        member.tokens = min(self.per_minute, member.tokens + (now - member.seen) * self.per_minute / 60)
        member.seen = now
        if member.in_flight >= self.in_flight or member.tokens < 1:
            return False
        member.tokens -= 1
        member.in_flight += 1
        return True

    def release(self, user_id: int) -> None:
        member = self._members.get(user_id)
        if member is not None and member.in_flight > 0:
            member.in_flight -= 1

    def __len__(self) -> int:
        return len(self._members)

    def _forget_idle(self, now: float) -> None:
        """Drop members with nothing in flight whose bucket has refilled: remembering them changes nothing."""
        if len(self._members) < self.max_tracked:
            return
        for user_id, member in list(self._members.items()):
            if member.in_flight == 0 and now - member.seen >= 60:
                del self._members[user_id]
        while len(self._members) >= self.max_tracked:  # all busy or recent: the oldest go first
            del self._members[next(iter(self._members))]


class Tarpit:
    """Refusals are answered after a pause: a client that asks again as soon as refused (a flood on many
    connections) then costs the event loop a few requests a second instead of thousands, and the bot's own
    replies keep their speed. At most `capacity` refusals wait at once (beyond that they are answered at once,
    so a flood of connections cannot pile up waiting coroutines)."""

    def __init__(self, *, capacity: int = 1000):
        self.capacity, self.waiting = capacity, 0

    async def hold(self, seconds: float) -> None:
        if self.waiting >= self.capacity:
            return
        self.waiting += 1
        try:
            await asyncio.sleep(seconds)
        finally:
            self.waiting -= 1


class RefusalLog:
    """Refused launch data is logged at most once a minute per address, with how many were refused since."""

    def __init__(self, *, every: float = REFUSAL_LOG_SECONDS, max_tracked: int = MAX_TRACKED):
        self.every, self.max_tracked = every, max_tracked
        self._last: dict[str, tuple[float, int]] = {}  # address -> (logged at, refused since then)

    def note(self, address: str, now: float) -> int | None:
        """None: stay quiet; else log now, saying this many refusals (this one included)."""
        logged_at, count = self._last.get(address, (None, 0))
        if logged_at is not None and now - logged_at < self.every:
            self._last[address] = (logged_at, count + 1)
            return None
        if len(self._last) >= self.max_tracked:
            self._last = {a: v for a, v in self._last.items() if now - v[0] < self.every}
            while len(self._last) >= self.max_tracked:
                del self._last[next(iter(self._last))]
        self._last.pop(address, None)
        self._last[address] = (now, 0)
        return count + 1

    def refused(self, address: str, reason: str, now: float) -> None:
        if (count := self.note(address, now)) is not None:
            log.info("dashboard: refused launch data from %s (%s; %d refused since the last such line)",
                     address, reason, count)


def client_address(peer: str, headers, trusted_proxies: tuple[str, ...]) -> str:
    """The client's address: the TCP peer, unless the peer is a trusted proxy, whose X-Real-IP (else the last
    X-Forwarded-For entry, the one the proxy itself added) names the client. A client's own claim is ignored."""
    if peer not in trusted_proxies:
        return peer
    claimed = headers.get("X-Real-IP") or headers.get("X-Forwarded-For", "").split(",")[-1]
    try:
        return str(ipaddress.ip_address(claimed.strip()))
    except ValueError:
        return peer


# Tables whose rows the dashboard shows; a write to any of them ends the snapshots (the outbox, audit log,
# conversation state and nudge records are written all the time and shown nowhere on the page).
SHOWN_TABLES = frozenset({"statusreport", "assignment", "task", "directive", "unit", "focalpoint",
                          "extensionrequest", "officemember"})
_WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def watch_writes(engine, on_write: Callable[[], None]) -> Callable[[], None]:
    """Call `on_write` after each statement that writes a shown table and again when its transaction commits
    (a view computed between the write and the commit must not outlive the commit; SQLAlchemy's `commit` event
    comes just before the database's, so a snapshot's short life bounds what that instant could leave);
    returns the unhook."""
    from sqlalchemy import event

    def after_execute(conn, cursor, statement, parameters, context, executemany) -> None:
        match = _WRITE.match(statement)
        if match and match.group(1).lower() in SHOWN_TABLES:
            conn.info["dashboard_wrote"] = True  # a connection serves one thread at a time
            on_write()

    def after_commit(conn) -> None:
        if conn.info.pop("dashboard_wrote", False):
            on_write()

    event.listen(engine, "after_cursor_execute", after_execute)
    event.listen(engine, "commit", after_commit)

    def unhook() -> None:
        event.remove(engine, "after_cursor_execute", after_execute)
        event.remove(engine, "commit", after_commit)

    return unhook
