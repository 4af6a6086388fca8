"""The Vietnamese working calendar: weekdays minus public holidays, plus make-up Saturdays (pure)."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


class CalendarFileError(ValueError):
    pass


def parse_calendar_toml(text: str) -> tuple[frozenset[date], frozenset[date]]:
    """(extra days off, make-up working days) from calendar.toml text."""
    try:
        data = tomllib.loads(text)
        days_off, working = set(), set()
        for year, entry in data.items():
            for key, target in (("days_off", days_off), ("working_days", working)):
                for value in entry.get(key, []):
                    day = date.fromisoformat(value)
                    if str(day.year) != year:
                        raise CalendarFileError(f"{value} is listed under [{year}]")
                    target.add(day)
    except (tomllib.TOMLDecodeError, ValueError, AttributeError, TypeError) as exc:
        raise CalendarFileError(f"calendar.toml is malformed: {exc}") from exc
    return frozenset(days_off), frozenset(working)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


@dataclass(frozen=True)
class WorkCalendar:
    tz: ZoneInfo
    hours: tuple[tuple[time, time], ...]
    days_off: frozenset[date] = field(default_factory=frozenset)
    working_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        return _is_working_day(self, day)

    def fingerprint(self) -> str:
        """Changes whenever a working day or office hour could: the zone, the hours, calendar.toml, `holidays`."""
        parts = [str(self.tz), repr(self.hours), holidays.__version__,
                 ",".join(sorted(map(str, self.days_off))), ",".join(sorted(map(str, self.working_days)))]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def _uncached_is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off or day.weekday() >= 5:
            return False
        return day not in _public_holidays(day.year)

    def is_working_time(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        if not self.is_working_day(local.date()):
            return False
        clock = local.time()
        return any(start <= clock < end for start, end in self.hours)

    def next_working_slot(self, at: datetime) -> datetime:
        """`at` itself when inside office hours on a working day, else the next opening."""
        local = at.astimezone(self.tz)
        day, clock = local.date(), local.time()
        for _ in range(400):
            if self.is_working_day(day):
                for start, end in self.hours:
                    if clock < end:
                        if clock >= start:
                            return local
                        return datetime.combine(day, start, tzinfo=self.tz)
            day, clock = day + timedelta(days=1), time(0, 0)
        raise ValueError("no working day within 400 days")

    def add_working_days(self, day: date, n: int) -> date:
        """The working day n working days after (n > 0) or before (n < 0) `day`."""
        return _add_working_days(self, day, n)

    def _uncached_add_working_days(self, day: date, n: int) -> date:
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_after(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end <= start."""
        return _working_days_after(self, start, end)

    def _uncached_working_days_after(self, start: date, end: date) -> int:
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


# Many assignments share a deadline: the same calendar questions repeat thousands of times per sweep.
@lru_cache(maxsize=65_536)
def _is_working_day(cal: WorkCalendar, day: date) -> bool:
    return cal._uncached_is_working_day(day)


@lru_cache(maxsize=65_536)
def _add_working_days(cal: WorkCalendar, day: date, n: int) -> date:
    return cal._uncached_add_working_days(day, n)


@lru_cache(maxsize=65_536)
def _working_days_after(cal: WorkCalendar, start: date, end: date) -> int:
    return cal._uncached_working_days_after(start, end)
