"""Issue 13 item 6: office commands answer only in a private chat with an office member, or in
OFFICE_CHAT_ID for the read-only summaries (never invites, never user ids there)."""

import pytest

from bot import texts
from tests.helpers import ADMIN, register
from tests.kit import OFFICE_CHAT_ID, person

OTHER_GROUP = -100999888
SUMMARIES = ("/tonghop", "/quahan", "/task 3", "/chart", "/schedule 2410/UBND-KSTT", "/units", "/digest")
PRIVATE_ONLY = ("/invite SNV", "/unit SNV", "/staff", "/audit", "/export", "/revoke SNV 501", "/push 2410 all",
                "/deadline 2410 3 15/12/2020", "/remind", "/policy 2410", "/close 2410", "/staff add 5 viewer")


@pytest.fixture
async def office(kit):
    await register(kit, "SNV", person(501))
    return kit


@pytest.mark.parametrize("command", SUMMARIES + PRIVATE_ONLY)
async def test_any_other_group_gets_a_short_refusal_and_nothing_else(office, command):
    calls = await office.send(office.text(ADMIN, command, chat_id=OTHER_GROUP))
    assert [(c.method, c.chat_id) for c in calls] == [("sendMessage", OTHER_GROUP)]
    assert calls[0].text in (texts.OFFICE_COMMAND_PRIVATE_ONLY, texts.OFFICE_COMMAND_PRIVATE_OR_OFFICE_CHAT)


@pytest.mark.parametrize("command", PRIVATE_ONLY)
async def test_office_chat_gets_no_invites_user_ids_or_files(office, command):
    calls = await office.send(office.text(ADMIN, command, chat_id=OFFICE_CHAT_ID))
    assert [c.text for c in calls] == [texts.OFFICE_COMMAND_PRIVATE_ONLY]
    assert "start=" not in calls[0].text and "501" not in calls[0].text


@pytest.mark.parametrize("command", SUMMARIES)
async def test_office_chat_gets_the_read_only_summaries(office, command):
    calls = await office.send(office.text(ADMIN, command, chat_id=OFFICE_CHAT_ID))
    answers = [c for c in calls if c.chat_id == OFFICE_CHAT_ID and c.method in ("sendMessage", "sendPhoto")]
    assert answers and all(c.text not in (texts.OFFICE_COMMAND_PRIVATE_ONLY, texts.NOT_OFFICE) for c in answers)
    assert not any("501" in (c.text or "") for c in answers)  # no user ids in the group


async def test_a_stranger_in_the_office_chat_is_refused_as_before(office):
    calls = await office.send(office.text(person(999), "/tonghop", chat_id=OFFICE_CHAT_ID))
    assert [c.text for c in calls] == [texts.NOT_OFFICE]


async def test_private_chat_still_answers_every_office_command(office):
    calls = await office.send(office.text(ADMIN, "/invite SNV"))
    assert "start=" in calls[0].text and calls[0].chat_id == ADMIN["id"]
    calls = await office.send(office.text(ADMIN, "/unit SNV"))
    assert "501" in calls[0].text


async def test_an_upload_in_a_group_is_refused_before_download(office):
    calls = await office.send(office.document(ADMIN, file_name="units.csv", caption="/units", chat_id=OTHER_GROUP))
    assert [(c.method, c.text) for c in calls] == [("sendMessage", texts.OFFICE_COMMAND_PRIVATE_ONLY)]
