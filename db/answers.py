"""Answers a person may not get twice in a row: the same answer at most once per interval.

Kept as a NudgeRecord row per person (one per kind of answer, its key carrying a fingerprint of the
content), so a restart or a second process knows what was answered a moment ago.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from db.models import NudgeRecord


def claim_answer(session: Session, *, kind: str, person: int, fingerprint: str, now: datetime,
                 within: timedelta, unit_id: int | None = None) -> bool:
    """True when this content may be answered now (and it is recorded as answered); False when the same
    content was answered to this person less than `within` ago. The caller commits."""
    prefix = f"answer:{kind}:{person}:"
    key = prefix + fingerprint
    last = session.exec(select(NudgeRecord).where(NudgeRecord.key == key)).first()
    if last is not None and last.slot > now - within:
        return False
    session.exec(delete(NudgeRecord).where(NudgeRecord.key.startswith(prefix)))  # one row per person and kind
    session.add(NudgeRecord(key=key, unit_id=unit_id, kind=f"answer-{kind}", slot=now, created_at=now))
    session.flush()
    return True
