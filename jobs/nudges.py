"""The reminder sweep: a named, idempotent job that computes from the database what is due now.

No timer is kept per task: each open assignment stores the next slot at which it may need a nudge
(`next_nudge_at`), so a restart loses nothing and a sweep reads only what has come due; NudgeRecord's
unique key and the outbox's dedupe key make a second sweep (or a second process) send nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from telegram.ext import Application, ContextTypes

from bot import metrics, texts
from bot.delivery.office_alerts import office_alert_row
from bot.domain.callback_data import SetStatus
from bot.domain.dates import date_window, fmt_date
from bot.domain.reminders import (
    DEFAULT_POLICY,
    KIND_ORDER,
    Nudge,
    OpenTask,
    Policy,
    due_nudges,
    overdue_days,
    plan_fingerprint,
    plan_next_nudges,
    weekly_slot,
)
from bot.domain.workcal import WorkCalendar
from bot.services import Services, services
from db.nudges import (
    nudge_candidates,
    open_tasks,
    record_nudges,
    recorded_keys,
    replan_nudges,
    set_next_nudges,
    units_with_open_tasks,
)
from db.outbox import enqueue_many
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


Due = list[tuple[OpenTask, Nudge | None, Nudge | None]]  # bot.domain.reminders.due_nudges


def plan_round(due: Due, recorded: set[str], weekly: datetime | None, weekly_units: list[int]
               ) -> dict[int, UnitRound]:
    """Group what is due and not yet recorded, per unit; `weekly_units` are owed this week's round-up (pure)."""
    rounds: dict[int, UnitRound] = {}
    for task, nudge, escalation in due:
        unit_round = rounds.setdefault(task.unit_id, UnitRound(task.unit_id))
        if nudge and nudge.key not in recorded:
            unit_round.nudges.append(nudge)
        if escalation and f"esc:{task.assignment_id}" not in recorded:
            unit_round.escalations.append(escalation)
    if weekly is not None:
        for unit_id in weekly_units:
            rounds.setdefault(unit_id, UnitRound(unit_id)).weekly = weekly
    return {u: r for u, r in rounds.items() if r.nudges or r.weekly or r.escalations}


def candidate_keys(due: Due) -> set[str]:
    """NudgeRecord keys this sweep may create; one query tells which exist already."""
    keys: set[str] = set()
    for task, nudge, _ in due:
        if nudge:
            keys.add(nudge.key)
        keys.add(f"esc:{task.assignment_id}")
    return keys


def units_owed_weekly(session: Session, week: datetime, unit_ids: list[int] | None) -> list[int]:
    """Units with open tasks that have not had this week's round-up."""
    day = week.date().isoformat()
    units = units_with_open_tasks(session, unit_ids=unit_ids)
    done = recorded_keys(session, keys=[f"weekly:{u}:{day}" for u in units])
    return [u for u in units if f"weekly:{u}:{day}" not in done]


def _in_window(views: list, now: datetime, cal: WorkCalendar) -> list:
    """The views whose deadline lies in the accepted window (bot.domain.dates.date_window); a row stored before
    input was bounded (31/12/9999) is logged and left out: counting working days up to it takes seconds."""
    earliest, latest = date_window(now.astimezone(cal.tz).date())
    kept = []
    for view in views:
        deadline = view.assignment.deadline
        if deadline is not None and not earliest <= deadline <= latest:
            log.warning("reminder sweep: assignment %s (unit %s, task %s) left out, deadline %s outside %s..%s",
                        view.assignment.id, view.unit.code, view.task.number, deadline, earliest, latest)
            continue
        kept.append(view)
    return kept


def _message(unit_round: UnitRound, views: list, cal: WorkCalendar, now: datetime, policy: Policy) -> dict | None:
    views = _in_window(views, now, cal)
    if not views:
        return None
    kind = "escalate" if unit_round.escalations else unit_round.kind
    lines = [texts.NUDGE_HEADER[kind].format(unit=texts.h(views[0].unit.name), count=len(views),
                                             days=policy.escalate_after)]
    keyboard = []
    for view in views[:MAX_TASKS_PER_MESSAGE]:
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


