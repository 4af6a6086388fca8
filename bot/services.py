"""What every handler and job needs, stored once in `application.bot_data`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.engine import Engine

from bot.delivery.ratelimit import SendLimiter
from bot.domain.workcal import WorkCalendar
from bot.settings import Settings
from db.quick_reports import FocalCache

SERVICES_KEY = "services"


class ManualClock:
    """A settable clock for the demo console and tests; production uses the system clock."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta) -> datetime:
        from datetime import timedelta

        self.current = self.current + timedelta(**delta)
        return self.current


class Leader(Protocol):
    """jobs.leader.Leadership (a protocol: jobs/ imports this module)."""

    is_leader: bool

    def refresh(self) -> bool: ...

    def release(self) -> None: ...


class Dashboard(Protocol):
    """bot.webapp.server.DashboardServer (a protocol: the server imports this module)."""

    async def start(self, host: str, port: int) -> int: ...

    async def stop(self) -> None: ...


@dataclass
class Services:
    settings: Settings
    engine: Engine
    clock: Callable[[], datetime]
    outbox_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    calendar: WorkCalendar | None = None  # loaded once (jobs.nudges.calendar_of)
    limiter: SendLimiter | None = None  # the sender's (jobs.sender.limiter_of)
    network_failures: int = 0  # consecutive drains that reached nobody
    leadership: Leader | None = None  # only the leader sends and schedules
    focal_cache: FocalCache = field(default_factory=FocalCache)  # the status-reply hot path's identities
    answer_chats: set[int] = field(default_factory=set)  # chats with refused direct answers waiting (jobs.sender)
    webapp: Dashboard | None = None  # when WEBAPP_LISTEN is set
    health: Dashboard | None = None  # bot.health.HealthServer, when METRICS_LISTEN is set
    sweep_ran_at: float | None = None  # Unix time the reminder sweep last finished (jobs.nudges; /healthz)
    sender_ran_at: float | None = None  # Unix time the outbox sender last ran or sent (jobs.sender; /healthz)
    sender_wakeup: Callable[[], None] | None = None  # set by bot.app: jobs.sender.kick_sender for this application
    nudges_replanned: bool = False  # the first sweep of a process checks the calendar fingerprint (jobs.nudges)
    offload: bool = True  # exports and charts in a worker process (bot/operations/offload.py); the offline test kit: False

    @property
    def is_leader(self) -> bool:
        return self.leadership is None or self.leadership.is_leader

    def wake_sender(self) -> None:
        """Start draining the outbox now (after queueing); without a wake-up the sender job picks the rows up."""
        if self.sender_wakeup is not None:
            self.sender_wakeup()

    def now(self) -> datetime:
        return self.clock().astimezone(self.settings.timezone)


def services(context_or_app) -> Services:
    """From a handler context or the application itself."""
    return context_or_app.bot_data[SERVICES_KEY]
