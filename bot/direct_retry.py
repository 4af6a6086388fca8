"""RetryAfter on requests outside the outbox: replies, button answers, message edits.

The outbox sender records a RetryAfter per row and resumes on time. A direct reply has no row: without
this, the confirmation of a report that is already stored would be lost and the person would get an
error apology instead. Short waits are waited out and the request sent once more; every wait also pauses
the sender, so the bot as a whole keeps to what Telegram asked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
OUTBOX = {"outbox": True}  # rate_limit_args of the sender's own requests: they pass straight through


def retry_after_seconds(exc: RetryAfter) -> float:
    """PTB gives an int or a timedelta depending on its settings."""
    wait = exc.retry_after
    return float(wait.total_seconds() if isinstance(wait, timedelta) else wait)


class DirectRetryAfter(BaseRateLimiter[dict]):
    def __init__(self, *, max_wait: float = 10.0, sleep: Callable = asyncio.sleep):
        self.max_wait = max_wait  # longer waits raise: the error handler answers, the stored report stays
        self.sleep = sleep
        self.on_retry_after: Callable[[float], None] = lambda seconds: None  # set to pause the sender

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if rate_limit_args == OUTBOX:
            return await callback(*args, **kwargs)
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            seconds = retry_after_seconds(exc)
            self.on_retry_after(seconds)
            if seconds > self.max_wait:
                raise
            log.warning("Telegram asked to wait %s s before %s; waiting, then sending once more", seconds, endpoint)
            await self.sleep(seconds)
            return await callback(*args, **kwargs)
