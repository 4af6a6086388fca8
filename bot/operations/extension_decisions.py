"""An admin's decision on a deadline extension, told to the unit: shared by the ✅/❌ buttons and the dashboard."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import texts
from bot.domain.dates import fmt_date
from db.extensions import Decision, decide_extension
from db.outbox import enqueue
from db.people import reachable_focal_points
from db.reports import assignment_view

# Why a decision was refused (db.extensions.Decision.refused), in Vietnamese; anything else: already decided.
REFUSED_TEXT = {"superseded": texts.EXTEND_SUPERSEDED, "closed": texts.EXTEND_DIRECTIVE_CLOSED}


def decide_and_tell_unit(session: Session, *, request_id: int, approve: bool, decided_by: int,
                         now: datetime) -> Decision:
    """Decide a pending request once (audit-logged) and queue the answer to the unit's focal points; a
    refusal (unknown, already decided, superseded, directive closed) comes back as the Decision's reason.
    The caller commits (a refusal may have marked an old request superseded) and kicks the sender."""
    decision = decide_extension(session, request_id=request_id, approve=approve, decided_by=decided_by, now=now)
    if decision.request is None:
        return decision
    view = assignment_view(session, assignment_id=decision.request.assignment_id)
    template = texts.EXTEND_APPROVED if approve else texts.EXTEND_REJECTED
    unit_text = template.format(task=view.task.number, number=texts.h(view.directive.number),
                                date=fmt_date(view.assignment.deadline))
    for focal in reachable_focal_points(session, unit_ids=[view.unit.id]):
        enqueue(session, kind="extension_decision", chat_id=focal.chat_id, payload={"text": unit_text},
                dedupe_key=f"extdec:{decision.request.id}:{focal.id}", now=now, focal_point_id=focal.id)
    return decision
