"""A fake Bot API over real HTTP on 127.0.0.1 (random port) for process-level tests.

It answers like Telegram (results are built by `bot.testing.fake_bot_api.FakeBotAPI`, the same fake the
in-process tests use), long-polls getUpdates with offsets, records every call with its arrival
time, and injects faults per call: 429 with retry_after, 403 blocked, 400 chat not found, 500,
answers slower than the client's timeout, and the whole server going away. It serves getFile and the file
download (`upload`), and can forget a file as Telegram does (`forget`).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from bot.testing.fake_bot_api import Call, Failure, FakeBotAPI


@dataclass
class Fault:
    method: str | None
    chat_id: int | None
    failure: Failure | None  # None with `delay`: a slow, then normal, answer
    times: int = 1
    delay: float = 0.0
    when: object = None


@dataclass
class Recorded:
    call: Call
    at: float  # time.monotonic() on arrival
    status: int = 200
    answered_at: float = 0.0


@dataclass
class ServerState:
    api: FakeBotAPI = field(default_factory=FakeBotAPI)
    calls: list[Recorded] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    next_update_id: int = 1
    polls: int = 0
    downloads: list[str] = field(default_factory=list)  # file paths downloaded (GET /file/bot…/path)
    down: bool = False  # kept-alive connections are dropped too, not only the listener
    lock: threading.Condition = field(default_factory=threading.Condition)


def _decode(value: str):
    try:
        return json.loads(value)
    except (ValueError, TypeError):
        return value


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: ServerState  # set on the subclass per server

    def log_message(self, *args) -> None:  # keep test output clean
        return

    def _params(self) -> tuple[dict, dict]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        ctype = self.headers.get("Content-Type", "")
        params, files = {}, {}
        if ctype.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {ctype}\r\n\r\n".encode() + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True) or b""
                if filename:
                    files[name] = (filename, payload)
                else:
                    params[name] = _decode(payload.decode("utf-8"))
        elif ctype.startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = {k: _decode(v[-1]) for k, v in parse_qs(body.decode("utf-8")).items()}
        return params, files

    def do_POST(self) -> None:  # noqa: N802
        if self.state.down:
            self.close_connection = True
            self.connection.close()
            return
        if self.path.startswith("/file/bot"):  # a file download after getFile: GET /file/bot<token>/<file_path>
            self._download(self.path.rsplit("/", 1)[-1])
            return
        method = self.path.rsplit("/", 1)[-1]
        params, files = self._params()
        state = self.state
        call = Call(method, params, files)
        if method == "getUpdates":
            with state.lock:
                state.polls += 1
            self._reply(200, {"ok": True, "result": self._updates(params)})
            return
        arrived = time.monotonic()
        record = Recorded(call, arrived)
        with state.lock:
            state.calls.append(record)
            fault = self._take_fault(call)
        if fault and fault.delay:
            time.sleep(fault.delay)
        failure = fault.failure if fault else state.api.forgotten_failure(call)
        if failure is None and call.chat_id in state.blocked:
            failure = Failure.blocked()
        if failure is not None:
            body = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.parameters:
                body["parameters"] = failure.parameters
            call.error, record.status = failure.description, failure.status
            self._reply(failure.status, body)
        else:
            with state.lock:
                call.result = state.api._result(call)
            self._reply(200, {"ok": True, "result": call.result})
        record.answered_at = time.monotonic()

    do_GET = do_POST

    def _download(self, file_path: str) -> None:
        api = self.state.api
        data = api.uploads.get(file_path) if file_path not in api.forgotten else None
        with self.state.lock:
            self.state.downloads.append(file_path)
        try:
            if data is None:
                self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _take_fault(self, call: Call) -> Fault | None:
        for fault in self.state.faults:
            if fault.times <= 0:
                continue
            if ((fault.method is None or fault.method == call.method)
                    and (fault.chat_id is None or fault.chat_id == call.chat_id)
                    and (fault.when is None or fault.when(call))):
                fault.times -= 1
                return fault
        return None

    def _updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 5.0)
        deadline = time.monotonic() + timeout
        with self.state.lock:
            if offset:  # as Telegram: an offset confirms every earlier update, which is then forgotten
                self.state.updates = [u for u in self.state.updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self.state.updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0:
                    return ready[:100]
                self.state.lock.wait(remaining)

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout) or was killed
            pass


class FakeBotServer:
    def __init__(self):
        self.state = ServerState()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> FakeBotServer:
        self.state.down = False
        handler = type("Handler", (_Handler,), {"state": self.state})
        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Go away: the port refuses connections until `start()` again."""
        self.state.down = True
        with self.state.lock:
            self.state.lock.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- driving the bot ------------------------------------------------------
    def push_update(self, update: dict) -> None:
        with self.state.lock:
            update = {"update_id": self.state.next_update_id, **update}
            self.state.next_update_id += 1
            self.state.updates.append(update)
            self.state.lock.notify_all()

    def user_text(self, user_id: int, name: str, text: str, chat_id: int | None = None) -> None:
        self.push_update(text_update(user_id, name, text, chat_id))

    def user_presses(self, user_id: int, name: str, sent: Recorded, button: int) -> None:
        """The user presses button `button` (counted across rows) under a message the bot sent."""
        self.push_update(press_update(user_id, name, sent, button))

    def upload(self, file_id: str, content: bytes) -> None:
        """A file a user sent: getFile answers for `file_id` and /file/bot…/`file_id` serves `content`."""
        with self.state.lock:
            self.state.api.uploads[file_id] = content

    def forget(self, file_id: str) -> None:
        with self.state.lock:
            self.state.api.forget(file_id)

    def fail(self, failure: Failure | None, *, method: str | None = "sendMessage", chat_id: int | None = None,
             times: int = 1, delay: float = 0.0, when=None) -> None:
        with self.state.lock:
            self.state.faults.append(Fault(method, chat_id, failure, times, delay, when))

    def calls(self, method: str | None = None) -> list[Recorded]:
        with self.state.lock:
            return [r for r in self.state.calls if method is None or r.call.method == method]

    def wait_for(self, predicate, timeout: float, interval: float = 0.1) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(interval)
        return predicate()


def text_update(user_id: int, name: str, text: str, chat_id: int | None = None, update_id: int | None = None) -> dict:
    """A private text message from a user, as Telegram sends it (update_id for webhooks)."""
    chat_id = chat_id or user_id
    message = {
        "message_id": int(time.time() * 1000) % 1_000_000_000, "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "first_name": name},
        "from": {"id": user_id, "is_bot": False, "first_name": name}, "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"message": message} if update_id is None else {"update_id": update_id, "message": message}


def press_update(user_id: int, name: str, sent: Recorded, button: int, update_id: int | None = None) -> dict:
    """A press of button `button` (counted across rows) under a message the bot sent."""
    markup = sent.call.params.get("reply_markup") or {}
    markup = _decode(markup) if isinstance(markup, str) else markup
    buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
    query = {"id": str(int(time.time() * 1000)), "chat_instance": "ci", "data": buttons[button]["callback_data"],
             "from": {"id": user_id, "is_bot": False, "first_name": name}, "message": dict(sent.call.result)}
    return {"callback_query": query} if update_id is None else {"update_id": update_id, "callback_query": query}
