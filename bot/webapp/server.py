"""The dashboard's HTTP server, on the bot's own event loop (tornado: already installed for the webhook).

`/` serves the page (HTML, JS, CSS from this package: no CDN), `/api/*` the data. Every API request carries
the Mini App's raw launch data (`Authorization: tma <initData>`), checked on each request: 401 for a bad or
stale signature, 403 for anyone but office members (and for viewers on admin actions). No cookie, no
session table, no CORS headers (so browsers keep other origins out).

The API's pipeline (`ApiHandler.prepare`, on the headers alone): a body over 64 KB refused unread (413), the
launch data checked (401), the member's requests in flight and per minute (429), the office role (403); only
then is the body read. Queries run in the dashboard's own bounded pool; `/api/dashboard` comes from short-lived
per-directive snapshots (`snapshot.py`) that a write to what the page shows ends (`guard.py`: the limits).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tornado.web
from sqlmodel import Session
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot import texts
from bot.documents.chart import CLASS_COLOR
from bot.documents.summary import MARK, MARK_OVERDUE_BLOCKED
from bot.domain.enums import OfficeRole
from bot.domain.numbers import parse_number
from bot.domain.review import StatusClass
from bot.operations.office_views import current_directive
from bot.services import services
from bot.webapp import actions, focal, views
from bot.webapp.errors import ApiError
from bot.webapp.guard import (
    HOLD_TOO_MANY_SECONDS,
    HOLD_UNAUTHORIZED_SECONDS,
    MAX_BODY_BYTES,
    MemberLimits,
    RefusalLog,
    Tarpit,
    watch_writes,
)
from bot.webapp.http import RequestSlot, StaticHandler, declared_body, log_request
from bot.webapp.initdata import InitDataError, check_init_data
from bot.webapp.snapshot import Snapshots
from db.models import Directive
from db.people import office_role

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
# frame-ancestors: Telegram's web clients (Web K and Web A, https://web.telegram.org/k/ and /a/) show a Mini App
# in an iframe of that origin (docs.telegram-mini-apps.com, "Methods": the parent origin is https://web.telegram.org);
# the phone and desktop apps open it as a top-level web view, which frame-ancestors does not restrict.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors https://web.telegram.org")
DASHBOARD_WORKERS = 2  # threads for the dashboard's queries: the machine's cores, not one per request


def page_config() -> str:
    """The page's words and the chart's colours, as JSON safe inside a <script> element."""
    config = {
        "texts": {**texts.WEBAPP_PAGE, **texts.WEBAPP_PAGE_PHONE}, "kinds": texts.WEBAPP_UNIT_KINDS,
        "classes": [{"key": k.name, "label": k.value, "color": CLASS_COLOR[k], "mark": MARK[k]} for k in StatusClass],
        "mark_overdue_blocked": MARK_OVERDUE_BLOCKED,
    }
    return json.dumps(config, ensure_ascii=False).replace("</", "<\\/")


class _Base(tornado.web.RequestHandler):
    def initialize(self, server: DashboardServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    def write_error(self, status_code: int, **kwargs) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        text = error.text if isinstance(error, ApiError) else (
            texts.WEBAPP_NOT_FOUND if status_code == 404 else texts.WEBAPP_ERROR)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        notice = {"notice": True} if isinstance(error, ApiError) and error.notice else {}
        self.finish(json.dumps({"error": text, **notice}, ensure_ascii=False))


class NotFoundHandler(_Base):
    """Any other path: the same JSON refusal in Vietnamese, not tornado's English page."""

    def prepare(self) -> None:
        raise ApiError(404, texts.WEBAPP_NOT_FOUND)


class PageHandler(_Base):
    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", PAGE_POLICY)
        self.set_header("Cache-Control", "no-cache")
        self.finish(self.server.page)


