"""HTTP details of the dashboard's server that are not about the office's data: static files' headers, the
request log, a declared body's length and closing a connection without reading its body."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import tornado.web
from sqlmodel import Session

from bot import metrics
from bot.webapp.guard import client_address

log = logging.getLogger("bot.webapp.server")
RETRY_AFTER_SECONDS = 5
STATIC_CACHE = "no-cache"  # revalidated by ETag each time: a new release's script is never mixed with an old page


class StaticHandler(tornado.web.StaticFileHandler):
    """The page's script and style: revalidated before use, never sniffed as another type. (A body sent with
    them meets the server's own 64 KB limit: refused unread, before this handler runs.)"""

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", STATIC_CACHE)


def declared_body(request) -> int | None:
    """The body length a request declares (None: chunked, unknown until read; the server's limit counts it)."""
    if "Transfer-Encoding" in request.headers:
        return None
    try:
        return int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return None


def close_unread(request) -> None:
    """After the answer to a request whose body is refused unread: take the connection from tornado (which would
    otherwise read the body to keep it alive) and close it once the answer is written."""
    try:
        stream = request.connection.detach()
        stream.write(b"").add_done_callback(lambda _: stream.close())
    except Exception:  # noqa: BLE001 - the client has gone already: nothing to close
        pass


def log_request(handler: tornado.web.RequestHandler) -> None:
    """Counted by status with its latency (bot/metrics.py); server errors are logged; refusals (4xx) are not, one line each (a flood of them would fill the disk):
    refused launch data has its own line, at most once a minute per address."""
    status = handler.get_status()
    metrics.DASHBOARD_REQUESTS.labels(str(status)).inc()
    metrics.DASHBOARD_LATENCY.observe(handler.request.request_time())
    if status >= 500:
        log.warning("dashboard: %s %s -> %s", handler.request.method, handler.request.path, status)


class RequestSlot:
    """The API handler's side of the limits: the member's request slot is given back when the answer is out or
    the client has gone; a body is read only after `prepare` let the request in; queries run in the bounded pool."""

    admitted: int | None = None  # the member whose request slot this request holds
    unread_body = False  # refused for its size: the connection closes without reading it

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 429:  # set here: tornado clears the headers set before an error
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
        super().write_error(status_code, **kwargs)

    def data_received(self, chunk: bytes) -> None:
        self.request.body += chunk  # at most MAX_BODY_BYTES in all: HTTPServer(max_body_size=…) stops the rest

    def on_finish(self) -> None:
        self.release()
        if self.unread_body:
            close_unread(self.request)

    def on_connection_close(self) -> None:
        self.release()  # a client that went away frees its slot (the query it started still ends in the pool)
        super().on_connection_close()

    def release(self) -> None:
        if self.admitted is not None:
            self.server.limits.release(self.admitted)
            self.admitted = None

    def client_ip(self) -> str:
        return client_address(self.request.remote_ip, self.request.headers, self.server.trusted_proxies)

    async def db(self, work: Callable[[Session], object]):
        """`work` with its own session in the dashboard's bounded pool (never on the event loop)."""
        engine = self.server.svc.engine

        def run():
            with Session(engine) as session:
                return work(session)

        return await asyncio.get_running_loop().run_in_executor(self.server.pool, run)

