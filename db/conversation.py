"""A focal point's conversation state: what their next message may continue (rows with an expiry).

Kept in the database so that a restart, or a second process on the same database, continues it.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from db.models import ConversationKind, ConversationState, FocalPoint, StatusReport

# A bare 'xong' ten days after a button press must not mark that task: a note follows within minutes.
AWAIT_TTL = timedelta(minutes=30)
# A reply to an 'add a note' prompt is explicit; the prompt still stops counting after a while.
PROMPT_TTL = timedelta(days=7)


def _set(session: Session, *, tg_user_id: int, kind: ConversationKind, now: datetime, ttl: timedelta,
         assignment_id: int | None, note: str | None = None, message_id: int = 0) -> None:
    session.exec(delete(ConversationState).where(
        ConversationState.tg_user_id == tg_user_id, ConversationState.kind == kind.value,
        ConversationState.message_id == message_id))
    session.add(ConversationState(tg_user_id=tg_user_id, kind=kind.value, message_id=message_id,
                                  assignment_id=assignment_id, note=note, expires_at=now + ttl))


def _get(session: Session, *, tg_user_id: int, kind: ConversationKind, now: datetime,
         message_id: int = 0) -> ConversationState | None:
    return session.exec(select(ConversationState).where(
        ConversationState.tg_user_id == tg_user_id, ConversationState.kind == kind.value,
        ConversationState.message_id == message_id, ConversationState.expires_at > now)).first()


def await_note(session: Session, *, tg_user_id: int, assignment_id: int, now: datetime) -> None:
    """After a status button: a note or a file for this assignment may follow."""
    _set(session, tg_user_id=tg_user_id, kind=ConversationKind.await_note, now=now, ttl=AWAIT_TTL,
         assignment_id=assignment_id)


def waiting_assignment(session: Session, *, tg_user_id: int, now: datetime) -> int | None:
    found = _get(session, tg_user_id=tg_user_id, kind=ConversationKind.await_note, now=now)
    return found.assignment_id if found else None


def stop_waiting(session: Session, *, tg_user_id: int) -> None:
    session.exec(delete(ConversationState).where(
        ConversationState.tg_user_id == tg_user_id, ConversationState.kind == ConversationKind.await_note.value))


def keep_pending_note(session: Session, *, tg_user_id: int, note: str | None, now: datetime, which_task: bool,
                      assignment_ids: tuple[int, ...] = ()) -> None:
    """A note waiting for the answer to a question: 'which task?' (`which_task`), or 'which status?' for
    one of `assignment_ids` (a row each, keyed by the assignment). A newer question replaces it; a
    question without a note drops any older waiting note."""
    _drop_pending(session, tg_user_id=tg_user_id)
    if not note:
        return
    if which_task:
        _set(session, tg_user_id=tg_user_id, now=now, ttl=AWAIT_TTL, assignment_id=None, note=note,
             kind=ConversationKind.pending_choice)
    for assignment_id in assignment_ids:
        _set(session, tg_user_id=tg_user_id, now=now, ttl=AWAIT_TTL, assignment_id=assignment_id, note=note,
             kind=ConversationKind.pending_note, message_id=assignment_id)


def keep_pending_notes(session: Session, *, tg_user_id: int, notes: dict[int, str | None], now: datetime) -> None:
    """After ✏️ under a read-back: each task's note waits for a status button of that task."""
    _drop_pending(session, tg_user_id=tg_user_id)
    for assignment_id, note in notes.items():
        if note:
            _set(session, tg_user_id=tg_user_id, now=now, ttl=AWAIT_TTL, assignment_id=assignment_id, note=note,
                 kind=ConversationKind.pending_own, message_id=assignment_id)


def _drop_pending(session: Session, *, tg_user_id: int) -> None:
    session.exec(delete(ConversationState).where(
        ConversationState.tg_user_id == tg_user_id,
        ConversationState.kind.in_([ConversationKind.pending_choice.value, ConversationKind.pending_note.value,
                                    ConversationKind.pending_own.value])))


def take_pending_note(session: Session, *, tg_user_id: int, assignment_id: int, now: datetime,
                      which_task: bool) -> str | None:
    """The note waiting for this answer ('which task?' chose `assignment_id`, or a status button of a task
    the question offered), then the question is answered: every waiting note of it is dropped."""
    if not which_task:  # after ✏️: this task's own note; the other tasks' notes keep waiting for their buttons
        own = _get(session, tg_user_id=tg_user_id, kind=ConversationKind.pending_own, now=now, message_id=assignment_id)
        if own is not None:
            session.delete(own)
            return own.note
    kind = ConversationKind.pending_choice if which_task else ConversationKind.pending_note
    found = _get(session, tg_user_id=tg_user_id, kind=kind, now=now, message_id=0 if which_task else assignment_id)
    if found is None:
        return None
    note = found.note
    _drop_pending(session, tg_user_id=tg_user_id)
    return note


