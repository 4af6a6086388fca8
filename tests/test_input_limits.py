"""Issue 13 item 5: dates in a sane window, bounded ASCII numbers, a bad row never stops the sweep,
and extension approval only for the newest pending request of an open directive."""

import logging
from datetime import date

import pytest
from sqlmodel import select

from bot import texts
from bot.domain.dates import DateFormatError, date_window, parse_vn_date
from bot.domain.numbers import parse_number, parse_user_id
from db.models import Assignment, AuditLog, ExtensionRequest, ExtensionState
from tests.helpers import ADMIN, assignment_of, register
from tests.kit import OFFICE_CHAT_ID, person
from tests.test_reminders import at, nudges_to, run_sweep


def test_date_window_is_2000_to_ten_years_ahead():
    assert date_window(date(2026, 11, 29)) == (date(2000, 1, 1), date(2036, 11, 29))
    assert date_window(date(2024, 2, 29)) == (date(2000, 1, 1), date(2034, 2, 28))
    assert parse_vn_date("29/11/2036", today=date(2026, 11, 29)) == date(2036, 11, 29)
    for bad in ("31/12/9999", "30/11/2036", "31/12/1999"):
        with pytest.raises(DateFormatError, match="từ 01/01/2000 đến 29/11/2036"):
            parse_vn_date(bad, today=date(2026, 11, 29))
    assert parse_vn_date("31/12/9999") == date(9999, 12, 31)  # without `today` only the format is checked


@pytest.mark.parametrize("text", ["²", "٣", "-1", "1e3", "", " 3", "3 ", "1234567890", "99999999999999999999"])
def test_numbers_are_ascii_digits_of_bounded_length(text):
    assert parse_number(text) is None


def test_numbers_and_user_ids_accepted():
    assert parse_number("007") == 7 and parse_number("999999999") == 999_999_999
    assert parse_user_id("7123456789") == 7_123_456_789  # ten-digit Telegram ids exist
    assert parse_user_id("99999999999999999999") is None and parse_user_id("-5") is None


async def test_a_9999_deadline_is_refused_and_a_stored_one_does_not_stop_the_sweep(kit, caplog):
    await register(kit, "SNV", person(501))
    await register(kit, "HTD", person(601, "Hoàng Văn E"))
    refused = await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 31/12/9999"))
    assert "từ 01/01/2000 đến 02/11/2030" in refused[0].text  # the clock says 02/11/2020
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020"))
    # A row stored before input was bounded: SNV's task 5 due 31/12/9999.
    with kit.session() as session:
        bad = session.get(Assignment, assignment_of(kit, "SNV", 5).id)
        bad.deadline = date(9999, 12, 31)
        session.add(bad)
        session.commit()
        bad_id = bad.id
    with caplog.at_level(logging.WARNING):
        calls = await run_sweep(kit, at(4))
    assert nudges_to(calls, 601) and nudges_to(calls, 501)  # HTD and SNV's other tasks still reminded
    assert "Nhiệm vụ 3 (2410/UBND-KSTT): hạn 15/12/2020" in nudges_to(calls, 501)[0].text
    assert "Nhiệm vụ 5 (2410/UBND-KSTT)" not in nudges_to(calls, 501)[0].text  # the bad row is left out
    assert any(f"assignment {bad_id}" in r.getMessage() and "left out" in r.getMessage() for r in caplog.records)
    assert any(f"assignment {bad_id}" in r.getMessage() and "skipped" in r.getMessage() for r in caplog.records)
    schedule = await kit.send(kit.text(ADMIN, "/schedule 2410/UBND-KSTT"))
    assert schedule[0].chat_id == ADMIN["id"] and "UBND huyện Tam Đường" in schedule[0].text  # /schedule skips the row too


async def _ask_extension(kit, user, text):
    calls = await kit.send(kit.text(user, text))
    return next(c for c in calls if c.chat_id == OFFICE_CHAT_ID and "callback_data" in str(c.buttons))


