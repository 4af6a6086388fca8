"""Office commands for deadlines and reminders: /deadline, /schedule, /remind."""

from __future__ import annotations

from sqlmodel import Session, select
from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.domain.dates import DateFormatError, fmt_date, parse_vn_date
from bot.domain.numbers import parse_number
from bot.domain.reminders import DEFAULT_POLICY, PolicyError, parse_policy_args, policy_for, upcoming_nudges
from bot.services import services
from db.audit import audit
from db.directives import get_directive, list_tasks, set_directive_open
from db.models import Unit
from db.nudges import open_tasks, set_deadline, set_reminder_policy
from db.units import get_units_by_codes
from handlers.office import actor, office_only
from jobs.nudges import calendar_of, sweep

WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


@office_only(admin=True)
async def deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/deadline 2410/UBND-KSTT 3 15/12/2020 [SNV,STC]: set a task's deadline."""
    svc = services(context)
    args = context.args or []
    task_number = parse_number(args[1]) if len(args) in (3, 4) else None
    if task_number is None:
        await update.effective_message.reply_text(texts.DEADLINE_USAGE)
        return
    try:
        when = parse_vn_date(args[2], today=svc.now().date())
    except DateFormatError as exc:
        await update.effective_message.reply_text(texts.h(str(exc)))
        return
    with Session(svc.engine) as session:
        directive = get_directive(session, number=args[0])
        tasks = list_tasks(session, directive_id=directive.id) if directive else []
        unknown: list[str] = []
        unit_ids = None
        if len(args) == 4:
            units, unknown = get_units_by_codes(session, codes=args[3].split(","))
            unit_ids = [u.id for u in units]
        if directive is None:
            text = texts.DIRECTIVE_UNKNOWN.format(number=texts.h(args[0]))
        elif task_number not in {t.number for t in tasks}:
            text = texts.TASK_NOT_IN_DIRECTIVE.format(number=texts.h(directive.number), task=task_number,
                                                      valid=", ".join(str(t.number) for t in tasks))
        elif unknown:
            text = texts.PUSH_UNKNOWN_CODES.format(codes=texts.h(", ".join(unknown)))
        else:
            count = set_deadline(session, directive_id=directive.id, task_number=task_number, deadline=when,
                                 unit_ids=unit_ids)
            audit(session, actor=actor(update), action="deadline.set",
                  details=f"{directive.number} NV{task_number} {fmt_date(when)} {args[3] if len(args) == 4 else 'all'}")
            session.commit()
            text = texts.DEADLINE_SET.format(task=task_number, number=texts.h(directive.number),
                                             deadline=fmt_date(when), count=count)
    await update.effective_message.reply_text(text)


