"""Read-backs (issue 19): what a message that is not plain seemed to report, shown to the official with
✅ / ✏️, kept in the conversation-state table until the answer, and stored exactly as shown on ✅."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import texts
from bot.domain.callback_data import ReadBack
from bot.domain.dates import fmt_datetime
from bot.domain.enums import ReportSource, Status
from bot.domain.reply_decision import Entry
from bot.operations.cards import confirmation_line, status_rows_keyboard
from bot.operations.reporting import Applied, apply_report
from db.conversation import keep_pending_notes, keep_readback
from db.models import FocalPoint
from db.reports import reports_of_message, withdraw_reports


def read_back(session: Session, entries: tuple[Entry, ...], *, tg_user_id: int, source: ReportSource,
              message: tuple[int, int] | None, now: datetime, corrects: bool = False) -> tuple[str, dict]:
    """The read-back's text and buttons; what it shows waits in the database (replacing an older one)."""
    payload = {
        "entries": [{"a": e.task.assignment_id, "n": e.task.number, "s": e.status.value, "note": e.note}
                    for e in entries],
        "source": source.value, "message": list(message) if message else None, "corrects": corrects,
    }
    readback_id = keep_readback(session, tg_user_id=tg_user_id, payload=payload, now=now)
    lines = [texts.READBACK_HEADER, *(confirmation_line(e.task.number, e.status, e.note) for e in entries)]
    if corrects:
        lines.append(texts.READBACK_CORRECTS)
    lines += ["", texts.READBACK_FOOTER]
    markup = {"inline_keyboard": [[
        {"text": texts.READBACK_CONFIRM, "callback_data": ReadBack(readback_id, True).pack()},
        {"text": texts.READBACK_EDIT, "callback_data": ReadBack(readback_id, False).pack()},
    ]]}
    return "\n".join(lines), markup


def confirm_read_back(session: Session, payload: dict, *, focal: FocalPoint, now: datetime, tz) -> str:
    """✅: store exactly the lines that were shown, marked as confirmed; the usual confirmation."""
    message = tuple(payload["message"]) if payload.get("message") else None
    undone = []
    if payload.get("corrects") and message is not None:  # an edited message: its earlier reports give way
        earlier = reports_of_message(session, chat_id=message[0], message_id=message[1])
        withdrawn = withdraw_reports(session, reports=earlier, actor=f"tg:{focal.tg_user_id}", now=now)
        shown = {e["a"] for e in payload["entries"]}
        undone = [a for a in withdrawn if a not in shown]
    lines = [texts.RECORDED_CONFIRMED.format(at=fmt_datetime(now, tz))]
    for entry in payload["entries"]:
        result = apply_report(session, focal=focal, assignment_id=entry["a"], status=Status(entry["s"]),
                              source=ReportSource(payload["source"]), now=now, note=entry["note"],
                              message=message, confirmed=True)
        lines.append(confirmation_line(entry["n"], result.report.status, entry["note"])
                     if isinstance(result, Applied) else texts.NO_PERMISSION)
    if undone:
        lines.append(texts.READBACK_WITHDRAWN.format(count=len(undone)))
    return "\n".join(lines)


def correct_read_back(session: Session, payload: dict, *, tg_user_id: int, now: datetime) -> tuple[str, dict]:
    """✏️: the status buttons of the tasks that were read back; each note waits for its task's button."""
    entries = payload["entries"]
    keep_pending_notes(session, tg_user_id=tg_user_id, now=now, notes={e["a"]: e["note"] for e in entries})
    return texts.READBACK_CHOOSE, status_rows_keyboard([(e["a"], e["n"]) for e in entries])
