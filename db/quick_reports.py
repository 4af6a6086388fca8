"""The hot path of a status reply ("3 xong", "4 vướng mắc: thiếu kinh phí"): Core statements on one
connection, no ORM objects, committed before the caller confirms.

It only handles the plain case: an active focal point naming task numbers that each match exactly one
open assignment of their unit. Anything else (unknown or ambiguous numbers, a revoked or unreachable
person, a closed directive) returns None and the caller takes the full path, which explains the refusal.
The focal point is checked again inside the statement, so a stale cached identity can never report.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine

from bot.domain.enums import Status
from db.types import AwareDateTime

_AT = bindparam("at", type_=AwareDateTime())

_FOCAL = text("SELECT id, unit_id FROM focalpoint WHERE tg_user_id = :user AND state = 'active' "
              "ORDER BY id DESC LIMIT 1")
_MATCH = text(
    "SELECT a.id, t.number, a.status FROM assignment a "
    "JOIN task t ON t.id = a.task_id JOIN directive d ON d.id = t.directive_id "
    "JOIN focalpoint f ON f.unit_id = a.unit_id "
    "WHERE f.id = :focal AND f.state = 'active' AND d.is_open AND t.number IN :numbers"
).bindparams(bindparam("numbers", expanding=True))
_REPORT = text(
    "INSERT INTO statusreport (assignment_id, focal_point_id, status, note, source, reported_at, chat_id, message_id) "
    "VALUES (:assignment, :focal, :status, :note, 'text', :at, :chat, :message)"
).bindparams(_AT)
# completed_at: set when a task becomes done, kept while it stays done, cleared otherwise (as record_report).
_MOVE_KEEP_COMPLETED = text("UPDATE assignment SET status = :status, last_report_at = :at WHERE id = :assignment"
                            ).bindparams(_AT)
_MOVE = text("UPDATE assignment SET status = :status, last_report_at = :at, completed_at = :completed "
             "WHERE id = :assignment").bindparams(_AT, bindparam("completed", type_=AwareDateTime()))
_AUDIT = text("INSERT INTO auditlog (actor, action, details, at) VALUES (:actor, 'status.change', :details, :at)"
              ).bindparams(_AT)


@dataclass(frozen=True)
class QuickReport:
    task_number: int
    status: Status
    note: str | None = None


class FocalCache:
    """tg user id -> (focal point id, unit id) of active focal points; a bounded LRU.

    Only a lookup aid: the report statement checks the focal point again, so an entry made stale by a
    revocation or a move to another unit falls back to the full path and is dropped."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self._entries: OrderedDict[int, tuple[int, int]] = OrderedDict()

    def get(self, user_id: int) -> tuple[int, int] | None:
        found = self._entries.get(user_id)
        if found is not None:
            self._entries.move_to_end(user_id)
        return found

    def put(self, user_id: int, entry: tuple[int, int]) -> None:
        self._entries[user_id] = entry
        self._entries.move_to_end(user_id)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def drop(self, user_id: int) -> None:
        self._entries.pop(user_id, None)


def known_focal(engine: Engine, cache: FocalCache, *, tg_user_id: int) -> tuple[int, int] | None:
    """(focal point id, unit id) of an active focal point, from the cache or one indexed query."""
    focal = cache.get(tg_user_id)
    if focal is None:
        with engine.connect() as connection:
            row = connection.execute(_FOCAL, {"user": tg_user_id}).first()
        if row is None:
            return None
        focal = (row[0], row[1])
        cache.put(tg_user_id, focal)
    return focal


QuickClause = tuple[tuple[int, ...], Status, str | None]  # task numbers, status, note


def quick_status_reports(engine: Engine, cache: FocalCache, *, tg_user_id: int, clauses: list[QuickClause],
                         message: tuple[int, int], now: datetime) -> list[QuickReport] | None:
    """Store one report per task number and commit; None when the full path must decide."""
    numbers = [n for clause in clauses for n in clause[0]]
    if len(set(numbers)) != len(numbers):
        return None  # a task named twice: the full path keeps the last clause's status
    focal = known_focal(engine, cache, tg_user_id=tg_user_id)
    if focal is None:
        return None
    focal_id = focal[0]
    with engine.connect() as connection:
        rows = connection.execute(_MATCH, {"focal": focal_id, "numbers": numbers}).all()
        if not rows:  # revoked, unreachable, moved, or no such task: the full path knows what to say
            cache.drop(tg_user_id)
            return None
        by_number: dict[int, list[tuple[int, str]]] = {}
        for assignment_id, number, old_status in rows:
            by_number.setdefault(number, []).append((assignment_id, old_status))
        if any(len(by_number.get(n, ())) != 1 for n in numbers):
            return None  # unknown or ambiguous: the full path lists the valid numbers or asks which
        done = []
        for task_numbers, status, note in clauses:
            for number in task_numbers:
                assignment_id, old_status = by_number[number][0]
                params = {"assignment": assignment_id, "focal": focal_id, "status": status.value, "note": note,
                          "at": now, "chat": message[0], "message": message[1]}
                connection.execute(_REPORT, params)
                if status == Status.done and old_status == Status.done:
                    connection.execute(_MOVE_KEEP_COMPLETED, params)
                else:
                    connection.execute(_MOVE, {**params, "completed": now if status == Status.done else None})
                if old_status != status.value:
                    connection.execute(_AUDIT, {"actor": f"tg:{tg_user_id}", "at": now, "details":
                                                f"assignment {assignment_id}: {old_status} -> {status.value}"})
                done.append(QuickReport(number, status, note))
        connection.commit()
    return done
