"""All tables. Timestamps are aware (UTC in storage); deadlines are calendar dates in the office's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bot.domain.enums import FocalRole, FocalState, OfficeRole, ReportSource, Status, UnitKind
from db.types import AwareDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


# Assignment.next_nudge_at for "plan again at the next sweep": new assignments, changed deadlines or policy.
NUDGE_RECOMPUTE = datetime(2000, 1, 1, tzinfo=UTC)


def _big(nullable: bool = False, index: bool = False, unique: bool = False, default=None):
    """Telegram ids exceed 32 bits (supergroups are -100xxxxxxxxxx): BIGINT on PostgreSQL."""
    return Field(default=default, sa_column=Column(BigInteger(), nullable=nullable, index=index, unique=unique))


def _ts(nullable: bool = False, index: bool = False, auto: bool = False):
    """An aware timestamp column; `auto` fills it with the current time on insert."""
    column = Column(AwareDateTime(), nullable=nullable, index=index)
    if auto:
        return Field(default_factory=utcnow, sa_column=column)
    return Field(default=None, sa_column=column)


class OutboundState(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class Unit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=16)
    name: str
    kind: UnitKind = UnitKind.other
    active: bool = True
    # The province's official order within the kind (the units CSV's `order` column): documents list units so.
    sort_order: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The days the unit exists (None: open). A directive is assigned only to the units of its date; a unit
    # that ended keeps its rows, its assignments and its history (it is never deleted).
    valid_from: date | None = None
    valid_to: date | None = None
    # For a unit that ended by merging into another: the unit that took over its work.
    successor_id: int | None = Field(default=None, foreign_key="unit.id")


class FocalPoint(SQLModel, table=True):
    __table_args__ = (Index("ix_focal_user_state", "tg_user_id", "state"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    tg_user_id: int = _big()
    chat_id: int = _big()
    name: str
    role: FocalRole = FocalRole.primary
    state: FocalState = FocalState.active
    created_at: datetime = _ts(auto=True)
    updated_at: datetime = _ts(auto=True)


class Invite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    role: FocalRole = FocalRole.primary
    code_hash: str = Field(unique=True, index=True)
    expires_at: datetime = _ts()
    used_at: datetime | None = _ts(nullable=True)
    used_by: int | None = _big(nullable=True)
    created_by: str
    created_at: datetime = _ts(auto=True)


class OfficeMember(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    tg_user_id: int = _big(unique=True, index=True)
    name: str = ""
    role: OfficeRole = OfficeRole.viewer
    created_at: datetime = _ts(auto=True)


class Directive(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True)
    issued_on: date
    issuer: str = ""
    title: str = ""
    source_text: str = ""
    is_open: bool = True
    reminder_policy: str | None = None  # JSON; None means the default policy
    created_at: datetime = _ts(auto=True)


class Task(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("directive_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    number: int
    text: str
    default_deadline: date | None = None


class Assignment(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("task_id", "unit_id"),
        Index("ix_assignment_status_deadline", "status", "deadline"),
        # The sweep reads only this: open assignments whose next nudge slot has come.
        Index("ix_assignment_next_nudge", "next_nudge_at", sqlite_where=text("status != 'done'"),
              postgresql_where=text("status != 'done'")),
    )
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    deadline: date | None = None
    status: Status = Status.not_started
    completed_at: datetime | None = _ts(nullable=True)
    last_report_at: datetime | None = _ts(nullable=True)
    # When the sweep must look at this assignment again (its next nudge slot); None: nothing planned.
    next_nudge_at: datetime | None = Field(default=NUDGE_RECOMPUTE,
                                           sa_column=Column(AwareDateTime(), nullable=True))


class StatusReport(SQLModel, table=True):
    """Append-only history: a new report never overwrites an old one."""

    __table_args__ = (
        Index("ix_report_assignment_at", "assignment_id", "reported_at"),
        Index("ix_report_message", "chat_id", "message_id"),
        Index("ix_report_evidence_retry", "evidence_retry_at"),
        Index("ix_report_evidence_unique", "evidence_unique_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id")
    focal_point_id: int | None = Field(default=None, foreign_key="focalpoint.id")
    status: Status
    note: str | None = None
    evidence_file_id: str | None = None
    evidence_name: str | None = None
    evidence_size: int | None = None
    # The evidence archive (jobs/evidence.py, db/evidence.py): Telegram's id of the file itself (one download per
    # file), its SHA-256 once kept in EVIDENCE_DIR, and the download queue (due at retry_at; None: done or given up).
    evidence_unique_id: str | None = None
    evidence_sha256: str | None = Field(default=None, max_length=64)
    evidence_archived_at: datetime | None = _ts(nullable=True)
    evidence_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    evidence_retry_at: datetime | None = _ts(nullable=True)
    evidence_error: str | None = None
    source: ReportSource = ReportSource.text
    reported_at: datetime = _ts(auto=True)
    # The Telegram message the report came from, so that an edit of that message corrects it.
    chat_id: int | None = _big(nullable=True)
    message_id: int | None = _big(nullable=True)
    # Set when an edit of the message replaced this report: kept in the history, no longer counted.
    corrected_at: datetime | None = _ts(nullable=True)
    # Stored from a read-back the official confirmed with ✅ (the text was not plain): shown as "đã xác nhận".
    confirmed: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})


class OutboundMessage(SQLModel, table=True):
    __table_args__ = (
        Index("ix_outbound_state", "state", "not_before"),
        Index("ix_outbound_chat_msg", "chat_id", "tg_message_id"),
        Index("ix_outbound_chat_state", "chat_id", "state"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    chat_id: int = _big()
    dedupe_key: str = Field(unique=True)
    payload: str  # JSON: text, reply markup
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id")
    focal_point_id: int | None = Field(default=None, foreign_key="focalpoint.id")
    state: OutboundState = OutboundState.pending
    tg_message_id: int | None = _big(nullable=True)
    attempts: int = 0
    error: str | None = None
    not_before: datetime | None = _ts(nullable=True)
    created_at: datetime = _ts(auto=True)
    sent_at: datetime | None = _ts(nullable=True)


class AuditLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    actor: str
    action: str = Field(index=True)
    details: str = ""
    at: datetime = _ts(index=True, auto=True)


class NudgeRecord(SQLModel, table=True):
    """One row per nudge decided (assignment, kind, planned slot): the reason a nudge is never sent twice."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)  # None: a whole round
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id")
    kind: str
    slot: datetime = _ts()
    created_at: datetime = _ts(auto=True)


