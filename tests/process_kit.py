"""Run `cchc-bot run` as a real process against the fake HTTP Bot API."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlmodel import Session

from bot.domain.enums import FocalRole
from bot.domain.units_csv import UnitRow
from db.directives import assign_directive, get_directive
from db.engine import create_schema, make_engine
from db.models import FocalPoint
from db.units import import_units, list_units
from tests.fake_http_api import FakeBotServer

TOKEN = "123456:PROCESS-TEST-TOKEN"
ADMIN_ID = 100
OFFICE_CHAT_ID = -100200300
FOCAL_BASE = 10_000
TASK_RE = re.compile(r"Nhiệm vụ (\d+)/7")


def seed_database(path: Path | None, *, units: int, url: str | None = None, queue_push: bool = False) -> list[int]:
    """The bundled data plus extra units up to `units`, one focal point each; returns their chat ids.

    `url` seeds another database (PostgreSQL) from scratch; `queue_push` also queues the push of 2410.
    """
    from sqlmodel import SQLModel

    from bot.operations.seed import load_bundled

    engine = make_engine(url or f"sqlite:///{path}")
    if url:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        SQLModel.metadata.drop_all(engine)
    create_schema(engine)
    with Session(engine) as session:
        load_bundled(session)
        extra = units - len(list_units(session))
        import_units(session, rows=[UnitRow(f"U{i:04d}", f"Đơn vị thử {i}", "other") for i in range(extra)])
        session.flush()
        all_units = list_units(session)[:units]
        directive = get_directive(session, number="2410/UBND-KSTT")
        assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in all_units])
        chats = []
        for index, unit in enumerate(all_units):
            chat = FOCAL_BASE + index
            session.add(FocalPoint(unit_id=unit.id, tg_user_id=chat, chat_id=chat, name=f"Đầu mối {unit.code}",
                                   role=FocalRole.primary))
            chats.append(chat)
        session.flush()
        if queue_push:
            from datetime import datetime
            from zoneinfo import ZoneInfo

            from bot.delivery.push import queue_task_cards
            from db.people import reachable_focal_points
            from db.reports import assignments_for_push

            tz = ZoneInfo("Asia/Ho_Chi_Minh")
            ids = [u.id for u in all_units]
            queue_task_cards(session, views=assignments_for_push(session, directive_id=directive.id, unit_ids=ids),
                             focal_points=reachable_focal_points(session, unit_ids=ids), tz=tz,
                             now=datetime.now(tz))
        session.commit()
    engine.dispose()
    return chats


class BotProcess:
    def __init__(self, server: FakeBotServer, db_path: Path, workdir: Path, **env):
        self.server, self.db_path, self.workdir = server, db_path, workdir
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL", "OFFICE_"))},
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": server.api_url,
            "DATABASE_URL": db_path if isinstance(db_path, str) else f"sqlite:///{db_path}",
            "OFFICE_ADMIN_IDS": str(ADMIN_ID),
            "OFFICE_CHAT_ID": str(OFFICE_CHAT_ID),
            "LOG_LEVEL": "INFO",
            **{k: str(v) for k, v in env.items()},
        }
        self.proc: subprocess.Popen | None = None
        self.log_path = workdir / "bot.log"
        self.args: list[str] = []

    def start(self, timeout: float = 30, wait_for: str = "getUpdates") -> BotProcess:
        """Start and wait for the first getUpdates (or another method, e.g. setWebhook)."""
        polls_before = self.server.state.polls
        calls_before = len(self.server.calls(wait_for))
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", *self.args], cwd=self.workdir,
                                     env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

        def ready() -> bool:
            if wait_for == "getUpdates":
                return self.server.state.polls > polls_before
            return len(self.server.calls(wait_for)) > calls_before

        if not self.server.wait_for(lambda: ready() or self.proc.poll() is not None, timeout):
            raise AssertionError("bot did not start polling:\n" + self.log())
        assert self.proc.poll() is None, self.log()
        return self

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


def task_deliveries(server: FakeBotServer) -> Counter:
    """(chat, task number) -> how many times Telegram accepted it."""
    counts: Counter = Counter()
    for record in server.calls("sendMessage"):
        call = record.call
        if record.status == 200 and call.chat_id and call.chat_id >= FOCAL_BASE:
            if match := TASK_RE.search(call.text):
                counts[(call.chat_id, int(match.group(1)))] += 1
    return counts


def ask(server: FakeBotServer, text: str) -> None:
    server.user_text(ADMIN_ID, "Văn phòng CCHC", text)
