"""The enumerations the database stores and the rules speak of (the column types stay in db/models.py)."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    department = "department"
    district = "district"
    other = "other"


class FocalRole(StrEnum):
    primary = "primary"
    deputy = "deputy"


class FocalState(StrEnum):
    active = "active"
    unreachable = "unreachable"
    revoked = "revoked"


class OfficeRole(StrEnum):
    admin = "admin"
    viewer = "viewer"


class Status(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    blocked = "blocked"


class ReportSource(StrEnum):
    button = "button"
    text = "text"
    reply = "reply"
    command = "command"
    file = "file"
    note = "note"
    miniapp = "miniapp"  # the focal point's form in the Mini App (bot/webapp/focal.py)