def _chunks(ids: list[int], size: int = 5000):
    """IN lists of a bounded size (SQLite allows 32,766 parameters per statement)."""
    return (ids[start:start + size] for start in range(0, len(ids), size))


def _views_by_unit(session: Session, ids_by_unit: dict[int, list[int]]) -> dict[int, list]:
    """The tasks each unit's message lists, read in a few queries rather than one per unit."""
    ids = [i for unit_ids in ids_by_unit.values() for i in unit_ids]
    views: dict[int, list] = defaultdict(list)
    for chunk in _chunks(ids):
        for view in views_for(session, assignment_ids=chunk):
            views[view.assignment.unit_id].append(view)
    for unit_views in views.values():
        unit_views.sort(key=lambda v: (v.directive.issued_on, v.directive.id, v.task.number))
    return views


def _record(key: str, unit_id: int | None, assignment_id: int | None, kind: str, slot: datetime,
            now: datetime) -> dict:
    return {"key": key, "unit_id": unit_id, "assignment_id": assignment_id, "kind": kind, "slot": slot,
            "created_at": now}


def queue_due_nudges(session: Session, svc: Services, cal: WorkCalendar, policy: Policy, *, now: datetime,
                     unit_ids: list[int] | None = None) -> tuple[int, int]:
    """Record and queue every due nudge, and when to look again; returns (units, messages). Caller commits.

    The full sweep reads only assignments whose stored next slot has come; `unit_ids` (/remind) reads all
    open tasks of those units."""
    if unit_ids is None:
        candidates = nudge_candidates(session, now=now)
        tasks = [task for task, eligible in candidates if eligible]
    else:
        candidates, tasks = [], open_tasks(session, unit_ids=unit_ids)
    due = due_nudges(tasks, now, cal, policy)
    recorded = recorded_keys(session, keys=candidate_keys(due))
    week = weekly_slot(now, cal, policy.weekly_at)
    # After a full round-up one record says so, and later sweeps that week skip the per-unit check.
    round_key = f"weekly-round:{week.date().isoformat()}"
    round_due = week <= now and (unit_ids is not None or not recorded_keys(session, keys=[round_key]))
    weekly_units = units_owed_weekly(session, week, unit_ids) if round_due else []
    rounds = plan_round(due, recorded, week, weekly_units)
    tasks_by_unit: dict[int, list[OpenTask]] = defaultdict(list)
    for task in tasks:
        tasks_by_unit[task.unit_id].append(task)
    if weekly_units and unit_ids is None:  # the round-up lists every open task of the unit
        for unit_id in weekly_units:
            tasks_by_unit.pop(unit_id, None)
        for task in open_tasks(session, unit_ids=weekly_units):
            tasks_by_unit[task.unit_id].append(task)

    views = _views_by_unit(session, {
        unit_id: [t.assignment_id for t in tasks_by_unit[unit_id]] if unit_round.weekly
        else sorted({n.assignment_id for n in unit_round.nudges + unit_round.escalations})
        for unit_id, unit_round in rounds.items()
    })
    focal_points: dict[int, list] = defaultdict(list)
    for chunk in _chunks(list(rounds)):
        for focal in reachable_focal_points(session, unit_ids=chunk):
            focal_points[focal.unit_id].append(focal)
    messages, records = [], []
    for unit_id, unit_round in rounds.items():
        slot_key = unit_round.slot.isoformat() if (unit_round.nudges or unit_round.weekly) else now.date()
        try:
            payload = _message(unit_round, views[unit_id], cal, now, policy)
        except Exception:  # one unit's bad row must not cost every other unit its reminders
            log.exception("reminder sweep: unit %s skipped, its message could not be made", unit_id)
            continue
        if payload is None:
            continue  # nothing in the window to remind of
        messages += [{"kind": "nudge", "chat_id": focal.chat_id, "payload": payload, "focal_point_id": focal.id,
                      "dedupe_key": f"nudge:{unit_id}:{slot_key}:{focal.id}"} for focal in focal_points[unit_id]]
        records += [_record(n.key, unit_id, n.assignment_id, n.kind, n.slot, now) for n in unit_round.nudges]
        if unit_round.weekly:
            records.append(_record(f"weekly:{unit_id}:{unit_round.weekly.date().isoformat()}", unit_id, None,
                                   "weekly", unit_round.weekly, now))
        if unit_round.escalations:
            late = {t.assignment_id: t for t in tasks_by_unit[unit_id]}
            numbers = sorted(late[e.assignment_id].task_number for e in unit_round.escalations)
            days = max(overdue_days(cal, late[e.assignment_id].deadline, now) for e in unit_round.escalations)
            alert = office_alert_row(svc, key=f"escalate:{unit_id}:{now.date().isoformat()}",
                                     text=texts.OFFICE_ESCALATION.format(unit=texts.h(views[unit_id][0].unit.name),
                                                                         days=days, tasks=", ".join(map(str, numbers))))
            messages += [alert] if alert else []
            records += [_record(f"esc:{e.assignment_id}", unit_id, e.assignment_id, "escalate", e.slot, now)
                        for e in unit_round.escalations]
    if unit_ids is None:
        if round_due:
            records.append(_record(round_key, None, None, "weekly-round", week, now))
        set_next_nudges(session, planned=plan_next_nudges([task for task, _ in candidates], cal, policy, now))
    queued = enqueue_many(session, rows=messages, now=now)
    record_nudges(session, rows=records)  # a sweep racing this one fails here, on the unique keys
    return len(rounds), queued


