"""Which nudges are due (pure): deadline nudges, overdue repeats, escalation, the weekly round-up.

Everything takes `now`; the sweep job turns the result into outbox rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from bot import texts
from bot.domain.workcal import WorkCalendar

KIND_ORDER = {"weekly": 0, "before": 1, "due": 2, "overdue": 3, "escalate": 4}
log = logging.getLogger(__name__)
# A deadline the date arithmetic cannot handle (31/12/9999 stored before input was bounded) raises these;
# such a task is logged and skipped, and every other task is still reminded.
UNPLANNABLE = (OverflowError, ValueError)


def _skip(task: OpenTask, exc: Exception) -> None:
    log.warning("reminders: assignment %s (unit %s, task %s) skipped, deadline %s cannot be planned: %s",
                task.assignment_id, task.unit_code, task.task_number, task.deadline, exc)


@dataclass(frozen=True)
class Policy:
    before_days: tuple[int, ...] = (7, 3, 1)
    at: time = time(8, 0)
    overdue_every: int = 2
    escalate_after: int = 5  # escalate once a task is more than this many working days overdue
    weekly_at: time = time(8, 0)
    digest_at: time = time(8, 30)

    def to_json(self) -> str:
        return json.dumps({"before": list(self.before_days), "at": f"{self.at:%H:%M}",
                           "overdue": self.overdue_every, "escalate": self.escalate_after})

    @classmethod
    def from_json(cls, text: str | None) -> Policy | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(before_days=tuple(data["before"]), at=time.fromisoformat(data["at"]),
                   overdue_every=data["overdue"], escalate_after=data["escalate"])


DEFAULT_POLICY = Policy()


def policy_for(reminder_policy: str | None) -> Policy:
    """A directive's own policy (stored JSON), or the default."""
    return Policy.from_json(reminder_policy) or DEFAULT_POLICY


# The Vietnamese keys shown in /huongdan; the English ones stay as aliases.
POLICY_KEYS = {"truoc": "before", "quahan": "overdue", "canhbao": "escalate", "luc": "at"}


class PolicyError(ValueError):
    """A /policy argument the office mistyped; the message is Vietnamese."""


def parse_policy_args(args: list[str], base: Policy) -> Policy:
    """'before=7,3,1 overdue=2 escalate=5 at=08:00' over `base`."""
    policy = base
    for arg in args:
        key, _, value = arg.partition("=")
        key = POLICY_KEYS.get(key.strip().lower(), key.strip().lower())
        try:
            if key == "before":
                days = tuple(sorted({int(v) for v in value.split(",") if v.strip()}, reverse=True))
                if not days or any(d < 1 or d > 60 for d in days):
                    raise ValueError
                policy = replace(policy, before_days=days)
            elif key in ("overdue", "escalate"):
                number = int(value)
                if not 1 <= number <= 60:
                    raise ValueError
                policy = replace(policy, **{"overdue_every" if key == "overdue" else "escalate_after": number})
            elif key == "at":
                if not re.fullmatch(r"\d{1,2}:\d{2}", value):
                    raise ValueError
                policy = replace(policy, at=time.fromisoformat(value.zfill(5)))
            else:
                raise PolicyError(texts.POLICY_UNKNOWN_ARG.format(arg=arg))
        except ValueError as exc:
            raise PolicyError(texts.POLICY_BAD_VALUE.format(arg=arg)) from exc
    return policy


@dataclass(frozen=True)
class OpenTask:
    assignment_id: int
    unit_id: int
    unit_code: str
    task_number: int
    deadline: date | None
    policy: Policy | None = None  # the directive's own policy, when the office set one


@dataclass(frozen=True)
class Nudge:
    assignment_id: int
    unit_id: int
    kind: str  # before7, before3, before1, due, overdue2, overdue4, …, escalate
    slot: datetime

    @property
    def family(self) -> str:
        return self.kind.rstrip("0123456789")

    @property
    def key(self) -> str:
        return f"{self.assignment_id}:{self.kind}:{self.slot.date().isoformat()}"


