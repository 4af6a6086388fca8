"""Read what a document of one directive says from the database, in a few statements."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.documents.summary import DirectiveFacts, UnitFacts, in_official_order, task_facts
from bot.domain.review import unit_rows
from db.directives import list_tasks
from db.models import Directive
from db.review import blocker_notes, directive_cells
from db.units import unit_places


def load_facts(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo,
               with_notes: bool = True) -> DirectiveFacts:
    """Every assigned unit in official order with its cells and classes; `with_notes`: the reason given
    for each task blocked now (the Word report quotes them)."""
    cells = directive_cells(session, directive_id=directive.id)
    places = unit_places(session)
    notes: dict[str, dict[int, str]] = {}
    if with_notes:
        for (code, number), note in blocker_notes(session, directive_id=directive.id).items():
            notes.setdefault(code, {})[number] = note
    units = [UnitFacts(row, *places.get(row.code, ("other", 0)), notes=notes.get(row.code, {}))
             for row in unit_rows(cells, now, tz)]
    return DirectiveFacts(
        number=directive.number, issued_on=directive.issued_on, issuer=directive.issuer, title=directive.title,
        now=now, tasks=task_facts(list_tasks(session, directive_id=directive.id), cells),
        units=in_official_order(units),
    )
