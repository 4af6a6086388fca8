"""Parse short status replies such as '3 xong', 'NV5 đang làm 60%', '4 vướng mắc: thiếu kinh phí' (pure)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.textnorm import fold
from db.models import Status

MAX_TASK_NUMBER = 999

# Longest phrases first so 'chua hoan thanh' is not read as 'hoan thanh'.
_PHRASES: list[tuple[str, Status]] = sorted(
    [
        *((p, Status.not_started) for p in (
            "chua hoan thanh", "chua xong", "chua thuc hien", "chua lam", "chua bat dau",
            "chua trien khai", "chua", "not started",
        )),
        *((p, Status.done) for p in (
            "da hoan thanh", "hoan thanh", "da hoan tat", "hoan tat", "da xong", "xong", "ht", "done",
        )),
        *((p, Status.in_progress) for p in (
            "van dang thuc hien", "dang thuc hien", "dang trien khai", "dang xu ly", "dang lam",
            "dang", "dth", "in progress",
        )),
        *((p, Status.blocked) for p in (
            "gap vuong mac", "bi vuong mac", "vuong mac", "vuong", "gap kho khan", "kho khan",
            "blocked",
        )),
    ],
    key=lambda item: -len(item[0]),
)
_STATUS_AT_START = re.compile(
    r"^(?P<phrase>" + "|".join(re.escape(p) for p, _ in _PHRASES) + r")(?![a-z0-9])"
)
_STATUS_ANYWHERE = re.compile(
    r"(?<![a-z0-9])(?P<phrase>" + "|".join(re.escape(p) for p, _ in _PHRASES) + r")(?![a-z0-9])"
)
_STATUS_OF = dict(_PHRASES)
_NUMBERS = re.compile(
    r"^\s*(?:(?:nhiem\s*vu|nvu|nv|task|so|#)\s*[:.]?\s*)?"
    r"(?P<nums>\d{1,4}(?:\s*(?:,|;|&|\+|-|–|va)\s*\d{1,4})*)(?![0-9a-z])"
)
_SEPARATORS = " \t\n:;,.-–—)"


@dataclass(frozen=True)
class ParsedReply:
    numbers: tuple[int, ...] = ()
    status: Status | None = None
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.numbers and self.status is None and not self.note


def _expand_numbers(raw: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|;|&|\+|va)\s*", raw):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 50:
            numbers.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            numbers.extend(int(b) for b in bounds)
    out = []
    for n in numbers:
        if n not in out:
            out.append(n)
    return tuple(out)


def _clean_note(text: str) -> str | None:
    note = text.strip(_SEPARATORS).strip()
    return note or None


def parse_status_reply(text: str, *, with_numbers: bool = True) -> ParsedReply:
    """Split a reply into task numbers, a status and a note. Never raises on a string.

    `with_numbers=False` is for replies to a task message, where a leading number is
    part of the note ("123/QĐ-SNV đã ban hành"), not a task number.
    """
    original = unicodedata.normalize("NFC", text or "")
    folded = fold(original)  # same length and positions as `original`
    position = 0
    numbers: tuple[int, ...] = ()
    if with_numbers and (match := _NUMBERS.match(folded)):
        numbers = _expand_numbers(match.group("nums"))
        position = match.end()
    # Skip separators between the numbers and the status words ("3: xong", "4 - vướng").
    while position < len(folded) and folded[position] in _SEPARATORS:
        position += 1
    rest_folded, rest_original = folded[position:], original[position:]
    status: Status | None = None
    note: str | None
    if match := _STATUS_AT_START.match(rest_folded):
        status = _STATUS_OF[match.group("phrase")]
        note = _clean_note(rest_original[match.end():])
    elif match := _STATUS_ANYWHERE.search(rest_folded[:80]):
        # "3 em báo cáo đã xong": keep the whole sentence as the note.
        status = _STATUS_OF[match.group("phrase")]
        note = _clean_note(rest_original)
    else:
        note = _clean_note(rest_original)
    if any(n < 1 or n > MAX_TASK_NUMBER for n in numbers):
        numbers = tuple(n for n in numbers if 1 <= n <= MAX_TASK_NUMBER) or numbers[:1]
    return ParsedReply(numbers=numbers, status=status, note=note)