class ExtensionState(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    superseded = "superseded"  # a newer request for the same assignment replaced it


class ExtensionRequest(SQLModel, table=True):
    """A focal point asks the office to move a deadline; the office decides."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    focal_point_id: int = Field(foreign_key="focalpoint.id")
    old_deadline: date | None = None
    new_deadline: date
    reason: str = ""
    state: ExtensionState = ExtensionState.pending
    decided_by: int | None = _big(nullable=True)
    decided_at: datetime | None = _ts(nullable=True)
    created_at: datetime = _ts(auto=True)


class ConversationKind(StrEnum):
    await_note = "await_note"  # a status button was pressed: a note or a file for that task may follow
    pending_note = "pending_note"  # a note waiting for the answer to 'which status?'
    pending_choice = "pending_choice"  # a note waiting for the answer to 'which task?'
    note_prompt = "note_prompt"  # a 'add a note' prompt message: a reply to it is a note for its task
    readback = "readback"  # reports read back, waiting for ✅ (JSON in `note`); one per person, 30 minutes
    pending_own = "pending_own"  # after ✏️: each task's own note, waiting for that task's status button
    answer_prompt = "answer_prompt"  # an office member's 'Trả lời' prompt: a reply to it answers a question
    pending_import = "pending_import"  # an office admin's directive preview waiting for ✅ Lưu / ✖ Hủy (JSON)


class ConversationState(SQLModel, table=True):
    """What a focal point's next message may continue, with an expiry: in the database, so that a
    restart or another process continues the conversation."""

    __table_args__ = (UniqueConstraint("tg_user_id", "kind", "message_id", name="uq_conversation_key"),)
    id: int | None = Field(default=None, primary_key=True)
    tg_user_id: int = _big(index=True)
    kind: str = Field(max_length=16)  # a ConversationKind
    message_id: int = _big(default=0)  # the prompt's message id (note_prompt); 0 otherwise
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id")
    note: str | None = None
    expires_at: datetime = _ts(index=True)


class OfficeQuestion(SQLModel, table=True):
    """A focal point's question to the office (a message that asks, never a report), and its answer."""

    __table_args__ = (Index("ix_question_open", "answered_at", "asked_at"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    focal_point_id: int = Field(foreign_key="focalpoint.id")
    chat_id: int = _big()  # the official's chat, where the answer goes
    message_id: int = _big()  # the official's message
    text: str
    tasks: str = ""  # task numbers the question names, '3,4'
    asked_at: datetime = _ts()
    answer: str | None = None
    answered_by: int | None = _big(nullable=True)  # the office member's Telegram id
    answered_at: datetime | None = _ts(nullable=True)
