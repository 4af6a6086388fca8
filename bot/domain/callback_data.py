"""Callback data as a small typed schema: ids only, under Telegram's 64-byte limit, parsed strictly."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.enums import Status

MAX_CALLBACK_BYTES = 64
_STATUS_CODES = {Status.done: "d", Status.in_progress: "p", Status.blocked: "b", Status.not_started: "n"}
_CODE_STATUS = {v: k for k, v in _STATUS_CODES.items()}
_ID = r"([1-9][0-9]{0,11})"


class CallbackDataError(ValueError):
    """Data that this bot did not produce (forged, truncated, or from an older version)."""


@dataclass(frozen=True)
class SetStatus:
    """A status button under a task message."""

    assignment_id: int
    status: Status

    def pack(self) -> str:
        return f"s:{self.assignment_id}:{_STATUS_CODES[self.status]}"


@dataclass(frozen=True)
class ChooseTask:
    """'Which task?' after a status reply without a task number; the status rides along."""

    assignment_id: int
    status: Status

    def pack(self) -> str:
        return f"c:{self.assignment_id}:{_STATUS_CODES[self.status]}"


@dataclass(frozen=True)
class SummaryPage:
    directive_id: int
    page: int

    def pack(self) -> str:
        return f"p:{self.directive_id}:{self.page}"


@dataclass(frozen=True)
class ExtensionDecision:
    request_id: int
    approve: bool

    def pack(self) -> str:
        return f"x:{self.request_id}:{'a' if self.approve else 'r'}"


@dataclass(frozen=True)
class ResendEvidence:
    report_id: int

    def pack(self) -> str:
        return f"e:{self.report_id}"


@dataclass(frozen=True)
class ReadBack:
    """✅ (confirm) or ✏️ (correct) under a read-back; the id is its conversation-state row."""

    readback_id: int
    confirm: bool

    def pack(self) -> str:
        return f"k:{self.readback_id}:{'y' if self.confirm else 'e'}"


@dataclass(frozen=True)
class AnswerQuestion:
    """'Trả lời' under a focal point's question in the office chat."""

    question_id: int

    def pack(self) -> str:
        return f"h:{self.question_id}"


@dataclass(frozen=True)
class ImportDecision:
    """✅ Lưu / ✖ Hủy under a directive's preview; the id is the pending import's row."""

    pending_id: int
    save: bool

    def pack(self) -> str:
        return f"i:{self.pending_id}:{'s' if self.save else 'c'}"


CallbackData = (SetStatus | ChooseTask | SummaryPage | ExtensionDecision | ResendEvidence | ReadBack | AnswerQuestion
                | ImportDecision)

_PATTERNS = {
    "s": re.compile(rf"^s:{_ID}:([dpbn])$"),
    "c": re.compile(rf"^c:{_ID}:([dpbn])$"),
    "p": re.compile(rf"^p:{_ID}:(0|[1-9][0-9]{{0,4}})$"),
    "x": re.compile(rf"^x:{_ID}:([ar])$"),
    "e": re.compile(rf"^e:{_ID}()$"),
    "k": re.compile(rf"^k:{_ID}:([ye])$"),
    "h": re.compile(rf"^h:{_ID}()$"),
    "i": re.compile(rf"^i:{_ID}:([sc])$"),
}


def parse_callback_data(data: object) -> CallbackData:
    """Parse exactly what `pack` produces; anything else raises CallbackDataError."""
    if not isinstance(data, str) or not data or len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise CallbackDataError("callback data missing or too long")
    pattern = _PATTERNS.get(data[0])
    match = pattern.match(data) if pattern else None
    if match is None:
        raise CallbackDataError(f"unrecognised callback data {data!r}")
    first, second = match.groups()
    if data[0] == "s":
        return SetStatus(int(first), _CODE_STATUS[second])
    if data[0] == "c":
        return ChooseTask(int(first), _CODE_STATUS[second])
    if data[0] == "p":
        return SummaryPage(int(first), int(second))
    if data[0] == "e":
        return ResendEvidence(int(first))
    if data[0] == "k":
        return ReadBack(int(first), second == "y")
    if data[0] == "h":
        return AnswerQuestion(int(first))
    if data[0] == "i":
        return ImportDecision(int(first), second == "s")
    return ExtensionDecision(int(first), second == "a")
