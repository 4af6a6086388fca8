"""Dates in and out as dd/mm/yyyy; datetimes shown in the office's zone."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class DateFormatError(ValueError):
    pass


def parse_vn_date(value: str) -> date:
    """'15/12/2020' -> date(2020, 12, 15); anything else raises DateFormatError (Vietnamese)."""
    match = _DATE.match(value or "")
    if not match:
        raise DateFormatError(f"Ngày '{value}' không đúng dạng dd/mm/yyyy.")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(f"Ngày '{value}' không tồn tại.") from exc


def fmt_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def fmt_datetime(value: datetime | None, tz: ZoneInfo) -> str:
    """'10:32 28/10/2020' in the office's zone."""
    return value.astimezone(tz).strftime("%H:%M %d/%m/%Y") if value else "—"
