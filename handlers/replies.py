"""Focal points' written status replies: plain texts, replies to a task message, /baocao, and edits.

Every text goes through the same two pure steps, bot.domain.reply_reader.read_reply then
bot.domain.reply_decision.decide; this module only applies the decision: stores what is plain, reads back
what is not (bot/operations/readback.py), asks, and routes a question to the office.
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import metrics, texts
from bot.domain.dates import fmt_datetime
from bot.domain.enums import ReportSource
from bot.domain.reply_decision import MAX_NOTE_CHARS, AskStatus, AskTask, Decision, decide
from bot.domain.reply_reader import Reading, read_reply
from bot.operations.cards import (
    choose_task_keyboard,
    confirmation_line,
    status_keyboard,
    status_rows_keyboard,
)
from bot.operations.questions import route_question
from bot.operations.readback import read_back
from bot.operations.reporting import Applied, apply_report, open_tasks
from bot.services import services
from db.conversation import drop_readback, keep_pending_note, prompt_assignment, waiting_assignment
from db.outbox import assignment_for_message
from db.people import Identity, identify, mark_reachable
from db.quick_reports import known_focal, quick_status_reports
from db.reports import open_assignments, reports_of_message, views_for, withdraw_reports
from handlers.common import to_markup
from handlers.questions import answer_by_reply

log = logging.getLogger(__name__)
__all__ = ["Answer", "apply_decision", "confirmation_line", "on_edited_text", "on_report_command", "on_text"]
Answer = list[tuple[str, dict | None]]  # the messages of an answer, each with its buttons


def _question(session: Session, decision: Decision, *, tg_user_id: int, now) -> tuple[str, dict | None]:
    """The question's text and buttons; its note waits in the database for the answer."""
    question = decision.question
    if isinstance(question, AskTask):
        keep_pending_note(session, tg_user_id=tg_user_id, note=question.note, now=now, which_task=True)
        label = texts.STATUS_LABEL[question.status]
        choices = [(t.assignment_id, t.label) for t in question.choices]
        if question.unknown:
            valid = ", ".join(str(n) for n in question.valid)
            text = texts.UNKNOWN_TASK_CHOOSE.format(numbers=", ".join(map(str, question.unknown)), valid=valid,
                                                    status=label)
        else:
            text = texts.CHOOSE_TASK.format(status=label)
        return text, choose_task_keyboard(choices, question.status)
    assert isinstance(question, AskStatus)
    tasks = question.tasks
    keep_pending_note(session, tg_user_id=tg_user_id, note=question.note, now=now, which_task=False,
                      assignment_ids=tuple(t.assignment_id for t in tasks))
    numbers = ", ".join(str(t.number) for t in tasks)
    if question.unclear:
        text = texts.ASK_STATUS_UNCLEAR.format(tasks=numbers)
        markup = status_keyboard(tasks[0].assignment_id) if len(tasks) == 1 else status_rows_keyboard(
            [(t.assignment_id, t.number) for t in tasks])
    elif len(tasks) == 1:
        text = (texts.ASK_STATUS_NEGATED if question.negated else texts.ASK_STATUS).format(task=numbers, tasks=numbers)
        markup = status_keyboard(tasks[0].assignment_id)
    else:
        text = texts.ASK_STATUS_NEGATED.format(tasks=numbers) if question.negated else texts.ASK_STATUS_ANY
        markup = status_rows_keyboard([(t.assignment_id, t.number) for t in tasks])
    if question.note:
        text += "\n" + texts.ASK_STATUS_NOTE_KEPT.format(note=texts.h(question.note))
    return text, markup


def _source(source: ReportSource, entry) -> ReportSource:
    """A note without a status after a button is a 'note'; a reply to a message stays a 'reply'."""
    return source if entry.status is not None or source == ReportSource.reply else ReportSource.note


def apply_decision(session: Session, decision: Decision, *, identity: Identity, source: ReportSource, now,
                   tz, message: tuple[int, int] | None, header: str = texts.RECORDED, settings=None,
                   text: str = "", corrects: bool = False) -> Answer:
    """Store the decided reports, then the answer: one line per stored task, the question or explanation;
    a read-back (with its buttons) and a question to the office each in a message of their own. `settings`
    and `text`: where a question goes and what it says (None: questions are not routed, as for /baocao)."""
    answer: Answer = []
    if decision.to_office and settings is not None:
        route_question(session, settings=settings, focal=identity.focal, unit=identity.unit, text=text,
                       message=message, tasks=decision.question_tasks, now=now)
        answer.append((texts.QUESTION_FORWARDED, None))
    if decision.readback:
        answer.insert(0, read_back(session, decision.readback, tg_user_id=identity.focal.tg_user_id, source=source,
                                   message=message, now=now, corrects=corrects))
    else:
        drop_readback(session, tg_user_id=identity.focal.tg_user_id)  # a new message replaces an older read-back
    main, markup = _stored_and_asked(session, decision, identity=identity, source=source, now=now, tz=tz,
                                     message=message, header=header)
    if main:
        answer.insert(0, (main, markup))
    return answer or [(texts.NOT_UNDERSTOOD, None)]