@office_only(office_chat=True)
async def schedule(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/schedule 2410/UBND-KSTT: the policy and the next 10 planned nudges."""
    svc = services(context)
    cal = calendar_of(context)
    policy = DEFAULT_POLICY
    args = context.args or []
    now = svc.now()
    with Session(svc.engine) as session:
        directive = get_directive(session, number=args[0]) if args else None
        if args and directive is None:
            await update.effective_message.reply_text(texts.DIRECTIVE_UNKNOWN.format(number=texts.h(args[0])))
            return
        if directive is not None:
            policy = policy_for(directive.reminder_policy)
        tasks = open_tasks(session, directive_id=directive.id if directive else None)
        names = {u.id: u.name for u in session.exec(select(Unit))}
    hours = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in svc.settings.office_hours)
    lines = [texts.SCHEDULE_HEADER.format(
        number=texts.h(directive.number if directive else texts.SCHEDULE_ALL_DIRECTIVES),
        before=", ".join(map(str, policy.before_days)), at=f"{policy.at:%H:%M}",
        overdue=policy.overdue_every, escalate=policy.escalate_after, weekly=f"{policy.weekly_at:%H:%M}",
        hours=hours,
    )]
    upcoming = upcoming_nudges(tasks, now, cal, policy)
    for slot, unit_id, kind in upcoming:
        lines.append(texts.SCHEDULE_LINE.format(
            at=f"{slot.astimezone(cal.tz):%H:%M} {WEEKDAYS[slot.astimezone(cal.tz).weekday()]} "
               f"{slot.astimezone(cal.tz):%d/%m/%Y}",
            unit=texts.h(names.get(unit_id, "?")), kind=texts.KIND_LABEL[kind.rstrip("0123456789")],
        ))
    if not upcoming:
        lines.append(texts.SCHEDULE_EMPTY)
    await update.effective_message.reply_text("\n".join(lines))


@office_only(admin=True)
async def policy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/policy 2410/UBND-KSTT before=7,3,1 overdue=2 escalate=5 at=08:00: a directive's reminder policy."""
    svc = services(context)
    args = context.args or []
    if not args:
        await update.effective_message.reply_text(texts.POLICY_USAGE)
        return
    with Session(svc.engine) as session:
        directive = get_directive(session, number=args[0])
        if directive is None:
            await update.effective_message.reply_text(texts.DIRECTIVE_UNKNOWN.format(number=texts.h(args[0])))
            return
        current = policy_for(directive.reminder_policy)
        try:
            chosen = parse_policy_args(args[1:], current)
        except PolicyError as exc:
            await update.effective_message.reply_text(texts.h(str(exc)) + "\n" + texts.POLICY_USAGE)
            return
        if args[1:]:
            set_reminder_policy(session, directive=directive, policy=chosen)
            audit(session, actor=actor(update), action="policy.set", details=f"{directive.number} {chosen.to_json()}")
            session.commit()
        text = texts.POLICY_SHOWN.format(
            number=texts.h(directive.number), before=", ".join(map(str, chosen.before_days)),
            at=f"{chosen.at:%H:%M}", overdue=chosen.overdue_every, escalate=chosen.escalate_after,
        )
    await update.effective_message.reply_text(text)


@office_only(admin=True)
async def remind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remind [SNV,STC]: send the nudges that are due now, even outside office hours."""
    svc = services(context)
    codes = [c for a in (context.args or []) for c in a.split(",") if c.strip()]
    unit_ids = None
    if codes:
        with Session(svc.engine) as session:
            units, unknown = get_units_by_codes(session, codes=codes)
        if unknown:
            await update.effective_message.reply_text(texts.PUSH_UNKNOWN_CODES.format(codes=", ".join(unknown)))
            return
        unit_ids = [u.id for u in units]
    units_count, messages = await sweep(context.application, force=True, unit_ids=unit_ids, drain=False)
    with Session(svc.engine) as session:  # as the dashboard's "remind this unit" button
        audit(session, actor=actor(update), action="remind.send",
              details=f"{','.join(codes).upper() or 'all'} {messages} tin")
        session.commit()
    await update.effective_message.reply_text(
        texts.REMIND_DONE.format(units=units_count, messages=messages) if units_count else texts.REMIND_NONE
    )
    if messages:
        services(context.application).wake_sender()  # the sender delivers them; this answer need not wait for that


@office_only(admin=True)
async def close_directive(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/close N and /reopen N: a closed directive gets no pushes, nudges or reports."""
    svc = services(context)
    args = context.args or []
    reopen = update.effective_message.text.lstrip("/").lower().startswith(("reopen", "molai"))
    if len(args) != 1:
        await update.effective_message.reply_text(texts.CLOSE_USAGE)
        return
    with Session(svc.engine) as session:
        directive = get_directive(session, number=args[0])
        if directive is None:
            text = texts.DIRECTIVE_UNKNOWN.format(number=texts.h(args[0]))
        elif set_directive_open(session, directive=directive, is_open=reopen, actor=actor(update)):
            text = (texts.DIRECTIVE_REOPENED if reopen else texts.DIRECTIVE_CLOSED_NOW).format(
                number=texts.h(directive.number))
            session.commit()
        else:
            text = texts.DIRECTIVE_ALREADY.format(number=texts.h(directive.number))
    await update.effective_message.reply_text(text)
