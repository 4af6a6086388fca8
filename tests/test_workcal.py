from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.workcal import CalendarFileError, parse_calendar_toml
from bot.operations.seed import load_calendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HOURS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
CAL = load_calendar(TZ, HOURS)


@pytest.mark.parametrize("day", [date(2020, 1, 27), date(2026, 2, 17), date(2020, 9, 2), date(2025, 9, 1),
                                 date(2026, 4, 27), date(2026, 8, 31), date(2020, 10, 31)])
def test_days_off(day):
    assert not CAL.is_working_day(day)


def test_make_up_saturday_is_a_working_day():
    assert CAL.is_working_day(date(2026, 8, 22)) and CAL.is_working_day(date(2025, 4, 26))


def test_friday_evening_moves_to_monday_morning_or_tuesday_after_a_holiday():
    assert CAL.next_working_slot(datetime(2020, 10, 30, 17, 30, tzinfo=TZ)) == datetime(2020, 11, 2, 7, 30, tzinfo=TZ)
    # Friday 28/08/2026, Monday 31/08 is a day off (substituted), Tuesday 1/9 and 2/9 are National Day.
    assert CAL.next_working_slot(datetime(2026, 8, 28, 17, 30, tzinfo=TZ)) == datetime(2026, 9, 3, 7, 30, tzinfo=TZ)


def test_lunch_break_and_inside_hours():
    assert CAL.next_working_slot(datetime(2020, 11, 2, 12, 0, tzinfo=TZ)) == datetime(2020, 11, 2, 13, 30, tzinfo=TZ)
    inside = datetime(2020, 11, 2, 9, 15, tzinfo=TZ)
    assert CAL.next_working_slot(inside) == inside and CAL.is_working_time(inside)


def test_same_instant_in_utc_and_local_gives_the_same_answer():
    local = datetime(2020, 11, 2, 8, 0, tzinfo=TZ)
    utc = local.astimezone(ZoneInfo("UTC"))
    assert CAL.is_working_time(utc) and CAL.next_working_slot(utc) == CAL.next_working_slot(local)
    # 08:00 read as UTC would be 15:00 here; 01:00 UTC is 08:00 here: zones are never mixed up.
    assert CAL.is_working_time(datetime(2020, 11, 2, 1, 0, tzinfo=ZoneInfo("UTC")))
    assert not CAL.is_working_time(datetime(2020, 11, 2, 17, 30, tzinfo=ZoneInfo("UTC")))  # 00:30 local
    assert not CAL.is_working_time(datetime(2020, 11, 2, 1, 0, tzinfo=TZ))


def test_add_working_days_skips_weekends_and_holidays():
    assert CAL.add_working_days(date(2020, 12, 15), -7) == date(2020, 12, 4)
    assert CAL.add_working_days(date(2020, 4, 29), 1) == date(2020, 5, 4)  # 30/4, 1/5, weekend
    assert CAL.add_working_days(date(2020, 11, 2), 0) == date(2020, 11, 2)


def test_calendar_file_errors():
    with pytest.raises(CalendarFileError):
        parse_calendar_toml('[2026]\nworking_days = ["2025-01-04"]')
    with pytest.raises(CalendarFileError):
        parse_calendar_toml("[2026\n")
