"""Dates in and out as dd/mm/yyyy; datetimes shown in the office's zone."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class DateFormatError(ValueError):
    pass


EARLIEST = date(2000, 1, 1)
YEARS_AHEAD = 10


def date_window(today: date) -> tuple[date, date]:
    """The dates a deadline may take: from 2000 to ten years after `today` (31/12/9999 would overflow
    the reminder arithmetic, and no directive plans that far)."""
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29/02 ten years on is not a leap day
        latest = today.replace(year=today.year + YEARS_AHEAD, day=28)
    return EARLIEST, latest


def parse_vn_date(value: str, *, today: date | None = None) -> date:
    """'15/12/2020' -> date(2020, 12, 15); anything else raises DateFormatError (Vietnamese).

    With `today`, the date must also lie in `date_window(today)`; the error names the window."""
    match = _DATE.match(value or "")
    if not match:
        raise DateFormatError(f"Ngày '{value}' không đúng dạng dd/mm/yyyy.")
    day, month, year = (int(g) for g in match.groups())
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(f"Ngày '{value}' không tồn tại.") from exc
    if today is not None:
        earliest, latest = date_window(today)
        if not earliest <= parsed <= latest:
            raise DateFormatError(
                f"Ngày '{value}' nằm ngoài khoảng cho phép, từ {fmt_date(earliest)} đến {fmt_date(latest)}.")
    return parsed


def fmt_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def fmt_datetime(value: datetime | None, tz: ZoneInfo) -> str:
    """'10:32 28/10/2020' in the office's zone."""
    return value.astimezone(tz).strftime("%H:%M %d/%m/%Y") if value else "—"
