"""The office answers focal points' questions: a reply to the question's post (or to the 'Trả lời'
prompt), the 'Trả lời' button, and /hoidap (issue 19)."""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import ForceReply, Message, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.domain.dates import fmt_datetime
from bot.operations.questions import deliver_answer, open_question_lines
from bot.services import services
from db.conversation import prompted_question, remember_answer_prompt
from db.people import office_role
from db.questions import open_questions, question_of_post, question_with_asker
from handlers.office import office_only

log = logging.getLogger(__name__)


def _question_replied_to(session: Session, message: Message, now) -> int | None:
    """The question a reply answers: the bot's post of it, or a 'Trả lời' prompt of this person."""
    target = message.reply_to_message
    if target is None:
        return None
    return prompted_question(session, tg_user_id=message.from_user.id, message_id=target.message_id, now=now) \
        or question_of_post(session, chat_id=message.chat_id, message_id=target.message_id)


async def answer_by_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """An office member's reply to a question (in the office chat or privately): deliver it. False when the
    message answers no question (the caller goes on with it)."""
    svc = services(context)
    message = update.effective_message
    now = svc.now()
    with Session(svc.engine) as session:
        question_id = _question_replied_to(session, message, now)
        if question_id is None:
            return False
        if office_role(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids) is None:
            text = texts.QUESTION_NOT_OFFICE
        elif (found := question_with_asker(session, question_id=question_id)) is None:
            text = texts.QUESTION_UNKNOWN
        else:
            question, focal, unit = found
            earlier = question.answered_at
            deliver_answer(session, question=question, focal=focal, answer=(message.text or "").strip(),
                           by=update.effective_user.id, now=now, key=f"{message.chat_id}:{message.message_id}")
            session.commit()
            text = texts.QUESTION_ANSWERED.format(id=question_id, unit=texts.h(unit.name), person=texts.h(focal.name))
            if earlier is not None:
                text += "\n" + texts.QUESTION_ALREADY_ANSWERED.format(
                    id=question_id, at=fmt_datetime(earlier, svc.settings.timezone))
    await message.reply_text(text)
    services(context.application).wake_sender()
    return True


async def on_office_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply in a group: an answer when it replies to a question's post; anything else is left alone."""
    await answer_by_reply(update, context)


async def on_answer_button(update: Update, context: ContextTypes.DEFAULT_TYPE, data) -> None:
    """'Trả lời' under a question: a prompt whose reply is the answer (the post itself may be replied to too)."""
    svc = services(context)
    query = update.callback_query
    with Session(svc.engine) as session:
        role = office_role(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        found = question_with_asker(session, question_id=data.question_id) if role else None
    if role is None or found is None:
        await query.answer(texts.QUESTION_NOT_OFFICE if role is None else texts.QUESTION_UNKNOWN, show_alert=True)
        return
    await query.answer()
    # The presser is mentioned, so that a selective ForceReply opens the reply box for them alone.
    prompt = await query.message.reply_text(
        texts.QUESTION_ANSWER_PROMPT.format(name=update.effective_user.mention_html(), id=data.question_id),
        reply_markup=ForceReply(selective=True))
    if not prompt.message_id:
        return  # refused for now and queued: the post itself can still be replied to
    with Session(svc.engine) as session:
        remember_answer_prompt(session, tg_user_id=update.effective_user.id, message_id=prompt.message_id,
                               question_id=data.question_id, now=svc.now())
        session.commit()


@office_only(office_chat=True)
async def list_questions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoidap: the questions not answered yet, oldest first."""
    svc = services(context)
    with Session(svc.engine) as session:
        rows = open_questions(session)
    if not rows:
        await update.effective_message.reply_text(texts.QUESTIONS_NONE)
        return
    lines = [texts.QUESTIONS_HEADER.format(count=len(rows)), *open_question_lines(rows, svc.settings.timezone),
             "", texts.QUESTIONS_HINT]
    await update.effective_message.reply_text("\n".join(lines))
