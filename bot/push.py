"""Queue task messages for focal points (outbox rows; the sender delivers them)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.cards import status_keyboard, task_card
from db.models import FocalPoint
from db.outbox import enqueue_many
from db.reports import AssignmentView


def queue_task_cards(
    session: Session,
    *,
    views: Iterable[AssignmentView],
    focal_points: Iterable[FocalPoint],
    tz: ZoneInfo,
    now: datetime,
    key: str = "push",
) -> tuple[int, int]:
    """One message per (focal point, task) of the focal point's unit. Returns (queued, skipped).

    With the default key a task reaches a person once, whoever asks to push it again;
    callers that must resend (e.g. /nhiemvu) pass a key unique to the request.
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
    queued = enqueue_many(session, rows=rows, now=now)
    return queued, len(rows) - queued
