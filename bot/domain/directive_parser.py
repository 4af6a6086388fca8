"""Find the numbered task list in a Vietnamese directive text (pure; no Telegram or DB)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "1. Tiếp tục", "2) Rà soát", "5.Tiếp tục"; not "1.5 triệu" (a decimal) nor "28/10/2020".
_ITEM = re.compile(r"^\s*(\d{1,3})\s*[.)](?!\d)\s*(\S.*?)\s*$")
MAX_DIRECTIVE_CHARS = 200_000
# What follows the operative part of a Decree 30 document (or a news page): never part of a task.
_TAIL = re.compile(r"^\s*(Nơi nhận|Noi nhan|Tin liên quan)\b", re.IGNORECASE)
# A sub-item of a numbered task: "a) …", "đ) …", "- …", "+ …", "• …" (kept with the task, never a task).
_SUB_ITEM = re.compile(r"^\s*([a-zđ]\)|[-+•–])\s*\S")


class DirectiveParseError(ValueError):
    """The text has no usable numbered list; the message says why (in Vietnamese)."""


class NoTasksFound(DirectiveParseError):
    """The text has no numbered list at all (a letter, an invitation): not a directive with tasks."""


@dataclass(frozen=True)
class ParsedTask:
    number: int
    text: str


def parse_directive(text: str) -> list[ParsedTask]:
    """Return the tasks 1..N of the numbered list, each with its full wording.

    Paragraphs between two items belong to the earlier item; the last item ends at its
    paragraph's end, so trailing sections ("Tin liên quan", signatures) are left out.
    """
    if not isinstance(text, str):
        raise DirectiveParseError("Nội dung tệp không phải là văn bản chữ.")
    if len(text) > MAX_DIRECTIVE_CHARS:
        raise DirectiveParseError(
            f"Văn bản quá dài ({len(text)} ký tự, tối đa {MAX_DIRECTIVE_CHARS})."
        )
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").split("\n")
    items: list[tuple[int, int, list[str]]] = []  # (number, line no, paragraphs)
    paragraph_open = False
    for lineno, raw in enumerate(lines, start=1):
        line = raw.replace("\u00a0", " ").strip()
        if _TAIL.match(line):
            break
        match = _ITEM.match(line)
        if match and (items or int(match.group(1)) == 1):
            number = int(match.group(1))
            expected = items[-1][0] + 1 if items else 1
            if number == 1 and items:
                raise DirectiveParseError(
                    f"Dòng {lineno}: bắt đầu một danh sách đánh số thứ hai; "
                    "mỗi văn bản chỉ được có một danh sách nhiệm vụ."
                )
            if number != expected:
                raise DirectiveParseError(
                    f"Dòng {lineno}: đánh số bị nhảy (sau mục {expected - 1} là mục {number}, "
                    f"thiếu mục {expected}). Không nhập danh sách thiếu."
                )
            items.append((number, lineno, [match.group(2)]))
            paragraph_open = True
            continue
        if not items:
            continue
        if not line:
            paragraph_open = False
            continue
        paragraphs = items[-1][2]
        if paragraph_open:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
            paragraph_open = True
    if not items:
        raise NoTasksFound(
            "Không tìm thấy danh sách nhiệm vụ đánh số (1., 2., …) trong văn bản."
        )
    tasks = []
    for index, (number, lineno, paragraphs) in enumerate(items):
        is_last = index == len(items) - 1
        # The last item keeps its own paragraph and its sub-items; what follows is the text's tail.
        if is_last:
            kept = 1
            while kept < len(paragraphs) and _SUB_ITEM.match(paragraphs[kept]):
                kept += 1
            paragraphs = paragraphs[:kept]
        body = "\n".join(paragraphs)
        body = re.sub(r"[ \t]+", " ", body).strip()
        if not body:
            raise DirectiveParseError(f"Dòng {lineno}: mục {number} không có nội dung.")
        tasks.append(ParsedTask(number=number, text=body))
    return tasks
