"""Task messages: text, splitting at Telegram's 4096-character limit, and status buttons (pure)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot import texts
from bot.domain.callback_data import ChooseTask, SetStatus
from bot.domain.dates import fmt_date, fmt_datetime
from bot.domain.enums import Status

TELEGRAM_TEXT_LIMIT = 4096


def split_message(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries; never inside a line's HTML tag pair."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), 0)
        if cut < limit // 2:
            cut = window.rfind("\n")
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def confirmation_line(task_number: int, status: Status, note: str | None, *, note_only: bool = False) -> str:
    """'Nhiệm vụ 4 — ⚠️ Vướng mắc (ghi chú: thiếu kinh phí)': what the office will see."""
    label = texts.STATUS_LABEL[status]
    if note_only:
        return texts.RECORDED_LINE_NOTE_ONLY.format(task=task_number, status=label, note=texts.h(note or ""))
    if note:
        return texts.RECORDED_LINE_NOTE.format(task=task_number, status=label, note=texts.h(note))
    return texts.RECORDED_LINE.format(task=task_number, status=label)


def status_keyboard(assignment_id: int) -> dict:
    """Inline keyboard JSON (stored in the outbox as is)."""
    return {
        "inline_keyboard": [
            [
                {"text": texts.STATUS_LABEL[s], "callback_data": SetStatus(assignment_id, s).pack()}
                for s in texts.BUTTON_STATUSES
            ]
        ]
    }


def status_rows_keyboard(tasks: list[tuple[int, int]]) -> dict:
    """A row of status buttons per (assignment id, task number): 'NV3 ✅ · NV3 🔄 · NV3 ⚠️'."""
    return {"inline_keyboard": [
        [{"text": f"NV{number} {texts.STATUS_ICON[s]}", "callback_data": SetStatus(assignment_id, s).pack()}
         for s in texts.BUTTON_STATUSES]
        for assignment_id, number in tasks
    ]}


def choose_task_keyboard(choices: list[tuple[int, str]], status: Status) -> dict:
    return {
        "inline_keyboard": [
            [{"text": label[:60], "callback_data": ChooseTask(assignment_id, status).pack()}]
            for assignment_id, label in choices
        ]
    }


def task_card(view, tz: ZoneInfo, *, updated: datetime | None = None) -> list[str]:
    """The message(s) for one assignment; the last part carries the buttons."""
    a, task, directive = view.assignment, view.task, view.directive
    text = texts.TASK_CARD.format(
        number=texts.h(directive.number),
        date=fmt_date(directive.issued_on),
        task=task.number,
        total=view.task_count,
        text=texts.h(task.text),
        deadline=fmt_date(a.deadline) if a.deadline else texts.NUDGE_NO_DEADLINE,
        subject=texts.TASK_CARD_SUBJECT.format(subject=texts.h(directive.title)) if directive.title else "",
        unit=texts.h(view.unit.name),
        status=texts.STATUS_LABEL[a.status],
    )
    if updated is not None:
        text += texts.TASK_CARD_UPDATED.format(status=texts.STATUS_LABEL[a.status], at=fmt_datetime(updated, tz))
    # Leave room for the '(tiếp theo)' prefix on continuation parts.
    parts = split_message(text, TELEGRAM_TEXT_LIMIT - len(texts.TASK_CARD_CONTINUED) - 1)
    return [p if i == 0 else f"{texts.TASK_CARD_CONTINUED}\n{p}" for i, p in enumerate(parts)]