def replan_if_rules_changed(session: Session, cal: WorkCalendar, policy: Policy, *, now: datetime) -> bool:
    """A new process may bring a new calendar.toml, `holidays` release or policy rules: then every stored
    next slot is made again once (a record per fingerprint says it was)."""
    key = f"plan:{plan_fingerprint(cal, policy)}"
    if recorded_keys(session, keys=[key]):
        return False
    replan_nudges(session)
    record_nudges(session, rows=[_record(key, None, None, "plan", now, now)])
    log.info("reminder plan made again for new calendar or rules (%s)", key)
    return True


def calendar_of(app_or_context) -> WorkCalendar:
    """The working calendar, loaded once per application."""
    from bot.operations.seed import load_calendar

    svc = services(app_or_context)
    if svc.calendar is None:
        svc.calendar = load_calendar(svc.settings.timezone, svc.settings.office_hours)
    return svc.calendar


def _sweep_in_db(svc: Services, cal: WorkCalendar, policy: Policy, now: datetime,
                 unit_ids: list[int] | None) -> tuple[int, int]:
    """Reads first, writes in one burst at the end: SQLite's write lock is held for that burst only, so
    status replies are not kept waiting while a big round is worked out."""
    with Session(svc.engine) as session:
        try:
            if not svc.nudges_replanned and replan_if_rules_changed(session, cal, policy, now=now):
                session.commit()  # its own short transaction, not one held through the planning
            result = queue_due_nudges(session, svc, cal, policy, now=now, unit_ids=unit_ids)
            session.commit()
            svc.nudges_replanned = True
            return result
        except IntegrityError:  # another sweep recorded the same nudges (or the same new plan) first
            session.rollback()
            log.info("reminder sweep lost a race; the other sweep sends")
            return 0, 0


async def sweep(app: Application, *, force: bool = False, unit_ids: list[int] | None = None,
                drain: bool = True) -> tuple[int, int]:
    """Queue what is due now (only in office hours on working days unless `force`), then send it (unless
    not `drain`: /remind leaves that to the sender and answers at once).

    The database work runs in a worker thread: a Monday round-up for thousands of units takes seconds,
    and the bot keeps answering meanwhile."""
    svc = services(app)
    cal = calendar_of(app)
    now = svc.now()
    started = time.perf_counter()
    result = (0, 0)
    if force or cal.is_working_time(now):
        result = await asyncio.to_thread(_sweep_in_db, svc, cal, DEFAULT_POLICY, now, unit_ids)
        metrics.NUDGES_QUEUED.inc(result[1])
    if unit_ids is None:  # the full sweep ran (outside office hours it only looked at the clock)
        metrics.SWEEP_DURATION.set(time.perf_counter() - started)
        svc.sweep_ran_at = time.time()
        metrics.SWEEP_LAST_RUN.set(svc.sweep_ran_at)
    if result[1] and drain:
        await drain_outbox(app)
    return result


async def sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job (every minute), on the leader process only."""
    if services(context.application).is_leader:
        await sweep(context.application)