@tornado.web.stream_request_body  # prepare() runs on the headers alone; the body is read only if it lets the request in
class ApiHandler(RequestSlot, _Base):
    """Authenticates every request; subclasses read `self.user`, `self.role` and run db work in a thread."""

    admin_only = False

    async def prepare(self) -> None:
        self.set_header("Cache-Control", "no-store")
        declared = declared_body(self.request)
        if declared is not None and declared > MAX_BODY_BYTES:
            self.unread_body = True
            raise ApiError(413, texts.WEBAPP_TOO_LARGE)  # no log line: a flood would write one each
        scheme, _, raw = self.request.headers.get("Authorization", "").partition(" ")
        try:
            if scheme.lower() != "tma":
                raise InitDataError("no tma authorization")
            self.user = check_init_data(raw, bot_token=self.server.bot_token, now=self.server.auth_clock())
        except InitDataError as exc:
            self.server.refusals.refused(self.client_ip(), str(exc), time.monotonic())
            await self.server.tarpit.hold(HOLD_UNAUTHORIZED_SECONDS)
            raise ApiError(401, texts.WEBAPP_UNAUTHORIZED) from None
        if not self.server.limits.admit(self.user.id, time.monotonic()):
            await self.server.tarpit.hold(HOLD_TOO_MANY_SECONDS)
            raise ApiError(429, texts.WEBAPP_TOO_MANY)  # no log line either
        self.admitted = self.user.id
        await self.authorize()

    async def authorize(self) -> None:
        """Office members only, admins for admin actions (the focal point's form puts its own rule here)."""
        settings = self.server.svc.settings
        self.role = await self.db(lambda s: office_role(s, tg_user_id=self.user.id, admin_ids=settings.admin_ids))
        if self.role is None:
            log.info("dashboard: user %s is not an office member", self.user.id)
            raise ApiError(403, texts.WEBAPP_FORBIDDEN)
        if self.admin_only and self.role != OfficeRole.admin:
            raise ApiError(403, texts.WEBAPP_ADMIN_ONLY)

    def now(self):
        return self.server.svc.now()

    def arg(self, name: str) -> str:
        return self.get_query_argument(name, "") if self.request.method == "GET" else str(self.body().get(name, ""))

    def body(self) -> dict:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ApiError(400, texts.WEBAPP_BAD_REQUEST, detail="body is not a JSON object")
        return body

    def int_arg(self, name: str) -> int:
        value = parse_number(self.arg(name))
        if value is None:
            raise ApiError(400, texts.WEBAPP_BAD_REQUEST, detail=f"{name} is not a number")
        return value

    def directive_in(self, session: Session) -> Directive:
        """The directive the request names, else the newest open one (as /tonghop without an argument)."""
        wanted = self.arg("directive")
        number = parse_number(wanted)
        directive = session.get(Directive, number) if number is not None else current_directive(session, [])
        if directive is None:
            raise ApiError(404, texts.WEBAPP_NOT_FOUND)
        session.expunge(directive)
        return directive

    async def act(self, action) -> None:
        """Run a button's action; its Vietnamese answer (or refusal) goes back as JSON."""
        try:
            text = await action
        except actions.ActionError as exc:
            raise ApiError(exc.status, exc.text, notice=exc.notice) from None
        self.finish({"message": text})


class MeHandler(ApiHandler):
    async def get(self) -> None:
        def work(session):
            current = current_directive(session, [])
            return views.directives_json(session), current.id if current else None

        directives, current = await self.db(work)
        self.finish({"user": {"id": self.user.id, "name": self.user.name}, "role": self.role.value,
                     "directives": directives, "directive": current})


class DashboardHandler(ApiHandler):
    async def get(self) -> None:
        matrix = views.MatrixFilter.from_args({k: self.get_query_argument(k) for k in self.request.arguments})
        tz = self.server.svc.settings.timezone

        def compute():  # the time is the snapshot's: every view sharing it says the same "as of"
            now = self.now()
            return self.db(lambda s: views.dashboard_json(s, directive=self.directive_in(s), now=now, tz=tz,
                                                          matrix=matrix))

        minute = self.now().replace(second=0, microsecond=0)  # a moved clock (the demo's, a test's) is a new view
        self.finish(await self.server.snapshots.get(("dashboard", self.arg("directive"), matrix, minute), compute))


class CellHandler(ApiHandler):
    async def get(self) -> None:
        unit, task = self.arg("unit").upper(), self.int_arg("task")
        now, tz = self.now(), self.server.svc.settings.timezone
        found = await self.db(lambda s: views.cell_json(s, directive=self.directive_in(s), unit_code=unit,
                                                          task_number=task, now=now, tz=tz))
        if found is None:
            raise ApiError(404, texts.WEBAPP_NOT_FOUND)
        self.finish(found)


class UnitHandler(ApiHandler):
    async def get(self) -> None:
        unit = self.arg("unit").upper()
        tz = self.server.svc.settings.timezone
        found = await self.db(lambda s: views.unit_json(s, unit_code=unit, tz=tz))
        if found is None:
            raise ApiError(404, texts.WEBAPP_NOT_FOUND)
        self.finish(found)


class ExtensionsHandler(ApiHandler):
    async def get(self) -> None:
        tz = self.server.svc.settings.timezone
        found = await self.db(lambda s: views.extensions_json(s, directive=self.directive_in(s), tz=tz))
        self.finish({"extensions": found})


