from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.callback_data import (
    CallbackDataError,
    ChooseTask,
    ExtensionDecision,
    SetStatus,
    SummaryPage,
    parse_callback_data,
)
from bot.domain.enums import Status
from bot.settings import SettingsError, settings_from_env


def test_defaults():
    s = settings_from_env({})
    assert s.database_url == "sqlite:///data/cchc.db"
    assert s.api_url == "https://api.telegram.org/bot"
    assert str(s.timezone) == "Asia/Ho_Chi_Minh"
    assert s.office_hours == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))


def test_values_are_parsed():
    s = settings_from_env({"OFFICE_ADMIN_IDS": "1, 2,3", "OFFICE_CHAT_ID": "-100123", "LOG_LEVEL": "debug",
                           "OFFICE_HOURS": "08:00-12:00"})
    assert s.admin_ids == (1, 2, 3) and s.office_chat_id == -100123 and s.log_level == "DEBUG"
    assert s.office_hours == ((time(8), time(12)),)


@pytest.mark.parametrize(
    "env, name",
    [
        ({"OFFICE_ADMIN_IDS": "12,abc"}, "OFFICE_ADMIN_IDS"),
        ({"OFFICE_CHAT_ID": "group"}, "OFFICE_CHAT_ID"),
        ({"TIMEZONE": "Mars/Base"}, "TIMEZONE"),
        ({"OFFICE_HOURS": "7h30-11h"}, "OFFICE_HOURS"),
        ({"OFFICE_HOURS": "13:00-12:00"}, "OFFICE_HOURS"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"DATABASE_URL": "cchc.db"}, "DATABASE_URL"),
        ({"TELEGRAM_API_URL": "localhost:8081"}, "TELEGRAM_API_URL"),
    ],
)
def test_malformed_values_name_the_variable(env, name):
    with pytest.raises(SettingsError) as info:
        settings_from_env(env)
    assert str(info.value).startswith(name)


def test_missing_token_is_named():
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        settings_from_env({}).require_token()


@pytest.mark.parametrize(
    "data",
    [SetStatus(12, Status.done), ChooseTask(7, Status.blocked), SummaryPage(1, 3), ExtensionDecision(5, False)],
)
def test_callback_round_trip_under_64_bytes(data):
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert parse_callback_data(packed) == data


@pytest.mark.parametrize("data", ["", "s:1", "s:0:d", "s:1:z", "s:01:d", "s:1:d:extra", "q:1:d", "s:-1:d",
                                  "s:1234567890123:d", None, "x" * 65])
def test_forged_callback_data_is_refused(data):
    with pytest.raises(CallbackDataError):
        parse_callback_data(data)


@given(st.one_of(st.text(max_size=80), st.binary(max_size=20), st.integers(), st.none()))
def test_callback_parser_raises_only_its_own_error(data):
    try:
        parse_callback_data(data)
    except CallbackDataError:
        pass
