"""Direct answers (replies, confirmations, edits) that Telegram refuses for now go to the outbox.

The outbox sender records a RetryAfter or a network error per row and sends again on time. A direct
answer has no row: before, the office's /tonghop was retried once and then dropped, with a traceback.
Now a message, photo, document or edit that gets a RetryAfter (however long, however often) or a network
error becomes an outbox row and is delivered when Telegram allows, in order: while a chat has such rows
waiting, its later answers queue behind them. Every RetryAfter also pauses the sender, so the bot as a
whole keeps to what Telegram asked. A button's answer (the spinner) cannot wait: it is given up, with a
warning, and the handler goes on to store what was pressed.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from datetime import timedelta

from telegram import InputFile, TelegramObject
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot import metrics

log = logging.getLogger(__name__)
OUTBOX = {"outbox": True}  # rate_limit_args of the sender's own requests: they pass straight through
QUEUEABLE = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText")


def retry_after_seconds(exc: RetryAfter) -> float:
    """PTB gives an int or a timedelta depending on its settings."""
    wait = exc.retry_after
    return float(wait.total_seconds() if isinstance(wait, timedelta) else wait)


def _plain(value):
    return value.to_dict() if isinstance(value, TelegramObject) else value


def _file_b64(value) -> str | None:
    content = value.input_file_content if isinstance(value, InputFile) else None
    if content is not None and not isinstance(content, bytes):
        content = content.read()
    return base64.b64encode(content).decode() if content is not None else None


def outbox_payload(endpoint: str, data: dict) -> dict | None:
    """The outbox payload (jobs/sender.py `_deliver`) for a refused request; None when it cannot be kept."""
    markup = _plain(data.get("reply_markup"))
    if endpoint == "sendMessage":
        payload = {"text": data["text"], "reply_markup": markup}
        preview = _plain(data.get("link_preview_options")) or {}
        if preview.get("is_disabled"):
            payload["no_preview"] = True
        return payload
    if endpoint == "editMessageText" and "message_id" in data:
        return {"text": data["text"], "reply_markup": markup, "edit_message_id": int(data["message_id"])}
    field = {"sendPhoto": "photo", "sendDocument": "document"}.get(endpoint)
    if field is None:
        return None
    payload = {"caption": data.get("caption")}
    if (content := _file_b64(data.get(field))) is not None:
        payload[f"{field}_b64"] = content
        payload["filename"] = data[field].filename
    elif isinstance(data.get(field), str):  # a file Telegram already has
        payload[f"{field}_id"] = data[field]
    else:
        return None
    return payload


class DirectAnswers(BaseRateLimiter[dict]):
    def __init__(self):
        self.on_retry_after: Callable[[float], None] = lambda seconds: None  # set to pause the sender
        # set by the application: (chat id, payload, seconds to wait) -> stores the row, True when stored
        self.queue: Callable[[int, dict, float], bool] | None = None
        self.must_queue: Callable[[int], bool] = lambda chat_id: False  # earlier answers still waiting

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if rate_limit_args == OUTBOX:
            return await callback(*args, **kwargs)
        chat_id = data.get("chat_id")
        payload = outbox_payload(endpoint, data) if endpoint in QUEUEABLE and chat_id is not None else None
        if payload is not None and self.must_queue(int(chat_id)):
            return self._queued(endpoint, int(chat_id), payload, 0.0)  # keeps this chat's order
        counted = endpoint in QUEUEABLE  # messages (not getUpdates, not button answers) go to /metrics
        try:
            result = await callback(*args, **kwargs)
            if counted:
                metrics.MESSAGES_SENT.labels("direct").inc()
            return result
        except RetryAfter as exc:
            seconds = retry_after_seconds(exc)
            self.on_retry_after(seconds)
            error, reason, wait, refusal = exc, f"Telegram asked to wait {seconds:g} s", seconds, "429"
        except Forbidden:
            if counted:
                metrics.MESSAGES_REFUSED.labels("direct", "403").inc()
            raise
        except NetworkError as exc:
            if isinstance(exc, BadRequest):
                if counted:
                    metrics.MESSAGES_REFUSED.labels("direct", "400").inc()
                raise  # a mistake in the request: sending it again would fail again
            error, reason, wait, refusal = exc, f"network error ({exc})", 0.0, "network"
        if counted:
            metrics.MESSAGES_REFUSED.labels("direct", refusal).inc()
        if endpoint == "answerCallbackQuery":
            log.warning("%s: the answer to a button press in chat %s is given up", reason, chat_id)
            return True
        if payload is None or self.queue is None:
            log.warning("%s: %s to chat %s is not sent", reason, endpoint, chat_id)
            raise error
        log.warning("%s: %s to chat %s goes to the outbox", reason, endpoint, chat_id)
        return self._queued(endpoint, int(chat_id), payload, wait)

    def _queued(self, endpoint: str, chat_id: int, payload: dict, wait: float):
        if not self.queue(chat_id, payload, wait):
            raise RuntimeError(f"{endpoint} to chat {chat_id} could not be queued")
        if endpoint == "editMessageText":
            return True
        # What the handler gets back in place of Telegram's answer: a message known only to the outbox.
        return {"message_id": 0, "date": 0, "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"}}