class ExportHandler(ApiHandler):
    async def post(self) -> None:
        directive = await self.db(self.directive_in)
        await self.act(actions.send_export(self.server.app, user_id=self.user.id, directive=directive))


class EvidenceHandler(ApiHandler):
    async def post(self) -> None:
        directive = await self.db(self.directive_in)
        await self.act(actions.send_evidence(self.server.app, user_id=self.user.id, directive=directive,
                                             report_id=self.int_arg("report"), unit=self.arg("unit"),
                                             task=self.int_arg("task")))


class DeadlineHandler(ApiHandler):
    admin_only = True

    async def post(self) -> None:
        directive = await self.db(self.directive_in)
        unit = self.arg("unit").upper() or None
        await self.act(actions.set_task_deadline(self.server.app, user_id=self.user.id, directive=directive,
                                                 task=self.int_arg("task"), unit_code=unit,
                                                 when_text=self.arg("date")))


class ExtensionHandler(ApiHandler):
    admin_only = True

    async def post(self) -> None:
        approve = self.body().get("approve")
        if not isinstance(approve, bool):
            raise ApiError(400, texts.WEBAPP_BAD_REQUEST, detail="approve is not true/false")
        await self.act(actions.decide(self.server.app, user_id=self.user.id, request_id=self.int_arg("request"),
                                      approve=approve))


class RemindHandler(ApiHandler):
    admin_only = True

    async def post(self) -> None:
        await self.act(actions.remind_unit(self.server.app, user_id=self.user.id, unit_code=self.arg("unit").upper()))


# The focal point's form (bot/webapp/focal.py): the office's guards above, the focal point's rule instead of the office's.
MineHandler = type("MineHandler", (focal.FocalAuth, focal.MineMixin, ApiHandler), {})
MineReportHandler = type("MineReportHandler", (focal.FocalAuth, focal.ReportMixin, ApiHandler), {})


class DashboardServer:
    """Started by the composition root when WEBAPP_LISTEN is set (and by the demo); stopped at shutdown."""

    def __init__(self, app: Application, *, auth_clock: Callable[[], float] = time.time,
                 limits: MemberLimits | None = None, snapshots: Snapshots | None = None):
        self.app, self.svc, self.auth_clock = app, services(app), auth_clock
        self.bot_token = app.bot.token  # the demo's offline token there, the real one in production
        self.page = (STATIC / "index.html").read_text(encoding="utf-8").replace("{{CONFIG}}", page_config())
        self.port: int | None = None
        self._http: HTTPServer | None = None
        self.limits = limits or MemberLimits()
        self.snapshots = snapshots or Snapshots()
        self.refusals, self.tarpit = RefusalLog(), Tarpit()
        self.trusted_proxies = self.svc.settings.webapp_trusted_proxy
        self.pool: ThreadPoolExecutor | None = None
        self._unwatch: Callable[[], None] | None = None

    def routes(self) -> list:
        kw = {"server": self}
        return [
            (r"/", PageHandler, kw),
            (r"/static/(app\.js|app\.css|shell\.js|focal\.js|telegram-sdk\.js)", StaticHandler, {"path": str(STATIC)}),
            (r"/api/me", MeHandler, kw), (r"/api/dashboard", DashboardHandler, kw),
            (r"/api/cell", CellHandler, kw), (r"/api/unit", UnitHandler, kw),
            (r"/api/extensions", ExtensionsHandler, kw), (r"/api/export", ExportHandler, kw),
            (r"/api/evidence", EvidenceHandler, kw), (r"/api/deadline", DeadlineHandler, kw),
            (r"/api/extension", ExtensionHandler, kw), (r"/api/remind", RemindHandler, kw),
            (r"/api/mine", MineHandler, kw), (r"/api/mine/report", MineReportHandler, kw),
        ]

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0: a free port) on the running loop; returns the port."""
        sockets = bind_sockets(port, address=host)
        web = tornado.web.Application(self.routes(), default_handler_class=NotFoundHandler,
                                      default_handler_args={"server": self}, log_function=log_request)
        self.pool = ThreadPoolExecutor(DASHBOARD_WORKERS, thread_name_prefix="dashboard")
        self._unwatch = watch_writes(self.svc.engine, self.snapshots.invalidate)
        # xheaders off: a client's X-Real-IP is never believed (client_ip trusts it only from the named proxy).
        self._http = HTTPServer(web, xheaders=False, max_body_size=MAX_BODY_BYTES)
        self._http.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        log.info("dashboard listening on %s:%s", host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._http is not None:
            self._http.stop()
            await self._http.close_all_connections()
            self._http = None
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

