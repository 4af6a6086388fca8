"""Housekeeping: keep the database's planner statistics fresh (soon after start, then every 6 hours)."""

from __future__ import annotations

import logging
import time

from sqlmodel import Session
from telegram.ext import ContextTypes

from bot.services import services
from db.conversation import forget_expired
from db.engine import refresh_statistics

log = logging.getLogger(__name__)
STATISTICS_INTERVAL_SECONDS = 6 * 3600


async def statistics_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job, on the leader only: ANALYZE (a few milliseconds at a province's scale)."""
    svc = services(context.application)
    if not svc.is_leader:
        return
    started = time.perf_counter()
    if refresh_statistics(svc.engine):
        log.info("database statistics refreshed in %.0f ms", (time.perf_counter() - started) * 1000)
    with Session(svc.engine) as session:  # conversation rows past their expiry are never read again
        forgotten = forget_expired(session, now=svc.now())
        session.commit()
    if forgotten:
        log.info("forgot %d expired conversation states", forgotten)
