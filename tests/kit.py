"""Offline test kit: the real Application with the fake Bot API, and update builders."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session
from telegram import Update

from bot.app import build_application
from bot.fake_bot_api import BOT_USER, Call, FakeBotAPI
from bot.seed import load_bundled
from bot.services import ManualClock
from bot.settings import Settings
from db.engine import create_schema, make_engine
from jobs.sender import drain_outbox

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN_ID = 100
OFFICE_CHAT_ID = -100200300
START = datetime(2020, 11, 2, 9, 0, tzinfo=TZ)  # a Monday, after directive 2410 was issued


def person(user_id: int, name: str = "Nguyễn Văn A") -> dict:
    """A Telegram user; Vietnamese officials usually put their whole name in first_name."""
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "vi"}


class BotKit:
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
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    async def start(self) -> BotKit:
        await self.app.initialize()
        await self.app.post_init(self.app)
        self.api.clear()
        return self

    async def stop(self) -> None:
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

    def _message(self, user: dict, chat_id: int | None, **fields) -> dict:
        chat_id = chat_id if chat_id is not None else user["id"]
        chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]} if chat_id > 0 else {
            "id": chat_id, "type": "supergroup", "title": "Văn phòng CCHC"}
        return {"message_id": next(self._message_ids), "date": int(self.clock().timestamp()),
                "chat": chat, "from": user, **fields}

    def text(self, user: dict, text: str, *, chat_id: int | None = None, reply_to: Call | int | None = None
             ) -> Update:
        fields: dict = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            fields["reply_to_message"] = self._bot_message(reply_to, chat_id or user["id"])
        data = {"update_id": next(self._update_ids), "message": self._message(user, chat_id, **fields)}
        return Update.de_json(data, self.app.bot)

    def _bot_message(self, reply_to: Call | int, chat_id: int) -> dict:
        message_id = reply_to if isinstance(reply_to, int) else reply_to.result_message_id
        return {"message_id": message_id, "date": int(self.clock().timestamp()),
                "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER, "text": "..."}

    def document(self, user: dict, *, file_name: str, size: int = 50_000, caption: str | None = None,
                 reply_to: Call | int | None = None) -> Update:
        fields: dict = {"document": {"file_id": f"F-{file_name}", "file_unique_id": f"U-{file_name}",
                                     "file_name": file_name, "file_size": size}}
        if caption:
            fields["caption"] = caption
        if reply_to is not None:
            fields["reply_to_message"] = self._bot_message(reply_to, user["id"])
        data = {"update_id": next(self._update_ids), "message": self._message(user, None, **fields)}
        return Update.de_json(data, self.app.bot)

    def photo(self, user: dict, *, reply_to: Call | int | None = None) -> Update:
        fields: dict = {"photo": [{"file_id": "PHOTO1", "file_unique_id": "UPH1", "width": 1280,
                                   "height": 960, "file_size": 200_000}]}
        if reply_to is not None:
            fields["reply_to_message"] = self._bot_message(reply_to, user["id"])
        data = {"update_id": next(self._update_ids), "message": self._message(user, None, **fields)}
        return Update.de_json(data, self.app.bot)

    def callback(self, user: dict, data: str, *, message: Call | int | None = None) -> Update:
        message_id = message if isinstance(message, int) else (message.result_message_id if message else 1)
        payload = {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._update_ids)), "from": user, "chat_instance": "ci", "data": data,
                "message": {"message_id": message_id, "date": int(self.clock().timestamp()),
                            "chat": {"id": user["id"], "type": "private"}, "from": BOT_USER, "text": "..."},
            },
        }
        return Update.de_json(payload, self.app.bot)
