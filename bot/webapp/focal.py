"""The focal point's form in the Mini App: their unit's tasks of every open directive, and several reports at once.

The same signed launch data as the office's views, but the person must be a registered focal point (not
revoked); they see only their own unit, and the office's endpoints keep answering them 403. Each report goes
through `apply_report` exactly as a status button does (same permission check, history row, status change
and audit entry), with the source "miniapp"; the usual confirmation goes to their chat through the outbox.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from bot import texts
from bot.domain.dates import fmt_date, fmt_datetime
from bot.domain.enums import FocalState, ReportSource, Status
from bot.domain.review import classify_on, is_blocker
from bot.operations.reporting import MAX_NOTE_CHARS, Applied, apply_report
from bot.services import services
from bot.webapp.errors import ApiError
from db.audit import audit
from db.outbox import enqueue
from db.people import identify, mark_reachable
from db.reports import open_assignments
from db.review import unit_cells, unit_reports
from handlers.replies import confirmation_line

log = logging.getLogger(__name__)
HISTORY_SHOWN = 3  # the last reports of each task: enough to see what was said, short on a phone
MAX_REPORTS = 100  # one form's rows (a unit has at most a few dozen open tasks)


def unit_tasks_json(session: Session, *, unit_id: int, now, tz) -> list[dict]:
    """Every open directive with the unit's tasks: deadline, status, its class and the latest reports."""
    today = now.astimezone(tz).date()
    directives: dict[int, dict] = {}
    for view in open_assignments(session, unit_id=unit_id):
        directive = directives.get(view.directive.id)
        if directive is None:
            directive = directives[view.directive.id] = {
                "id": view.directive.id, "number": view.directive.number, "title": view.directive.title,
                "tasks": [], "_cells": {c.task_number: c for c in unit_cells(
                    session, directive_id=view.directive.id, unit_ids=[unit_id])},
                "_history": {},
            }
            for report, number, who in unit_reports(session, unit_id=unit_id, directive_id=view.directive.id):
                shown = directive["_history"].setdefault(number, [])
                if len(shown) < HISTORY_SHOWN:
                    shown.append({"at": fmt_datetime(report.reported_at, tz), "who": who or texts.WEBAPP_NOBODY,
                                  "status": texts.STATUS_LABEL[report.status], "note": report.note or ""})
        cell = directive["_cells"][view.task.number]
        directive["tasks"].append({
            "assignment": view.assignment.id, "number": view.task.number, "text": view.task.text,
            "deadline": fmt_date(view.assignment.deadline) if view.assignment.deadline else "",
            "status": view.assignment.status.value, "class": classify_on(cell, today, tz).name,
            "blocker": is_blocker(cell), "history": directive["_history"].get(view.task.number, []),
        })
    for directive in directives.values():
        del directive["_cells"], directive["_history"]
    return list(directives.values())


def parse_reports(body: dict) -> list[tuple[int, Status, str | None]]:
    """[(assignment id, status, note)] from the form's JSON, or ApiError 400 (nothing is stored then)."""
    rows = body.get("reports")
    if not isinstance(rows, list) or not 1 <= len(rows) <= MAX_REPORTS:
        raise ApiError(400, texts.WEBAPP_FOCAL_NOTHING if rows == [] else texts.WEBAPP_BAD_REQUEST,
                       detail="reports is not a list of 1..100")
    parsed, seen = [], set()
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("assignment"), int) or row["assignment"] in seen:
            raise ApiError(400, texts.WEBAPP_BAD_REQUEST, detail="bad or repeated assignment")
        if row.get("status") not in {s.value for s in Status}:
            raise ApiError(400, texts.WEBAPP_BAD_REQUEST, detail="unknown status")
        note = row.get("note") or ""
        if not isinstance(note, str):
            raise ApiError(400, texts.WEBAPP_BAD_REQUEST, detail="note is not text")
        note = " ".join(note.split())  # one line, as a chat note: no control characters survive
        seen.add(row["assignment"])
        parsed.append((row["assignment"], Status(row["status"]), note or None))
    return parsed


