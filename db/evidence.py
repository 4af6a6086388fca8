"""The evidence archive's queries (issue 20): the download queue is the report rows themselves.

A report with a Telegram file is pending while it has no SHA-256 and an `evidence_retry_at` (set when the
report is stored: due at once); archived once the hash is recorded; given up when the retry time is cleared
with the hash still missing (`evidence_error` says why). So the queue survives restarts with the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot.domain.evidence import MAX_ATTEMPTS, retry_delay
from db.models import Assignment, FocalPoint, StatusReport, Task, Unit


@dataclass(frozen=True)
class PendingFile:
    report_id: int
    file_id: str
    unique_id: str | None
    attempts: int


def due_files(session: Session, *, now: datetime, limit: int = 20) -> list[PendingFile]:
    """Reports whose evidence is due for a download (oldest first)."""
    rows = session.exec(
        select(StatusReport.id, StatusReport.evidence_file_id, StatusReport.evidence_unique_id,
               StatusReport.evidence_attempts)
        .where(StatusReport.evidence_retry_at.is_not(None), StatusReport.evidence_retry_at <= now,
               StatusReport.evidence_sha256.is_(None))
        .order_by(StatusReport.evidence_retry_at, StatusReport.id).limit(limit)
    ).all()
    return [PendingFile(*row) for row in rows]


def archived_twin(session: Session, *, unique_id: str | None) -> tuple[str, int] | None:
    """(SHA-256, size) of the same Telegram file archived for another report: it is not downloaded again."""
    if not unique_id:
        return None
    return session.exec(
        select(StatusReport.evidence_sha256, StatusReport.evidence_size)
        .where(StatusReport.evidence_unique_id == unique_id, StatusReport.evidence_sha256.is_not(None))
        .limit(1)
    ).first()


def mark_archived(session: Session, *, report_id: int, sha256: str, size: int, now: datetime) -> None:
    report = session.get(StatusReport, report_id)
    report.evidence_sha256, report.evidence_size, report.evidence_archived_at = sha256, size, now
    report.evidence_retry_at, report.evidence_error = None, None
    session.add(report)


def mark_failed(session: Session, *, report_id: int, now: datetime, error: str, final: bool = False) -> bool:
    """Count a failed try; plan the next one with backoff, or give up (final, or MAX_ATTEMPTS reached).
    True when given up."""
    report = session.get(StatusReport, report_id)
    report.evidence_attempts += 1
    report.evidence_error = error[:300]
    given_up = final or report.evidence_attempts >= MAX_ATTEMPTS
    report.evidence_retry_at = None if given_up else now + retry_delay(report.evidence_attempts)
    session.add(report)
    return given_up


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence file of a directive, as the zip and its index list it."""

    report_id: int
    unit_code: str
    unit_name: str
    task: int
    person: str | None
    reported_at: datetime
    file_name: str
    size: int | None
    sha256: str | None
    error: str | None


def directive_evidence(session: Session, *, directive_id: int, unit_codes: list[str] | None = None
                       ) -> list[tuple[EvidenceRow, int]]:
    """Every evidence file reported under the directive (corrected reports left out), with each unit's number
    in the province's order (kind, official order, code) among the directive's units: (row, STT)."""
    units = session.exec(
        select(Unit.id).join(Assignment, Assignment.unit_id == Unit.id).join(Task, Task.id == Assignment.task_id)
        .where(Task.directive_id == directive_id).distinct()
    ).all()
    ordered = session.exec(select(Unit.id).where(Unit.id.in_(units))
                           .order_by(Unit.kind, Unit.sort_order, Unit.code)).all()
    number = {unit_id: index for index, unit_id in enumerate(ordered, start=1)}
    query = (
        select(StatusReport.id, Unit.id, Unit.code, Unit.name, Task.number, FocalPoint.name, StatusReport.reported_at,
               StatusReport.evidence_name, StatusReport.evidence_size, StatusReport.evidence_sha256,
               StatusReport.evidence_error)
        .join(Assignment, Assignment.id == StatusReport.assignment_id)
        .join(Task, Task.id == Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id)
        .outerjoin(FocalPoint, FocalPoint.id == StatusReport.focal_point_id)
        .where(Task.directive_id == directive_id, StatusReport.evidence_file_id.is_not(None),
               StatusReport.corrected_at.is_(None))
    )
    if unit_codes:
        query = query.where(Unit.code.in_([c.strip().upper() for c in unit_codes]))
    rows = []
    for report_id, unit_id, code, name, task, person, at, file_name, size, sha, error in session.exec(query).all():
        rows.append((EvidenceRow(report_id, code, name, task, person, at, file_name or "tep", size, sha, error),
                     number.get(unit_id, 0)))
    rows.sort(key=lambda r: (r[1], r[0].task, r[0].reported_at, r[0].report_id))
    return rows


def archived_hashes(session: Session) -> list[tuple[str, int | None]]:
    """Every archived file once: (SHA-256, size recorded)."""
    return list(session.exec(
        select(StatusReport.evidence_sha256, StatusReport.evidence_size)
        .where(StatusReport.evidence_sha256.is_not(None)).distinct()
    ).all())


def report_archive(session: Session, *, report_id: int) -> tuple[str, str] | None:
    """(SHA-256, file name) of a report's archived evidence, or None when it was not archived."""
    row = session.exec(select(StatusReport.evidence_sha256, StatusReport.evidence_name)
                       .where(StatusReport.id == report_id, StatusReport.evidence_sha256.is_not(None))).first()
    return (row[0], row[1] or "tep") if row else None
