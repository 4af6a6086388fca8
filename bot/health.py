"""`/healthz` and `/metrics` for the province's monitoring (METRICS_LISTEN), on the bot's own event loop.

`/healthz` answers 200 `ok` when the database answers and, on the leader, the reminder sweep and the outbox
sender have run within their period; otherwise 503 with one line saying which and since when. `/metrics` is the
Prometheus text format: the counters of `bot/metrics.py`, and the outbox read from the database at scrape time
(how many rows wait, and the age of the oldest, per kind). Both do their database work in a worker thread,
so a slow disk never stalls the bot's replies. Serve this port to the monitoring host only (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot import metrics
from bot.services import Services, services
from db.models import OutboundMessage, OutboundState

log = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 5  # a database that takes longer than this to answer SELECT 1 is not healthy
GRACE = 3  # a job is late after this many of its periods (a loaded machine, a long Monday round-up)


class OutboxCollector:
    """The outbox as the database has it now: pending rows and the oldest one's age, per kind. A kind once
    seen stays listed (at 0) after it drains, so a graph falls to zero instead of stopping."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.kinds: set[str] = set()

    def collect(self):
        depth = GaugeMetricFamily("cchc_outbox_pending", "Outbox rows waiting to be sent, by kind", labels=["kind"])
        age = GaugeMetricFamily("cchc_outbox_oldest_pending_age_seconds", "Age of the oldest waiting outbox row, "
                                "by kind", labels=["kind"])
        now = datetime.now(UTC)
        with Session(self.engine) as session:
            rows = session.exec(select(OutboundMessage.kind, func.count(), func.min(OutboundMessage.created_at))
                                .where(OutboundMessage.state == OutboundState.pending)
                                .group_by(OutboundMessage.kind)).all()
        found = {kind: (count, oldest) for kind, count, oldest in rows}
        self.kinds |= set(found)
        for kind in sorted(self.kinds):
            count, oldest = found.get(kind, (0, None))
            if oldest is not None and oldest.tzinfo is None:
                oldest = oldest.replace(tzinfo=UTC)  # SQLite hands back naive UTC
            depth.add_metric([kind], count)
            age.add_metric([kind], (now - oldest).total_seconds() if oldest else 0.0)
        yield depth
        yield age


def database_problem(engine: Engine) -> str | None:
    """Why the database does not answer, or None. SQLite is opened afresh, read-only, at its path: the pool's
    open connections would keep answering from a file that was moved or deleted under the process."""
    url = engine.url
    try:
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database).resolve()
            with sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=CHECK_TIMEOUT_SECONDS) as db:
                db.execute("SELECT count(*) FROM alembic_version").fetchone()  # our schema, not any file
            return None
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # sqlite3 and DBAPI errors alike: the reason is the answer
        first = str(getattr(exc, "orig", exc)).strip().splitlines()
        return first[0] if first else type(exc).__name__


def job_problem(svc: Services, *, started: float, now: float, sweep_every: float, send_every: float) -> str | None:
    """On the leader: the sweep or the sender has not run within GRACE of its periods (counted from start-up
    until it first runs)."""
    if not svc.is_leader:
        return None
    for name, last, every in (("reminder sweep", svc.sweep_ran_at, sweep_every),
                              ("outbox sender", svc.sender_ran_at, send_every)):
        since = last if last is not None else started
        if now - since > GRACE * every + 5:
            done = f"last ran {now - last:.0f} s ago" if last is not None else f"not run since start {now - started:.0f} s ago"
            return f"{name} {done} (period {every:g} s)"
    return None


class _Base(tornado.web.RequestHandler):
    def initialize(self, server: HealthServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")


class HealthHandler(_Base):
    async def get(self) -> None:
        problem = await self.server.problem()
        self.set_status(200 if problem is None else 503)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("ok\n" if problem is None else problem + "\n")


class MetricsHandler(_Base):
    async def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(await asyncio.to_thread(self.server.render))


class HealthServer:
    """Started by the composition root when METRICS_LISTEN is set; stopped at shutdown."""

    def __init__(self, app: Application, *, sweep_every: float, send_every: float):
        self.svc = services(app)
        self.sweep_every, self.send_every = sweep_every, send_every
        self.started = time.time()
        self.registry = CollectorRegistry(auto_describe=False)  # what is read from the database at scrape time
        self.registry.register(OutboxCollector(self.svc.engine))
        self.port: int | None = None
        self._http: HTTPServer | None = None
        self._reported: str | None = None

    async def problem(self) -> str | None:
        """The one-line reason /healthz is 503, or None; a change of state is logged once."""
        try:
            db = await asyncio.wait_for(asyncio.to_thread(database_problem, self.svc.engine), CHECK_TIMEOUT_SECONDS)
        except TimeoutError:
            db = f"no answer within {CHECK_TIMEOUT_SECONDS} s"
        problem = f"database: {db}" if db else job_problem(
            self.svc, started=self.started, now=time.time(), sweep_every=self.sweep_every, send_every=self.send_every)
        if problem != self._reported:
            (log.warning if problem else log.info)("health: %s", problem or "ok again")
            self._reported = problem
        return problem

    def render(self) -> bytes:
        metrics.LEADER.set(1 if self.svc.is_leader else 0)
        return generate_latest(metrics.REGISTRY) + generate_latest(self.registry)

    async def start(self, host: str, port: int) -> int:
        sockets = bind_sockets(port, address=host)
        kw = {"server": self}
        web = tornado.web.Application([(r"/healthz", HealthHandler, kw), (r"/metrics", MetricsHandler, kw)])
        self._http = HTTPServer(web)
        self._http.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        log.info("health and metrics on %s:%s (/healthz, /metrics)", host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._http is not None:
            self._http.stop()
            await self._http.close_all_connections()
            self._http = None