def _stored_and_asked(session: Session, decision: Decision, *, identity: Identity, source: ReportSource, now,
                      tz, message, header: str) -> tuple[str, dict | None]:
    lines = []
    for entry in decision.store:
        result = apply_report(session, focal=identity.focal, assignment_id=entry.task.assignment_id,
                              status=entry.status, source=_source(source, entry),
                              now=now, note=entry.note, message=message)
        if not isinstance(result, Applied):
            lines.append(texts.NO_PERMISSION)
            continue
        lines.append(confirmation_line(entry.task.number, result.report.status, entry.note,
                                       note_only=entry.status is None))
    parts = [header.format(at=fmt_datetime(now, tz)), *lines] if lines else []
    markup = None
    if decision.question is not None:
        question, markup = _question(session, decision, tg_user_id=identity.focal.tg_user_id, now=now)
        parts += [""] * bool(parts) + [question]
    elif decision.explain is not None:
        parts += [""] * bool(parts) + [getattr(texts, decision.explain.key).format(**decision.explain.values)]
    return "\n".join(parts), markup


def count_reply(decision: Decision) -> None:
    """`cchc_replies_total` by path: read back for confirmation, asked with buttons, or stored at once (a
    decision that only explains, e.g. a text over the length limit, stored nothing and asked nothing: not
    counted)."""
    if decision.readback:
        metrics.REPLIES.labels("read_back").inc()
    elif decision.question is not None:
        metrics.REPLIES.labels("asked").inc()
    elif decision.store:
        metrics.REPLIES.labels("at_once").inc()


def _reply_target(session: Session, message: Message, now) -> int | None:
    """The assignment a reply points at: a task message, or an 'add a note' prompt."""
    target = message.reply_to_message
    if target is None:
        return None
    return prompt_assignment(session, tg_user_id=message.from_user.id, message_id=target.message_id, now=now) \
        or assignment_for_message(session, chat_id=message.chat_id, message_id=target.message_id)


def _decide_for(session: Session, identity: Identity, message: Message, now,
                reading: Reading | None = None) -> tuple[Decision, bool]:
    """(decision, is a reply) for a focal point's text, with the conversation state from the database.
    `reading`: the text already read by the fast path (not a reply), so it is never read twice."""
    target = _reply_target(session, message, now)
    if reading is None or target is not None:
        reading = read_reply(message.text or "", with_numbers=target is None)
    tasks = open_tasks(open_assignments(session, unit_id=identity.unit.id))
    waiting = waiting_assignment(session, tg_user_id=identity.focal.tg_user_id, now=now) if target is None else None
    return decide(reading, tasks=tasks, target=target, waiting=waiting), target is not None


def _plain(reading: Reading) -> bool:
    """A plain message whose every clause names numbered tasks with a definite status: what the fast path
    stores as is."""
    return reading.plain and bool(reading.clauses) and not reading.too_long and not reading.too_many and all(
        c.numbers and not c.all_tasks and c.status is not None and not c.unsure
        and not (c.note and len(c.note) > MAX_NOTE_CHARS) for c in reading.clauses)


def _quick_reply(svc, user_id: int, message: Message, now) -> tuple[str | None, Reading | None]:
    """Most texts are "3 xong" from a registered focal point: stored and confirmed without the ORM, exactly
    as `decide` would store them (named tasks, definite statuses). (None, reading) when the full path must
    decide; the reading is None when the text was not read (a reply, or not a focal point)."""
    if message.reply_to_message is not None or known_focal(svc.engine, svc.focal_cache, tg_user_id=user_id) is None:
        return None, None  # strangers' texts are never read
    reading = read_reply(message.text or "")
    if not _plain(reading):
        return None, reading
    stored = quick_status_reports(
        svc.engine, svc.focal_cache, tg_user_id=user_id, now=now, message=(message.chat_id, message.message_id),
        clauses=[(c.numbers, c.status, c.note) for c in reading.clauses])
    if stored is None:
        return None, reading
    lines = [confirmation_line(r.task_number, r.status, r.note) for r in stored]
    return "\n".join([texts.RECORDED.format(at=fmt_datetime(now, svc.settings.timezone)), *lines]), reading


