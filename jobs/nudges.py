"""The reminder sweep: a named, idempotent job that computes from the database what is due now.

Nothing is scheduled per task, so a restart loses nothing; NudgeRecord's unique key and the
outbox's dedupe key make a second sweep (or a second process) send nothing twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from telegram.ext import Application, ContextTypes

from bot import texts
from bot.callback_data import SetStatus
from bot.dates import fmt_date
from bot.office_alerts import queue_office_alert
from bot.reminders import (
    DEFAULT_POLICY,
    KIND_ORDER,
    Nudge,
    OpenTask,
    Policy,
    due_nudges,
    overdue_days,
    weekly_slot,
)
from bot.services import Services, services
from bot.workcal import WorkCalendar
from db.models import Unit
from db.nudges import open_tasks, record_nudge, recorded_keys
from db.outbox import enqueue
from db.people import reachable_focal_points
from db.reports import views_for
from jobs.sender import drain_outbox

log = logging.getLogger(__name__)
MAX_TASKS_PER_MESSAGE = 20


@dataclass
class UnitRound:
    """What one unit gets in this sweep: one message, whatever the number of tasks."""

    unit_id: int
    nudges: list[Nudge] = field(default_factory=list)
    weekly: datetime | None = None
    escalations: list[Nudge] = field(default_factory=list)

    @property
    def kind(self) -> str:
        families = [n.family for n in self.nudges] + (["weekly"] if self.weekly else [])
        return max(families, key=KIND_ORDER.__getitem__)

    @property
    def slot(self) -> datetime:
        return max([n.slot for n in self.nudges] + ([self.weekly] if self.weekly else []))


Due = list[tuple[OpenTask, Nudge | None, Nudge | None]]  # bot.reminders.due_nudges


def plan_round(due: Due, recorded: set[str], now: datetime, cal: WorkCalendar,
               policy: Policy) -> dict[int, UnitRound]:
    """Group what is due and not yet recorded, per unit (pure)."""
    rounds: dict[int, UnitRound] = {}
    week = weekly_slot(now, cal, policy.weekly_at)
    for task, nudge, escalation in due:
        unit_round = rounds.setdefault(task.unit_id, UnitRound(task.unit_id))
        if nudge and nudge.key not in recorded:
            unit_round.nudges.append(nudge)
        if escalation and f"esc:{task.assignment_id}" not in recorded:
            unit_round.escalations.append(escalation)
        if week <= now and f"weekly:{task.unit_id}:{week.date().isoformat()}" not in recorded:
            unit_round.weekly = week
    return {u: r for u, r in rounds.items() if r.nudges or r.weekly or r.escalations}


def candidate_keys(due: Due, now: datetime, cal: WorkCalendar, policy: Policy) -> set[str]:
    """NudgeRecord keys this sweep may create; one query tells which exist already."""
    keys: set[str] = set()
    week = weekly_slot(now, cal, policy.weekly_at).date().isoformat()
    for task, nudge, _ in due:
        if nudge:
            keys.add(nudge.key)
        keys.add(f"esc:{task.assignment_id}")
        keys.add(f"weekly:{task.unit_id}:{week}")
    return keys


def _message(unit: Unit, unit_round: UnitRound, tasks: list[OpenTask], session: Session, cal: WorkCalendar,
             now: datetime, policy: Policy) -> dict:
    if unit_round.weekly:
        ids = [t.assignment_id for t in tasks]
    else:
        ids = sorted({n.assignment_id for n in unit_round.nudges + unit_round.escalations})
    views = views_for(session, assignment_ids=ids)[:MAX_TASKS_PER_MESSAGE]
    kind = "escalate" if unit_round.escalations else unit_round.kind
    lines = [texts.NUDGE_HEADER[kind].format(unit=texts.h(unit.name), count=len(ids),
                                             days=policy.escalate_after)]
    keyboard = []
    for view in views:
        deadline = view.assignment.deadline
        if deadline is None:
            when = texts.NUDGE_NO_DEADLINE
        elif (late := overdue_days(cal, deadline, now)) > 0:
            when = texts.NUDGE_LATE.format(deadline=fmt_date(deadline), days=late)
        elif deadline == now.astimezone(cal.tz).date():
            when = texts.NUDGE_TODAY.format(deadline=fmt_date(deadline))
        else:
            left = cal.working_days_after(now.astimezone(cal.tz).date(), deadline)
            when = texts.NUDGE_LEFT.format(deadline=fmt_date(deadline), days=left)
        lines.append(texts.NUDGE_LINE.format(task=view.task.number, number=texts.h(view.directive.number),
                                             when=when, status=texts.STATUS_LABEL[view.assignment.status]))
        keyboard.append([
            {"text": f"NV{view.task.number} {texts.STATUS_ICON[s]}",
             "callback_data": SetStatus(view.assignment.id, s).pack()}
            for s in texts.BUTTON_STATUSES
        ])
    lines.append(texts.NUDGE_FOOTER)
    return {"text": "\n".join(lines), "reply_markup": {"inline_keyboard": keyboard}}


def queue_due_nudges(session: Session, svc: Services, cal: WorkCalendar, policy: Policy, *, now: datetime,
                     unit_ids: list[int] | None = None) -> tuple[int, int]:
    """Record and queue every due nudge; returns (units, messages). Caller commits."""
    tasks = open_tasks(session, unit_ids=unit_ids)
    due = due_nudges(tasks, now, cal, policy)
    recorded = recorded_keys(session, keys=candidate_keys(due, now, cal, policy))
    rounds = plan_round(due, recorded, now, cal, policy)
    tasks_by_unit: dict[int, list[OpenTask]] = defaultdict(list)
    for task in tasks:
        tasks_by_unit[task.unit_id].append(task)
    messages = 0
    for unit_id, unit_round in rounds.items():
        unit = session.get(Unit, unit_id)
        slot_key = unit_round.slot.isoformat() if (unit_round.nudges or unit_round.weekly) else now.date()
        payload = _message(unit, unit_round, tasks_by_unit[unit_id], session, cal, now, policy)
        for focal in reachable_focal_points(session, unit_ids=[unit_id]):
            messages += enqueue(session, kind="nudge", chat_id=focal.chat_id, payload=payload, now=now,
                                dedupe_key=f"nudge:{unit_id}:{slot_key}:{focal.id}", focal_point_id=focal.id)
        for nudge in unit_round.nudges:
            record_nudge(session, key=nudge.key, unit_id=unit_id, assignment_id=nudge.assignment_id,
                         kind=nudge.kind, slot=nudge.slot, now=now)
        if unit_round.weekly:
            record_nudge(session, key=f"weekly:{unit_id}:{unit_round.weekly.date().isoformat()}",
                         unit_id=unit_id, assignment_id=None, kind="weekly", slot=unit_round.weekly, now=now)
        if unit_round.escalations:
            late = {t.assignment_id: t for t in tasks_by_unit[unit_id]}
            numbers = sorted(late[e.assignment_id].task_number for e in unit_round.escalations)
            days = max(overdue_days(cal, late[e.assignment_id].deadline, now) for e in unit_round.escalations)
            queue_office_alert(session, svc, key=f"escalate:{unit_id}:{now.date().isoformat()}",
                               text=texts.OFFICE_ESCALATION.format(
                                   code=unit.code, days=days, tasks=", ".join(map(str, numbers))))
            for escalation in unit_round.escalations:
                record_nudge(session, key=f"esc:{escalation.assignment_id}", unit_id=unit_id,
                             assignment_id=escalation.assignment_id, kind="escalate", slot=escalation.slot, now=now)
    return len(rounds), messages


def calendar_of(app_or_context) -> WorkCalendar:
    """The working calendar, loaded once per application."""
    from bot.workcal import load_calendar

    svc = services(app_or_context)
    if svc.calendar is None:
        svc.calendar = load_calendar(svc.settings.timezone, svc.settings.office_hours)
    return svc.calendar


async def sweep(app: Application, *, force: bool = False, unit_ids: list[int] | None = None) -> tuple[int, int]:
    """Queue what is due now (only in office hours on working days unless `force`), then send it."""
    svc = services(app)
    cal = calendar_of(app)
    now = svc.now()
    if not force and not cal.is_working_time(now):
        return 0, 0
    policy = DEFAULT_POLICY
    with Session(svc.engine) as session:
        try:
            result = queue_due_nudges(session, svc, cal, policy, now=now, unit_ids=unit_ids)
            session.commit()
        except IntegrityError:  # another sweep recorded the same nudges first
            session.rollback()
            log.info("reminder sweep lost a race; the other sweep sends")
            return 0, 0
    if result[1]:
        await drain_outbox(app)
    return result


async def sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job (every minute), on the leader process only."""
    if services(context.application).is_leader:
        await sweep(context.application)
