"""Focal points' questions to the office and the office's answers (issue 19): rows, lookups, audit."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from db.audit import audit
from db.models import FocalPoint, OfficeQuestion, OutboundMessage, Unit

QUESTION_POST = "office_question"  # outbox kind of the post in the office chat
ANSWER_POST = "question_answer"  # outbox kind of the answer to the official


def record_question(session: Session, *, focal: FocalPoint, message: tuple[int, int], text: str,
                    tasks: tuple[int, ...], now: datetime) -> OfficeQuestion:
    question = OfficeQuestion(unit_id=focal.unit_id, focal_point_id=focal.id, chat_id=message[0],
                              message_id=message[1], text=text, tasks=",".join(map(str, tasks)), asked_at=now)
    session.add(question)
    session.flush()
    audit(session, actor=f"tg:{focal.tg_user_id}", action="question.ask",
          details=f"#{question.id} unit {focal.unit_id}: {text[:500]}")
    return question


def question_of_post(session: Session, *, chat_id: int, message_id: int) -> int | None:
    """The question a message of the office chat is (the bot's post of it, once sent)."""
    row = session.exec(select(OutboundMessage.dedupe_key).where(
        OutboundMessage.chat_id == chat_id, OutboundMessage.tg_message_id == message_id,
        OutboundMessage.kind == QUESTION_POST)).first()
    if row is None:
        return None
    return int(row.split(":")[1])  # 'question:<id>' or 'question:<id>:<admin>'


def question_with_asker(session: Session, *, question_id: int) -> tuple[OfficeQuestion, FocalPoint, Unit] | None:
    row = session.exec(select(OfficeQuestion, FocalPoint, Unit)
                       .join(FocalPoint, FocalPoint.id == OfficeQuestion.focal_point_id)
                       .join(Unit, Unit.id == OfficeQuestion.unit_id)
                       .where(OfficeQuestion.id == question_id)).first()
    return tuple(row) if row else None


def answer_question(session: Session, *, question: OfficeQuestion, answer: str, by: int, now: datetime) -> None:
    question.answer, question.answered_by, question.answered_at = answer, by, now
    session.add(question)
    audit(session, actor=f"tg:{by}", action="question.answer", details=f"#{question.id}: {answer[:500]}")


def open_questions(session: Session, *, unit_id: int | None = None,
                   limit: int = 50) -> list[tuple[OfficeQuestion, FocalPoint, Unit]]:
    """Questions not answered yet, oldest first (one unit's, or every unit's)."""
    query = (select(OfficeQuestion, FocalPoint, Unit)
             .join(FocalPoint, FocalPoint.id == OfficeQuestion.focal_point_id)
             .join(Unit, Unit.id == OfficeQuestion.unit_id)
             .where(OfficeQuestion.answered_at.is_(None)))
    if unit_id is not None:
        query = query.where(OfficeQuestion.unit_id == unit_id)
    return [tuple(r) for r in session.exec(query.order_by(OfficeQuestion.asked_at, OfficeQuestion.id).limit(limit))]


def unit_questions(session: Session, *, unit_id: int, limit: int = 20) -> list[OfficeQuestion]:
    """A unit's questions, open ones first, then the newest answered."""
    return list(session.exec(select(OfficeQuestion).where(OfficeQuestion.unit_id == unit_id).order_by(
        OfficeQuestion.answered_at.is_not(None), OfficeQuestion.asked_at.desc()).limit(limit)))
