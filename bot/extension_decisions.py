"""An admin's decision on a deadline extension, told to the unit: shared by the ✅/❌ buttons and the dashboard."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import texts
from bot.dates import fmt_date
from db.extensions import decide_extension
from db.models import ExtensionRequest
from db.outbox import enqueue
from db.people import reachable_focal_points
from db.reports import assignment_view


def decide_and_tell_unit(session: Session, *, request_id: int, approve: bool, decided_by: int,
                         now: datetime) -> ExtensionRequest | None:
    """Decide a pending request once (audit-logged) and queue the answer to the unit's focal points;
    None when it is unknown or already decided. The caller commits and kicks the sender."""
    request = decide_extension(session, request_id=request_id, approve=approve, decided_by=decided_by, now=now)
    if request is None:
        return None
    view = assignment_view(session, assignment_id=request.assignment_id)
    template = texts.EXTEND_APPROVED if approve else texts.EXTEND_REJECTED
    unit_text = template.format(task=view.task.number, number=texts.h(view.directive.number),
                                date=fmt_date(view.assignment.deadline))
    for focal in reachable_focal_points(session, unit_ids=[view.unit.id]):
        enqueue(session, kind="extension_decision", chat_id=focal.chat_id, payload={"text": unit_text},
                dedupe_key=f"extdec:{request.id}:{focal.id}", now=now, focal_point_id=focal.id)
    return request
