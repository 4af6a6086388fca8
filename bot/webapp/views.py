"""What the dashboard shows, as JSON-ready dicts, from the same db/ functions as the chat views.

No web framework here: the server calls these in a worker thread with its own session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.domain.dates import fmt_date, fmt_datetime
from bot.domain.enums import FocalState
from bot.domain.numbers import parse_number
from bot.domain.review import StatusClass, classify_on, is_blocker
from bot.domain.textnorm import fold
from bot.domain.unit_groups import GROUP_ORDER, unit_group
from bot.operations.office_views import class_totals
from db.directives import list_directives, list_tasks
from db.extensions import pending_extensions
from db.models import Directive
from db.questions import unit_questions
from db.review import assignment_of, focal_points_by_unit, unit_cells, unit_reports, unit_tallies
from db.units import get_unit_by_code, list_units

PAGE_SIZE = 50  # units per page of the matrix: a phone shows ~15 rows, and a page loads in milliseconds
CLASS_KEYS = [k.name for k in StatusClass]
SORTS = ("worst", "name", "done")


def _tally_count(tally, key: str) -> int:
    """Cells of one status class in a unit's SQL tally."""
    return {
        "done_on_time": tally.on_time, "done_late": tally.late, "in_progress": tally.in_progress,
        "blocked": tally.blocked_in_time, "overdue": tally.overdue, "unreported": tally.unreported,
    }[key]


@dataclass(frozen=True)
class MatrixFilter:
    """The page's filters: unit group (kind: a xã and a phường are one group), a status class, only overdue,
    only blocked, a name search, the page."""

    kind: str | None = None
    status: str | None = None
    only_overdue: bool = False
    only_blocked: bool = False
    search: str = ""
    page: int = 0
    sort: str = "worst"  # "worst" (as /tonghop), "name", or "done" (% done, highest first)

    @classmethod
    def from_args(cls, args: dict[str, str]) -> MatrixFilter:
        """From the query string; unknown values are ignored (a filter that cannot match nothing)."""
        kind = args.get("kind") if args.get("kind") in GROUP_ORDER else None
        status = args.get("status") if args.get("status") in CLASS_KEYS else None
        page = args.get("page", "0")
        sort = args.get("sort") if args.get("sort") in SORTS else "worst"
        return cls(kind, status, args.get("overdue") == "1", args.get("blocked") == "1",
                   (args.get("q") or "").strip()[:100], parse_number(page) or 0, sort)

    def ordered(self, tallies: list, units: dict) -> list:
        """The kept units in the chosen order; the SQL tally is already worst first (ties by the unit's order)."""
        if self.sort == "name":
            return sorted(tallies, key=lambda t: fold(units[t.unit_id].name))
        if self.sort == "done":
            return sorted(tallies, key=lambda t: (-(t.done / t.total if t.total else 0), fold(units[t.unit_id].name)))
        return tallies

    def keeps(self, tally, unit) -> bool:
        if self.kind and unit_group(unit.kind) != self.kind:
            return False
        if self.status and not _tally_count(tally, self.status):
            return False
        if self.only_overdue and not tally.overdue:
            return False
        if self.only_blocked and not tally.blocked:  # blockers past their deadline count too
            return False
        return not self.search or fold(self.search) in fold(f"{unit.code} {unit.name}")


def directives_json(session: Session) -> list[dict]:
    return [{"id": d.id, "number": d.number, "title": d.title, "open": d.is_open}
            for d in list_directives(session)]


