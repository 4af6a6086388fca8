"""The dashboard's refusals: an HTTP status with a Vietnamese text for the page (server.py writes them as JSON)."""

from __future__ import annotations

import tornado.web


class ApiError(tornado.web.HTTPError):
    """An answer with a Vietnamese `text` for the page; `detail` goes to the log only."""

    def __init__(self, status: int, text: str, *, detail: str | None = None, notice: bool = False):
        super().__init__(status, log_message=detail)
        self.text, self.notice = text, notice  # notice: nothing went wrong (e.g. already decided), say it neutrally
