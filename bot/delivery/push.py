"""Queue task messages for focal points (outbox rows; the sender delivers them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.operations.cards import status_keyboard, task_card
from db.audit import audit
from db.directives import assigned_units, get_directive
from db.models import Directive, FocalPoint, Unit
from db.outbox import enqueue_many
from db.people import reachable_focal_points
from db.reports import AssignmentView, assignments_for_push
from db.units import get_units_by_codes


class PushError(ValueError):
    """Nothing queued; the message (HTML, values escaped) says why."""


@dataclass
class PushResult:
    directive: Directive
    units: list[Unit]
    people: list[FocalPoint]
    queued: int
    skipped: int

    @property
    def units_without_focal(self) -> list[str]:
        reached = {p.unit_id for p in self.people}
        return [u.code for u in self.units if u.id not in reached]


def queue_directive_push(session: Session, *, number: str, codes: list[str], actor: str, tz: ZoneInfo,
                         now: datetime, commit_every: int | None = None) -> PushResult:
    """/push and `cchc-bot push`: every task of an open directive to every active focal point of the
    units named (or of every assigned unit for none / 'all'). The caller commits (see queue_task_cards
    for `commit_every`)."""
    directive = get_directive(session, number=number)
    if directive is None:
        raise PushError(texts.DIRECTIVE_UNKNOWN.format(number=texts.h(number)))
    if not directive.is_open:
        raise PushError(texts.DIRECTIVE_CLOSED.format(number=texts.h(directive.number)))
    codes = [c for code in codes for c in code.split(",") if c.strip()]
    if codes and [c.lower() for c in codes] not in (["all"], ["tatca"]):
        units, unknown = get_units_by_codes(session, codes=codes)
        if unknown:
            raise PushError(texts.PUSH_UNKNOWN_CODES.format(codes=texts.h(", ".join(unknown))))
    else:
        units = assigned_units(session, directive_id=directive.id)
    unit_ids = [u.id for u in units]
    people = reachable_focal_points(session, unit_ids=unit_ids)
    queued, skipped = queue_task_cards(
        session, views=assignments_for_push(session, directive_id=directive.id, unit_ids=unit_ids),
        focal_points=people, tz=tz, now=now, commit_every=commit_every,
    )
    audit(session, actor=actor, action="directive.push",
          details=f"{directive.number} units={len(units)} queued={queued}")
    return PushResult(directive, units, people, queued, skipped)


def queue_task_cards(
    session: Session,
    *,
    views: Iterable[AssignmentView],
    focal_points: Iterable[FocalPoint],
    tz: ZoneInfo,
    now: datetime,
    key: str = "push",
    commit_every: int | None = None,
) -> tuple[int, int]:
    """One message per (focal point, task) of the focal point's unit. Returns (queued, skipped).

    With the default key a task reaches a person once, whoever asks to push it again;
    callers that must resend (e.g. /nhiemvu) pass a key unique to the request.
    `commit_every` commits after each batch of that many rows: a push to thousands of units then never
    holds SQLite's write lock for long, and the dedupe keys make a push cut short safe to repeat.
    """
    by_unit: dict[int, list[AssignmentView]] = {}
    for view in views:
        by_unit.setdefault(view.assignment.unit_id, []).append(view)
    rows = []
    cards: dict[int, list[str]] = {}  # the same card goes to every focal point of a unit
    for focal in focal_points:
        for view in by_unit.get(focal.unit_id, []):
            parts = cards.setdefault(view.assignment.id, task_card(view, tz))
            for index, text in enumerate(parts):
                payload: dict = {"text": text}
                if index == len(parts) - 1:
                    payload["reply_markup"] = status_keyboard(view.assignment.id)
                rows.append({"kind": "task", "chat_id": focal.chat_id, "payload": payload,
                             "dedupe_key": f"{key}:{view.assignment.id}:{focal.id}:{index}",
                             "assignment_id": view.assignment.id, "focal_point_id": focal.id})
    if commit_every is None:
        queued = enqueue_many(session, rows=rows, now=now)
    else:
        queued = 0
        for start in range(0, len(rows), commit_every):
            queued += enqueue_many(session, rows=rows[start:start + commit_every], now=now)
            session.commit()
    return queued, len(rows) - queued
