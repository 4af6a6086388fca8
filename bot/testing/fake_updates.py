"""Builds the updates a Telegram user would produce (tests and the demo console share it)."""

from __future__ import annotations

import itertools

from telegram import Update

from bot.testing.fake_bot_api import BOT_USER, Call


class UpdateFactory:
    def __init__(self, bot, clock):
        self._bot = bot
        self._clock = clock
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    def _message(self, user: dict, chat_id: int | None, **fields) -> dict:
        chat_id = chat_id if chat_id is not None else user["id"]
        chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]} if chat_id > 0 else {
            "id": chat_id, "type": "supergroup", "title": "Văn phòng CCHC"}
        return {"message_id": next(self._message_ids), "date": int(self._clock().timestamp()),
                "chat": chat, "from": user, **fields}

    def _bot_message(self, reply_to: Call | int, chat_id: int) -> dict:
        message_id = reply_to if isinstance(reply_to, int) else reply_to.result_message_id
        return {"message_id": message_id, "date": int(self._clock().timestamp()),
                "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER, "text": "..."}

    def text(self, user: dict, text: str, *, chat_id: int | None = None, reply_to: Call | int | None = None
             ) -> Update:
        fields: dict = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            fields["reply_to_message"] = self._bot_message(reply_to, chat_id or user["id"])
        data = {"update_id": next(self._update_ids), "message": self._message(user, chat_id, **fields)}
        return Update.de_json(data, self._bot)

    def edited(self, original: Update, text: str) -> Update:
        """The user edits a text message they sent earlier (same message id, new text)."""
        message = original.message.to_dict()
        message.update(text=text, edit_date=int(self._clock().timestamp()))
        data = {"update_id": next(self._update_ids), "edited_message": message}
        return Update.de_json(data, self._bot)

    def document(self, user: dict, *, file_name: str, size: int = 50_000, caption: str | None = None,
                 reply_to: Call | int | None = None, chat_id: int | None = None) -> Update:
        fields: dict = {"document": {"file_id": f"F-{file_name}", "file_unique_id": f"U-{file_name}",
                                     "file_name": file_name, "file_size": size}}
        if caption:
            fields["caption"] = caption
        if reply_to is not None:
            fields["reply_to_message"] = self._bot_message(reply_to, user["id"])
        data = {"update_id": next(self._update_ids), "message": self._message(user, chat_id, **fields)}
        return Update.de_json(data, self._bot)

    def photo(self, user: dict, *, reply_to: Call | int | None = None) -> Update:
        fields: dict = {"photo": [{"file_id": "PHOTO1", "file_unique_id": "UPH1", "width": 1280,
                                   "height": 960, "file_size": 200_000}]}
        if reply_to is not None:
            fields["reply_to_message"] = self._bot_message(reply_to, user["id"])
        data = {"update_id": next(self._update_ids), "message": self._message(user, None, **fields)}
        return Update.de_json(data, self._bot)

    def callback(self, user: dict, data: str, *, message: Call | int | None = None) -> Update:
        """A button press; with a recorded Call as `message`, the pressed message carries its keyboard."""
        message_id = message if isinstance(message, int) else (message.result_message_id if message else 1)
        markup = message.params.get("reply_markup") if isinstance(message, Call) else None
        payload = {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._update_ids)), "from": user, "chat_instance": "ci", "data": data,
                "message": {"message_id": message_id, "date": int(self._clock().timestamp()),
                            "chat": {"id": user["id"], "type": "private"}, "from": BOT_USER, "text": "...",
                            **({"reply_markup": markup} if markup else {})},
            },
        }
        return Update.de_json(payload, self._bot)
