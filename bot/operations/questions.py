"""Questions from focal points to the office, and answers back (issue 19). A message that asks is never a
report: it is posted to the office chat (or, without one, to each office admin) with the unit, the person
and the task it names; an office member's reply to that post (or to the 'Trả lời' prompt) goes back to
the official through the outbox, quoting the question. Both directions are in the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import texts
from bot.domain.callback_data import AnswerQuestion
from bot.domain.dates import fmt_datetime
from db.models import FocalPoint, OfficeQuestion, Unit
from db.outbox import enqueue
from db.questions import ANSWER_POST, QUESTION_POST, answer_question, record_question

MAX_QUESTION_CHARS = 1500  # shown in full to the office; the stored row keeps the whole text


def _tasks(numbers: str) -> str:
    return texts.QUESTION_TASKS.format(tasks=numbers.replace(",", ", ")) if numbers else ""


def route_question(session: Session, *, settings, focal: FocalPoint, unit: Unit, text: str,
                   message: tuple[int, int], tasks: tuple[int, ...], now: datetime) -> OfficeQuestion:
    """Record the question and queue its post to the office; the caller wakes the sender after commit."""
    question = record_question(session, focal=focal, message=message, text=text, tasks=tasks, now=now)
    post = texts.QUESTION_TO_OFFICE.format(
        id=question.id, unit=texts.h(unit.name), person=texts.h(focal.name), tasks=_tasks(question.tasks),
        at=fmt_datetime(now, settings.timezone), text=texts.h(text[:MAX_QUESTION_CHARS]))
    markup = {"inline_keyboard": [[{"text": texts.QUESTION_ANSWER_BUTTON,
                                    "callback_data": AnswerQuestion(question.id).pack()}]]}
    targets = [settings.office_chat_id] if settings.office_chat_id is not None else list(settings.admin_ids)
    for chat_id in targets:
        enqueue(session, kind=QUESTION_POST, chat_id=chat_id, dedupe_key=f"question:{question.id}:{chat_id}",
                payload={"text": post, "reply_markup": markup}, now=now)
    return question


def deliver_answer(session: Session, *, question: OfficeQuestion, focal: FocalPoint, answer: str, by: int,
                   now: datetime, key: str) -> None:
    """Store the answer and queue it to the official's chat, quoting the question. `key`: the office
    message it came from (one delivery per office message, even if the update is handled twice)."""
    answer_question(session, question=question, answer=answer, by=by, now=now)
    text = texts.ANSWER_TO_FOCAL.format(question=texts.h(question.text[:MAX_QUESTION_CHARS]), answer=texts.h(answer))
    enqueue(session, kind=ANSWER_POST, chat_id=focal.chat_id, dedupe_key=f"answer:{question.id}:{key}",
            payload={"text": text}, now=now, focal_point_id=focal.id)


def open_question_lines(rows, tz) -> list[str]:
    return [texts.QUESTIONS_LINE.format(id=q.id, at=fmt_datetime(q.asked_at, tz), unit=texts.h(unit.name),
                                        person=texts.h(focal.name), tasks=_tasks(q.tasks), text=texts.h(q.text[:300]))
            for q, focal, unit in rows]
