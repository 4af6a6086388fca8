"""What every handler and job needs, stored once in `application.bot_data`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine

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


@dataclass
class Services:
    settings: Settings
    engine: Engine
    clock: Callable[[], datetime]
    outbox_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    calendar: object = None  # the WorkCalendar, loaded once (jobs.nudges.calendar_of)
    limiter: object = None  # the sender's SendLimiter (jobs.sender.limiter_of)
    network_failures: int = 0  # consecutive drains that reached nobody
    leadership: object = None  # jobs.leader.Leadership: only the leader sends and schedules
    focal_cache: FocalCache = field(default_factory=FocalCache)  # the status-reply hot path's identities
    answer_chats: set = field(default_factory=set)  # chats with refused direct answers waiting (jobs.sender)
    webapp: object = None  # bot.webapp.server.DashboardServer when WEBAPP_LISTEN is set
    nudges_replanned: bool = False  # the first sweep of a process checks the calendar fingerprint (jobs.nudges)
    offload: bool = True  # exports and charts in a worker process (bot/operations/offload.py); the offline test kit: False

    @property
    def is_leader(self) -> bool:
        return self.leadership is None or self.leadership.is_leader

    def now(self) -> datetime:
        return self.clock().astimezone(self.settings.timezone)


def services(context_or_app) -> Services:
    """From a handler context or the application itself."""
    return context_or_app.bot_data[SERVICES_KEY]