def remember_prompt(session: Session, *, tg_user_id: int, message_id: int, assignment_id: int,
                    now: datetime) -> None:
    _set(session, tg_user_id=tg_user_id, kind=ConversationKind.note_prompt, now=now, ttl=PROMPT_TTL,
         assignment_id=assignment_id, message_id=message_id)


def prompt_assignment(session: Session, *, tg_user_id: int, message_id: int, now: datetime) -> int | None:
    found = _get(session, tg_user_id=tg_user_id, kind=ConversationKind.note_prompt, now=now,
                 message_id=message_id)
    return found.assignment_id if found else None


IMPORT_TTL = timedelta(days=1)


def keep_pending_import(session: Session, *, tg_user_id: int, payload: str, now: datetime) -> int:
    """An admin's directive preview (JSON) waiting for ✅ Lưu / ✖ Hủy; a newer upload replaces it. Returns a
    random key that the buttons carry (kept as the row's message_id): a button under an older preview finds
    nothing, even where the database reuses the deleted row's id."""
    session.exec(delete(ConversationState).where(
        ConversationState.tg_user_id == tg_user_id,
        ConversationState.kind == ConversationKind.pending_import.value))
    key = secrets.randbelow(10**11) + 1
    _set(session, tg_user_id=tg_user_id, kind=ConversationKind.pending_import, now=now, ttl=IMPORT_TTL,
         assignment_id=None, note=payload, message_id=key)
    return key


def take_pending_import(session: Session, *, tg_user_id: int, pending_id: int, now: datetime) -> str | None:
    """The payload of this preview, removed (answered once); None when expired, replaced or answered."""
    found = _get(session, tg_user_id=tg_user_id, kind=ConversationKind.pending_import, now=now,
                 message_id=pending_id)
    if found is None:
        return None
    session.delete(found)
    return found.note


def forget_expired(session: Session, *, now: datetime) -> int:
    """Housekeeping: rows past their expiry are never read again."""
    result = session.exec(delete(ConversationState).where(ConversationState.expires_at <= now))
    return result.rowcount or 0


# Read-backs (issue 19): what a message that is not plain seemed to report, waiting for the official's ✅.
READBACK_TTL = timedelta(minutes=30)


def keep_readback(session: Session, *, tg_user_id: int, payload: dict, now: datetime) -> int:
    """Replace the person's pending read-back with this one; its id goes into the buttons."""
    drop_readback(session, tg_user_id=tg_user_id)
    row = ConversationState(tg_user_id=tg_user_id, kind=ConversationKind.readback.value, message_id=0,
                            note=json.dumps(payload, ensure_ascii=False), expires_at=now + READBACK_TTL)
    session.add(row)
    session.flush()
    return row.id


def take_readback(session: Session, *, tg_user_id: int, readback_id: int, now: datetime) -> dict | None:
    """The read-back behind a button of this person, once: None when it expired or a newer message replaced it."""
    row = session.get(ConversationState, readback_id)
    if row is None or row.tg_user_id != tg_user_id or row.kind != ConversationKind.readback.value:
        return None
    session.delete(row)
    if row.expires_at <= now:
        return None
    payload = json.loads(row.note or "{}")
    if payload.get("message") and _reported_since(session, tg_user_id=tg_user_id, message=payload["message"]):
        return None
    return payload


def _reported_since(session: Session, *, tg_user_id: int, message: list[int]) -> bool:
    """A later text of this person was stored at once (the hot path, db/quick_reports.py, does not touch this
    table: a read-back it replaced is found stale here, when its button is pressed). Message ids in a chat grow."""
    return session.exec(select(StatusReport.id).join(FocalPoint, FocalPoint.id == StatusReport.focal_point_id).where(
        FocalPoint.tg_user_id == tg_user_id, StatusReport.chat_id == message[0],
        StatusReport.message_id > message[1]).limit(1)).first() is not None


def drop_readback(session: Session, *, tg_user_id: int) -> None:
    """A new message replaces what was read back before it."""
    session.exec(delete(ConversationState).where(
        ConversationState.tg_user_id == tg_user_id, ConversationState.kind == ConversationKind.readback.value))


def remember_answer_prompt(session: Session, *, tg_user_id: int, message_id: int, question_id: int,
                           now: datetime) -> None:
    """An office member pressed 'Trả lời': a reply to this prompt answers the question."""
    _set(session, tg_user_id=tg_user_id, kind=ConversationKind.answer_prompt, now=now, ttl=PROMPT_TTL,
         assignment_id=None, note=str(question_id), message_id=message_id)


def prompted_question(session: Session, *, tg_user_id: int, message_id: int, now: datetime) -> int | None:
    found = _get(session, tg_user_id=tg_user_id, kind=ConversationKind.answer_prompt, now=now, message_id=message_id)
    return int(found.note) if found and found.note and found.note.isdigit() else None