async def test_only_the_newest_pending_extension_of_an_open_directive_can_be_approved(kit):
    snv = person(501)
    await register(kit, "SNV", snv)
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020"))
    older = await _ask_extension(kit, snv, "/giahan 3 31/01/2021 lần đầu")
    newer = await _ask_extension(kit, snv, "/giahan 3 31/12/2020 xin ít hơn")
    refused = await kit.send(kit.callback(ADMIN, older.buttons[0]["callback_data"], message=older))
    assert refused[0].params["text"] == texts.EXTEND_SUPERSEDED
    assert assignment_of(kit, "SNV", 3).deadline == date(2020, 12, 15)  # not moved by the older request
    await kit.send(kit.callback(ADMIN, newer.buttons[0]["callback_data"], message=newer))
    assert assignment_of(kit, "SNV", 3).deadline == date(2020, 12, 31)
    with kit.session() as session:
        states = [r.state for r in session.exec(select(ExtensionRequest).order_by(ExtensionRequest.id))]
        assert states == [ExtensionState.superseded, ExtensionState.approved]
        assert "supersedes #" in session.exec(select(AuditLog.details).where(
            AuditLog.action == "extension.request").order_by(AuditLog.id.desc())).first()
    # A request whose directive was closed meanwhile cannot move the deadline any more.
    late = await _ask_extension(kit, snv, "/giahan 3 15/01/2021")
    await kit.send(kit.text(ADMIN, "/close 2410/UBND-KSTT"))
    closed = await kit.send(kit.callback(ADMIN, late.buttons[0]["callback_data"], message=late))
    assert closed[0].params["text"] == texts.EXTEND_DIRECTIVE_CLOSED
    assert assignment_of(kit, "SNV", 3).deadline == date(2020, 12, 31)
    rejected = await kit.send(kit.callback(ADMIN, late.buttons[1]["callback_data"], message=late))
    assert rejected[0].params["text"] == texts.EXTEND_BUTTONS[1]  # rejecting it still works


async def test_extension_date_outside_the_window_is_refused(kit):
    snv = person(501)
    await register(kit, "SNV", snv)
    calls = await kit.send(kit.text(snv, "/giahan 3 31/12/9999"))
    assert len(calls) == 1 and "từ 01/01/2000 đến 02/11/2030" in calls[0].text
    with kit.session() as session:
        assert session.exec(select(ExtensionRequest)).all() == []


@pytest.mark.parametrize("command, usage", [
    ("/task ²", "TASK_USAGE"), ("/task 99999999999999999999", "TASK_USAGE"),
    ("/staff add ² admin", "STAFF_USAGE"), ("/staff remove 99999999999999999999", "STAFF_USAGE"),
    ("/revoke SNV ²", "REVOKE_USAGE"), ("/revoke SNV 99999999999999999999", "REVOKE_USAGE"),
    ("/deadline 2410/UBND-KSTT ² 15/12/2020", "DEADLINE_USAGE"),
    ("/deadline 2410/UBND-KSTT 99999999999999999999 15/12/2020", "DEADLINE_USAGE"),
])
async def test_odd_numbers_get_the_usage_not_an_apology(kit, caplog, command, usage):
    calls = await kit.send(kit.text(ADMIN, command))
    assert [c.text for c in calls] == [getattr(texts, usage)]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_odd_numbers_from_a_focal_point_and_audit(kit, caplog):
    snv = person(501)
    await register(kit, "SNV", snv)
    for text in ("/giahan ² 31/12/2020", "/giahan 99999999999999999999 31/12/2020"):
        assert [c.text for c in await kit.send(kit.text(snv, text))] == [texts.EXTEND_USAGE]
    audit = await kit.send(kit.text(ADMIN, "/audit 99999999999999999999"))
    assert audit[0].text.startswith(texts.AUDIT_HEADER.format(count=2))  # the default 20, not an overflow
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
