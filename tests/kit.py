"""Offline test kit: the real Application with the fake Bot API, and update builders."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Update

from bot.app import build_application
from bot.operations.seed import load_bundled
from bot.services import ManualClock
from bot.settings import Settings
from bot.testing.fake_bot_api import Call, FakeBotAPI
from bot.testing.fake_updates import UpdateFactory
from db.engine import create_schema, make_engine
from jobs.sender import drain_outbox

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN_ID = 100
OFFICE_CHAT_ID = -100200300
START = datetime(2020, 11, 2, 9, 0, tzinfo=TZ)  # a Monday, after directive 2410 was issued


def person(user_id: int, name: str = "Nguyễn Văn A") -> dict:
    """A Telegram user; Vietnamese officials usually put their whole name in first_name."""
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "vi"}


class BotKit(UpdateFactory):
    def __init__(self, *, settings: Settings | None = None, engine=None, seed: bool = True):
        self.engine = engine or make_engine("sqlite://")
        create_schema(self.engine)
        if seed:
            with Session(self.engine) as session:
                load_bundled(session)
                session.commit()
        self.settings = settings or Settings(
            token="123456:TEST-TOKEN", admin_ids=(ADMIN_ID,), office_chat_id=OFFICE_CHAT_ID,
            rate_limit=False, timezone=TZ,
        )
        self.clock = ManualClock(START)
        self.api = FakeBotAPI()
        self.app = build_application(self.settings, engine=self.engine, request=self.api, clock=self.clock)
        # Exports and charts in this process, so tests can hold or replace them (the process tests and the
        # benchmarks run them in the worker process, as production does).
        self.app.bot_data["services"].offload = False
        UpdateFactory.__init__(self, self.app.bot, self.clock)

    async def start(self) -> BotKit:
        await self.app.initialize()
        await self.app.post_init(self.app)
        self.api.clear()
        return self

    async def stop(self) -> None:
        await self.app.post_shutdown(self.app)  # run_polling would call it; gives leadership back
        await self.app.shutdown()

    def session(self) -> Session:
        return Session(self.engine)

    # -- sending updates ----------------------------------------------------
    async def send(self, update: Update) -> list[Call]:
        """Process one update like the running bot would, then let the sender drain the outbox."""
        mark = len(self.api.calls)
        await self.app.process_update(update)
        await drain_outbox(self.app)
        return self.api.calls[mark:]

    async def drain(self) -> list[Call]:
        mark = len(self.api.calls)
        await drain_outbox(self.app)
        return self.api.calls[mark:]