def _slot(cal: WorkCalendar, day: date, at: time) -> datetime:
    return cal.next_working_slot(datetime.combine(day, at, tzinfo=cal.tz))


def overdue_days(cal: WorkCalendar, deadline: date | None, now: datetime) -> int:
    """Working days past the deadline (0 on the deadline day and before)."""
    if deadline is None:
        return 0
    return cal.working_days_after(deadline, now.astimezone(cal.tz).date())


def deadline_nudges(task: OpenTask, cal: WorkCalendar, policy: Policy, *, until: date) -> list[Nudge]:
    """Every deadline nudge of one task, in time order, through `until` for the overdue repeats."""
    if task.deadline is None:
        return []
    slots = _deadline_slots(cal, task.deadline, task.policy or policy, until)
    return [Nudge(task.assignment_id, task.unit_id, kind, slot) for kind, slot in slots]


@lru_cache(maxsize=16_384)
def _deadline_slots(cal: WorkCalendar, deadline: date, policy: Policy, until: date) -> tuple[tuple[str, datetime], ...]:
    """(kind, slot) pairs for a deadline; shared by every assignment with that deadline."""
    slots = [(f"before{n}", _slot(cal, cal.add_working_days(deadline, -n), policy.at))
             for n in sorted(policy.before_days, reverse=True)]
    # A deadline on a day off is reminded on the last working day before it.
    slots.append(("due", _slot(cal, cal.on_or_before(deadline), policy.at)))
    k, day = policy.overdue_every, cal.add_working_days(deadline, policy.overdue_every)
    while day <= until:
        kind = "escalate" if k == policy.escalate_after + 1 else f"overdue{k}"
        slots.append((kind, _slot(cal, day, policy.at)))
        k, day = k + policy.overdue_every, cal.add_working_days(day, policy.overdue_every)  # one step on
    escalate_day = cal.add_working_days(deadline, policy.escalate_after + 1)
    if escalate_day <= until and not any(kind == "escalate" for kind, _ in slots):
        slots.append(("escalate", _slot(cal, escalate_day, policy.at)))
    return tuple(sorted(slots, key=lambda ks: (ks[1], KIND_ORDER[ks[0].rstrip("0123456789")])))


def latest_due_slot(cal: WorkCalendar, deadline: date, policy: Policy, now: datetime) -> tuple[str, datetime] | None:
    """(kind, slot) of the most relevant deadline nudge whose slot has come, for any task with this deadline."""
    slots = _deadline_slots(cal, deadline, policy, now.astimezone(cal.tz).date())
    due = [ks for ks in slots if ks[1] <= now]
    return due[-1] if due else None


PLAN_HORIZON_DAYS = 180  # overdue repeats are at most 60 working days apart, so a slot always falls inside


PLAN_RULES = 1  # raise when the slot rules below change, so stored plans are made again


def plan_fingerprint(cal: WorkCalendar, policy: Policy) -> str:
    """Stored next slots stay valid while this is unchanged (same calendar, default policy and rules)."""
    text = f"{PLAN_RULES}|{cal.fingerprint()}|{policy.to_json()}|{policy.weekly_at}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def next_nudge_slot(cal: WorkCalendar, deadline: date | None, policy: Policy, now: datetime) -> datetime | None:
    """When the sweep must look at a task with this deadline again: its first nudge slot after `now`."""
    if deadline is None:
        return None  # only the weekly round-up, which the sweep plans per unit
    until = now.astimezone(cal.tz).date() + timedelta(days=PLAN_HORIZON_DAYS)
    later = [slot for _, slot in _deadline_slots(cal, deadline, policy, until) if slot > now]
    return later[0] if later else _slot(cal, until, policy.at)


