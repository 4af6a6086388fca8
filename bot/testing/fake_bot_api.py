"""An in-process fake of the Bot API (a `BaseRequest`): records every call, answers like Telegram.

Used by the tests and by the demo console, so there is one fake, not two. It never opens a socket.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "CCHC Bot",
    "username": "cchc_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    result: Any = None
    error: str | None = None

    @property
    def result_message_id(self) -> int | None:
        return self.result.get("message_id") if isinstance(self.result, dict) else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def chat_id(self) -> int | None:
        chat = self.params.get("chat_id")
        return int(chat) if chat is not None else None

    @property
    def buttons(self) -> list[dict]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [b for row in markup.get("inline_keyboard", []) for b in row]


@dataclass
class Failure:
    """An injected Bot API error: (HTTP status, description, parameters)."""

    status: int
    description: str
    parameters: dict | None = None

    @classmethod
    def retry_after(cls, seconds: int) -> Failure:
        return cls(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})

    @classmethod
    def blocked(cls) -> Failure:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def chat_not_found(cls) -> Failure:
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def server_error(cls) -> Failure:
        return cls(500, "Internal Server Error")


class FakeBotAPI(BaseRequest):
    """Answers getMe and the sending methods with well-formed results; can fail on demand."""

    def __init__(self, on_call: Callable[[Call], None] | None = None):
        self.calls: list[Call] = []
        self.on_call = on_call
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)
        self._failures: list[tuple[str | None, int | None, Failure, Callable[[Call], bool] | None]] = []
        self.blocked_chats: set[int] = set()
        self.uploads: dict[str, bytes] = {}  # file_id -> content a user "sent" (served by getFile)
        self.forgotten: set[str] = set()  # file ids Telegram no longer knows (a new token, a dropped file)

    # -- test helpers -------------------------------------------------------
    def fail_next(self, failure: Failure, *, method: str | None = None, chat_id: int | None = None,
                  times: int = 1, when: Callable[[Call], bool] | None = None) -> None:
        """Answer the next `times` matching calls with `failure` instead of a result."""
        self._failures.extend([(method, chat_id, failure, when)] * times)

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def clear(self) -> None:
        self.calls.clear()

    def forget(self, file_id: str) -> None:
        """Telegram no longer knows `file_id`: getFile, its download and sending it by id are refused."""
        self.forgotten.add(file_id)

    def forgotten_failure(self, call: Call) -> Failure | None:
        """The refusal Telegram gives for a forgotten file id (None when the call names none)."""
        if call.method == "getFile" and str(call.params.get("file_id")) in self.forgotten:
            return Failure(400, "Bad Request: invalid file_id")
        sent = call.params.get("document") or call.params.get("photo")
        if call.method in ("sendDocument", "sendPhoto") and isinstance(sent, str) and sent in self.forgotten:
            return Failure(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return None

    # -- BaseRequest --------------------------------------------------------
    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url, method, request_data: RequestData | None = None, read_timeout=None,
                         write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a file download after getFile
            file_id = url.rsplit("/", 1)[-1]
            if file_id in self.uploads and file_id not in self.forgotten:
                return 200, self.uploads[file_id]
            return 404, json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode()
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data and request_data.contains_files:
            for name, part in request_data.multipart_data.items():
                filename, content = part[0], part[1]
                files[name] = (filename, content if isinstance(content, bytes) else content.read())
        call = Call(api_method, params, files)
        if api_method != "getUpdates":
            self.calls.append(call)
            if self.on_call:
                self.on_call(call)
        failure = self.forgotten_failure(call) or self._take_failure(call)
        if failure is not None:
            body = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.parameters:
                body["parameters"] = failure.parameters
            call.error = failure.description
            return failure.status, json.dumps(body).encode()
        call.result = self._result(call)
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    def _take_failure(self, call: Call) -> Failure | None:
        if call.chat_id is not None and call.chat_id in self.blocked_chats:
            return Failure.blocked()
        for index, (method, chat_id, failure, when) in enumerate(self._failures):
            if ((method is None or method == call.method) and (chat_id is None or chat_id == call.chat_id)
                    and (when is None or when(call))):
                if call.method in ("getMe", "getUpdates") and method is None:
                    continue
                del self._failures[index]
                return failure
        return None

    def _message(self, call: Call, **extra) -> dict:
        chat_id = call.chat_id or 0
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "Văn phòng"},
            "from": BOT_USER,
        }
        if "text" in call.params:
            message["text"] = call.params["text"]
        if call.params.get("reply_markup"):
            markup = call.params["reply_markup"]
            markup = json.loads(markup) if isinstance(markup, str) else markup
            if "inline_keyboard" in markup:  # as Telegram: a sent message carries only an inline keyboard
                message["reply_markup"] = markup
        message.update(extra)
        return message

    def _result(self, call: Call) -> Any:
        method = call.method
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return []
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            if method != "sendMessage" and "inline_message_id" in call.params:
                return True
            result = self._message(call)
            if method != "sendMessage" and "message_id" in call.params:
                result["message_id"] = int(call.params["message_id"])
            return result
        if method == "getFile":
            file_id = str(call.params.get("file_id"))
            content = self.uploads.get(file_id, b"")
            return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content),
                    "file_path": file_id}
        if method == "sendDocument":
            name = next(iter(call.files.values()), ("document", b""))[0]
            file_id = f"DOC{next(self._file_ids)}"
            return self._message(call, document={"file_id": file_id, "file_unique_id": file_id,
                                                 "file_name": name})
        if method == "sendPhoto":
            file_id = f"PH{next(self._file_ids)}"
            return self._message(call, photo=[{"file_id": file_id, "file_unique_id": file_id,
                                               "width": 800, "height": 600}])
        return True
