"""The enumerations the database stores and the rules speak of (the column types stay in db/models.py)."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    department = "department"  # sở, ban, ngành and equivalents
    district = "district"  # UBND huyện / thành phố: the tier that ended on 30/06/2025
    other = "other"
    xa = "xa"  # UBND xã (two-tier local government, from 01/07/2025)
    phuong = "phuong"  # UBND phường


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