def plan_next_nudges(tasks: list[OpenTask], cal: WorkCalendar, policy: Policy, now: datetime
                     ) -> dict[datetime | None, list[int]]:
    """{next slot: assignment ids}: when the sweep looks at each task again, once per distinct deadline."""
    memo: dict[tuple, datetime | None] = {}
    planned: dict[datetime | None, list[int]] = {}
    for task in tasks:
        key = (task.deadline, task.policy or policy)
        if key not in memo:
            try:
                memo[key] = next_nudge_slot(cal, task.deadline, key[1], now)
            except UNPLANNABLE as exc:
                _skip(task, exc)  # planned for never: a new deadline plans it again
                memo[key] = None
        planned.setdefault(memo[key], []).append(task.assignment_id)
    return planned


@lru_cache(maxsize=16_384)
def escalation_slot(cal: WorkCalendar, deadline: date, policy: Policy) -> datetime:
    return _slot(cal, cal.add_working_days(deadline, policy.escalate_after + 1), policy.at)


def latest_due_nudge(task: OpenTask, now: datetime, cal: WorkCalendar, policy: Policy) -> Nudge | None:
    """The most relevant nudge whose slot has come: after an outage only this one is sent."""
    if task.deadline is None:
        return None
    found = latest_due_slot(cal, task.deadline, task.policy or policy, now)
    return Nudge(task.assignment_id, task.unit_id, found[0], found[1]) if found else None


def due_nudges(tasks: list[OpenTask], now: datetime, cal: WorkCalendar, policy: Policy
               ) -> list[tuple[OpenTask, Nudge | None, Nudge | None]]:
    """(task, latest due nudge, due escalation) for every task, computing once per distinct deadline."""
    memo: dict[tuple, tuple] = {}
    out = []
    for task in tasks:
        if task.deadline is None:
            out.append((task, None, None))
            continue
        key = (task.deadline, task.policy or policy)
        if key not in memo:
            try:
                esc = escalation_slot(cal, task.deadline, key[1])
                memo[key] = (latest_due_slot(cal, task.deadline, key[1], now), esc if esc <= now else None)
            except UNPLANNABLE as exc:
                _skip(task, exc)
                memo[key] = (None, None)
        latest, esc = memo[key]
        out.append((
            task,
            Nudge(task.assignment_id, task.unit_id, latest[0], latest[1]) if latest else None,
            Nudge(task.assignment_id, task.unit_id, "escalate", esc) if esc else None,
        ))
    return out


def weekly_slot(now: datetime, cal: WorkCalendar, at: time) -> datetime:
    """This week's round-up: Monday at `at`, or the next working day when Monday is off."""
    local = now.astimezone(cal.tz)
    monday = local.date() - timedelta(days=local.weekday())
    return _slot(cal, cal.on_or_after(monday), at)


def upcoming_nudges(tasks: list[OpenTask], now: datetime, cal: WorkCalendar, policy: Policy,
                    *, limit: int = 10, horizon_days: int = 120) -> list[tuple[datetime, int, str]]:
    """The next planned (slot, unit id, kind) after `now`, one per unit and slot (as sent)."""
    until = now.astimezone(cal.tz).date() + timedelta(days=horizon_days)
    per_slot: dict[tuple[datetime, int], str] = {}
    for task in tasks:
        try:
            nudges = deadline_nudges(task, cal, policy, until=until)
        except UNPLANNABLE as exc:
            _skip(task, exc)
            continue
        for nudge in nudges:
            if nudge.slot > now:
                key = (nudge.slot, nudge.unit_id)
                if key not in per_slot or KIND_ORDER[nudge.family] > KIND_ORDER[per_slot[key].rstrip("0123456789")]:
                    per_slot[key] = nudge.kind
    units = {t.unit_id for t in tasks}
    week = weekly_slot(now, cal, policy.weekly_at)
    for _ in range(3):
        if week <= now:
            week = weekly_slot(week + timedelta(days=7), cal, policy.weekly_at)
        for unit_id in units:
            per_slot.setdefault((week, unit_id), "weekly")
        week = weekly_slot(week + timedelta(days=7), cal, policy.weekly_at)
    ordered = sorted(per_slot.items(), key=lambda item: (item[0][0], item[0][1]))
    return [(slot, unit_id, kind) for (slot, unit_id), kind in ordered[:limit]]