class FocalAuth:
    """Mixed in before server.ApiHandler, whose prepare() checks the launch data, the body's size and the
    member's rate as for the office; then this rule instead of the office's: a focal point, not revoked."""

    async def authorize(self) -> None:
        admin_ids = self.server.svc.settings.admin_ids
        identity = await self.db(lambda s: identify(s, tg_user_id=self.user.id, admin_ids=admin_ids,
                                                    office_if_focal=False))
        if identity.focal is None or identity.focal.state == FocalState.revoked:
            log.info("focal form: user %s is not a focal point", self.user.id)
            raise ApiError(403, texts.WEBAPP_FOCAL_ONLY)
        self.focal_id, self.unit = identity.focal.id, identity.unit


class MineMixin:
    """GET: the focal point's unit and its tasks of every open directive."""

    async def get(self) -> None:
        now, tz = self.now(), self.server.svc.settings.timezone
        directives = await self.db(lambda s: unit_tasks_json(s, unit_id=self.unit.id, now=now, tz=tz))
        self.finish({"user": {"id": self.user.id, "name": self.user.name}, "role": "focal",
                     "unit": {"code": self.unit.code, "name": self.unit.name}, "directives": directives,
                     "statuses": [{"key": s.value, "label": texts.WEBAPP_FOCAL_STATUS[s.value]} for s in Status]})


class ReportMixin:
    """POST {"reports": [{"assignment", "status", "note"}]}: all stored in one transaction, or none."""

    async def post(self) -> None:
        reports = parse_reports(self.body())
        svc, now = self.server.svc, self.now()
        tz = svc.settings.timezone

        def work(session: Session) -> tuple[str, bool]:
            focal = identify(session, tg_user_id=self.user.id, admin_ids=(), office_if_focal=False).focal
            lines, first_report = [], None
            for assignment_id, status, note in reports:
                if note is not None and len(note) > MAX_NOTE_CHARS:
                    number = _number_of(session, assignment_id, self.unit.id)
                    raise ApiError(400, texts.WEBAPP_FOCAL_BAD_NOTE.format(task=number, length=len(note),
                                                                          limit=MAX_NOTE_CHARS))
                result = apply_report(session, focal=focal, assignment_id=assignment_id, status=status,
                                      source=ReportSource.miniapp, now=now, note=note)
                if not isinstance(result, Applied):  # another unit's task or a closed directive: nothing stored
                    log.warning("focal form: %s refused assignment %s", self.user.id, assignment_id)
                    raise ApiError(403, texts.NO_PERMISSION)
                lines.append(confirmation_line(result.view.task.number, status, note))
                first_report = first_report or result.report
            mark_reachable(session, focal=focal, now=now)
            audit(session, actor=f"tg:{self.user.id}", action="report.miniapp",
                  details=f"{self.unit.code} {len(lines)} NV")
            text = "\n".join([texts.RECORDED.format(at=fmt_datetime(now, tz)), *lines])
            queued = bool(focal.chat_id and focal.state == FocalState.active)
            if queued:
                session.flush()  # the first report's id keys the confirmation: one per form sent
                enqueue(session, kind="miniapp_report", chat_id=focal.chat_id, payload={"text": text}, now=now,
                        dedupe_key=f"miniapp:{first_report.id}", focal_point_id=focal.id)
            session.commit()
            return text, queued

        text, queued = await self.db(work)
        services(self.server.app).wake_sender()
        self.finish({"message": "\n".join([texts.plain(text), *[texts.WEBAPP_FOCAL_SENT_CHAT] * queued])})


def _number_of(session: Session, assignment_id: int, unit_id: int) -> int | str:
    """The task number of one of the unit's assignments (for a message), else the id itself."""
    for view in open_assignments(session, unit_id=unit_id):
        if view.assignment.id == assignment_id:
            return view.task.number
    return assignment_id