async def _send(message: Message, answer: Answer) -> None:
    for text, markup in answer:
        await message.reply_text(text, reply_markup=to_markup(markup))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private text message: a status reply from a focal point, or guidance for anyone else."""
    svc = services(context)
    message = update.effective_message
    now = svc.now()
    quick, reading = _quick_reply(svc, update.effective_user.id, message, now)
    if quick is not None:  # committed already
        metrics.REPLIES.labels("at_once").inc()
        await message.reply_text(quick)
        return
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids,
                            office_if_focal=False)
        if identity.focal is None:
            answer = [(texts.HELP_OFFICE if identity.office else texts.WELCOME_STRANGER, None)]
        else:
            mark_reachable(session, focal=identity.focal, now=now)
            decision, is_reply = _decide_for(session, identity, message, now, reading)
            answer = apply_decision(
                session, decision, identity=identity, now=now, tz=svc.settings.timezone,
                source=ReportSource.reply if is_reply else ReportSource.text,
                message=(message.chat_id, message.message_id), settings=svc.settings, text=message.text or "")
            session.commit()
    if identity.focal is None and identity.office and message.reply_to_message is not None \
            and await answer_by_reply(update, context):
        return  # an office member answered a unit's question in a private chat
    if identity.focal is not None:
        count_reply(decision)
    await _send(message, answer)
    if identity.focal is not None and decision.to_office:
        svc.wake_sender()


async def on_edited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited text: if its original stored reports, they are corrected to what it says now (a plain
    text at once; any other text read back first, and corrected when the official confirms)."""
    svc = services(context)
    message = update.edited_message
    now = svc.now()
    with Session(svc.engine) as session:
        earlier = reports_of_message(session, chat_id=message.chat_id, message_id=message.message_id)
        if not earlier:
            return  # an edit of anything else changes nothing
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids,
                            office_if_focal=False)
        if identity.focal is None or any(r.focal_point_id != identity.focal.id for r in earlier):
            return
        decision, is_reply = _decide_for(session, identity, message, now)
        source = ReportSource.reply if is_reply else ReportSource.text
        if decision.readback:
            answer = apply_decision(session, Decision(readback=decision.readback), identity=identity, now=now,
                                    tz=svc.settings.timezone, source=source, corrects=True,
                                    message=(message.chat_id, message.message_id))
        elif not decision.store:
            answer = [(texts.EDIT_NOT_UNDERSTOOD, None)]
        else:
            withdrawn = withdraw_reports(session, reports=earlier, actor=f"tg:{identity.focal.tg_user_id}", now=now)
            kept = {e.task.assignment_id for e in decision.store}
            numbers = {v.assignment.id: v.task.number for v in views_for(session, assignment_ids=list(withdrawn))}
            answer = apply_decision(
                session, decision, identity=identity, now=now, tz=svc.settings.timezone, source=source,
                message=(message.chat_id, message.message_id), header=texts.RECORDED_CORRECTED)
            undone = [texts.CORRECTION_WITHDRAWN.format(task=numbers[a], status=texts.STATUS_LABEL[status])
                      for a, status in withdrawn.items() if a not in kept]
            if undone:
                first, *rest = answer[0][0].split("\n")
                answer[0] = ("\n".join([first, *undone, *rest]), answer[0][1])
        session.commit()
    await _send(message, answer)


async def ignore_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other edited message: nothing happens (an edited command is not run twice)."""


async def on_report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/baocao 3 xong [ghi chú]: the same as a short text, for people who like commands."""
    svc = services(context)
    message = update.effective_message
    now = svc.now()
    args = " ".join(context.args or [])
    with Session(svc.engine) as session:
        identity = identify(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
        if identity.focal is None:
            answer = [(texts.NOT_FOCAL, None)]
        else:
            reading = read_reply(args)
            if not reading.names_tasks and not (reading.too_long or reading.too_many):
                answer = [(texts.REPORT_USAGE, None)]
            else:
                mark_reachable(session, focal=identity.focal, now=now)
                tasks = open_tasks(open_assignments(session, unit_id=identity.unit.id))
                decision = decide(reading, tasks=tasks)
                answer = apply_decision(session, decision, identity=identity, now=now,
                                        tz=svc.settings.timezone, source=ReportSource.text,
                                        message=(message.chat_id, message.message_id))
                session.commit()
                count_reply(decision)
    await _send(message, answer)