def dashboard_json(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo,
                   matrix: MatrixFilter) -> dict:
    """Header figures over every unit, then one page of the filtered matrix, worst units first.

    Figures and order come from one GROUP BY (`unit_tallies`, as /tonghop); only the page's units are
    loaded cell by cell (`unit_cells`), so 1,000 units × 20 tasks cost one aggregate and 50 units' rows.
    """
    today = now.astimezone(tz).date()
    tallies = unit_tallies(session, directive_id=directive.id, today=today, tz=tz, now=now)
    totals = class_totals(tallies)
    cells_total = sum(totals.values())
    done = totals[StatusClass.done_on_time] + totals[StatusClass.done_late]
    units = {u.id: u for u in list_units(session)}
    kept = matrix.ordered([t for t in tallies if t.unit_id in units and matrix.keeps(t, units[t.unit_id])], units)
    pages = max(1, -(-len(kept) // PAGE_SIZE))
    page = min(matrix.page, pages - 1)
    shown = kept[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    by_code: dict[str, list] = {}
    for cell in unit_cells(session, directive_id=directive.id, unit_ids=[t.unit_id for t in shown]):
        by_code.setdefault(cell.unit_code, []).append(cell)
    rows = []
    for tally in shown:
        unit = units[tally.unit_id]
        rows.append({
            "code": unit.code, "name": unit.name, "kind": unit_group(unit.kind), "done": tally.done,
            "total": tally.total,
            "overdue": tally.overdue, "blocked": tally.blocked,
            "cells": [{"task": c.task_number, "status": classify_on(c, today, tz).name, "blocker": is_blocker(c),
                       "deadline": fmt_date(c.deadline)} for c in by_code.get(unit.code, [])],
        })
    return {
        "directive": {"id": directive.id, "number": directive.number, "title": directive.title,
                      "issued": fmt_date(directive.issued_on), "open": directive.is_open},
        "at": fmt_datetime(now, tz),
        "figures": {
            "units": len(tallies), "cells": cells_total,
            "percent": round(100 * done / cells_total) if cells_total else 0,
            "blockers": sum(t.blocked for t in tallies),
            **{k.name: totals[k] for k in StatusClass},
        },
        "tasks": [{"number": t.number, "text": t.text} for t in list_tasks(session, directive_id=directive.id)],
        "rows": rows, "page": page, "pages": pages, "matched": len(kept),
    }


def cell_json(session: Session, *, directive: Directive, unit_code: str, task_number: int, now: datetime,
              tz: ZoneInfo) -> dict | None:
    """One assignment: its class, deadline, every report (newest first) and pending extension requests."""
    found = assignment_of(session, directive_id=directive.id, unit_code=unit_code, task_number=task_number)
    if found is None:
        return None
    assignment_id, unit_id, unit_name, task_text, deadline = found
    cell = next(c for c in unit_cells(session, directive_id=directive.id, unit_ids=[unit_id])
                if c.task_number == task_number)
    reports = [
        {"id": report.id, "at": fmt_datetime(report.reported_at, tz), "who": who or texts.WEBAPP_NOBODY,
         "status": texts.STATUS_LABEL[report.status] if report.status else "",
         "note": report.note or "", "file": report.evidence_name if report.evidence_file_id else None,
         # issue 19: stored from a read-back the official confirmed (the text was not plain)
         "confirmed": report.confirmed, "mark": texts.CONFIRMED_MARK if report.confirmed else ""}
        for report, number, who in unit_reports(session, unit_id=unit_id, directive_id=directive.id)
        if number == task_number
    ]
    return {
        "unit": {"code": unit_code, "name": unit_name}, "task": {"number": task_number, "text": task_text},
        "deadline": fmt_date(deadline), "status": classify_on(cell, now.astimezone(tz).date(), tz).name,
        "blocker": is_blocker(cell), "reports": reports,
        "extensions": [e for e in extensions_json(session, directive=directive, tz=tz)
                       if e["assignment"] == assignment_id],
    }


def unit_json(session: Session, *, unit_code: str, tz: ZoneInfo) -> dict | None:
    """A unit's focal points (revoked ones left out) and whether the bot can reach each, and its questions."""
    unit = get_unit_by_code(session, code=unit_code)
    if unit is None:
        return None
    people = focal_points_by_unit(session, unit_ids=[unit.id]).get(unit.code, [])
    return {
        "code": unit.code, "name": unit.name,
        # issue 19: the unit's questions to the office, open ones first (read-only)
        "questions": [{"id": q.id, "text": q.text, "tasks": q.tasks, "asked_at": q.asked_at.isoformat(),
                       "at": fmt_datetime(q.asked_at, tz),
                       "answer": q.answer, "answered": q.answered_at is not None}
                      for q in unit_questions(session, unit_id=unit.id)],
        "people": [{"name": p.name, "role": texts.ROLE_LABEL[p.role], "state": p.state.value,
                    "reachable": p.state == FocalState.active, "label": texts.FOCAL_STATE_LABEL[p.state]}
                   for p in people if p.state != FocalState.revoked],
    }


def extensions_json(session: Session, *, directive: Directive, tz: ZoneInfo) -> list[dict]:
    return [
        {"id": request.id, "assignment": request.assignment_id, "unit": code, "unit_name": name, "task": number,
         "old": fmt_date(request.old_deadline), "new": fmt_date(request.new_deadline), "reason": request.reason,
         "who": who, "at": fmt_datetime(request.created_at, tz)}
        for request, code, name, number, who in pending_extensions(session, directive_id=directive.id)
    ]
