"""Issue 13 item 4: a direct answer Telegram refuses (RetryAfter however often, a network error) goes to
the outbox and is delivered in order with that chat's other answers; no traceback for flood control."""

import logging

from sqlmodel import select

from bot import texts
from bot.testing.fake_bot_api import Failure
from db.models import OutboundMessage, OutboundState
from tests.helpers import ADMIN, register, reports_of, task_messages
from tests.kit import ADMIN_ID, person

SNV = person(501)


def delivered(calls, chat_id):
    return [c for c in calls if c.chat_id == chat_id and c.error is None and c.method.startswith("send")]


async def drain_for(kit, seconds: int, step: float = 1.1):
    """Let the service clock run `seconds` (no wall-clock sleep), draining after every step."""
    calls = []
    for _ in range(int(seconds / step) + 1):
        kit.clock.advance(seconds=step)
        calls += await kit.drain()
    return calls


async def test_a_20_deep_retry_after_storm_still_delivers_the_summary(kit, caplog):
    kit.api.fail_next(Failure.retry_after(1), method="sendMessage", chat_id=ADMIN_ID, times=20)
    with caplog.at_level(logging.INFO):
        first = await kit.send(kit.text(ADMIN, "/tonghop"))
        later = await drain_for(kit, 40)
    refused = [c for c in first + later if c.chat_id == ADMIN_ID and c.error]
    assert len(refused) == 20
    answers = delivered(first + later, ADMIN_ID)
    assert len(answers) == 1 and "đơn vị × 7 nhiệm vụ" in answers[0].text  # the summary itself, once
    assert texts.ERROR_APOLOGY not in [c.text for c in first + later]
    assert not [r for r in caplog.records if r.exc_info]  # flood control is expected: no traceback
    with kit.session() as session:
        row = session.exec(select(OutboundMessage).where(OutboundMessage.kind == "answer")).one()
    assert row.state == OutboundState.sent and row.attempts == 20


async def test_later_answers_queue_behind_a_refused_one_and_keep_their_order(kit):
    kit.api.fail_next(Failure.retry_after(5), method="sendMessage", chat_id=ADMIN_ID)
    await kit.send(kit.text(ADMIN, "/tonghop"))
    await kit.send(kit.text(ADMIN, "/quahan"))  # Telegram would take it, but the summary is still waiting
    await kit.send(kit.text(ADMIN, "/units"))
    calls = await drain_for(kit, 10)
    texts_in_order = [c.text for c in delivered(calls, ADMIN_ID)]
    assert len(texts_in_order) == 3
    assert "đơn vị × 7 nhiệm vụ" in texts_in_order[0] and texts_in_order[2].startswith(
        texts.UNITS_HEADER.format(count=28))
    # Once nothing waits, answers go straight out again.
    direct = await kit.send(kit.text(ADMIN, "/units"))
    assert delivered(direct, ADMIN_ID)[0].text.startswith(texts.UNITS_HEADER.format(count=28))


async def test_a_network_error_on_a_confirmation_keeps_it_for_the_sender(kit):
    await register(kit, "SNV", SNV)
    kit.api.fail_next(Failure.server_error(), method="sendMessage", chat_id=501,
                      when=lambda c: c.text.startswith("Hệ thống đã ghi nhận"))
    calls = await kit.send(kit.text(SNV, "3 xong"))
    confirmations = [c for c in calls if c.text.startswith("Hệ thống đã ghi nhận")]
    assert [c.error is None for c in confirmations] == [False, True]  # refused, then sent from the outbox
    assert [r.status for r in reports_of(kit, "SNV", 3)] == ["done"]


async def test_a_refused_button_answer_does_not_lose_the_press_and_a_refused_edit_is_sent_later(kit):
    calls = await register(kit, "SNV", SNV)
    card = task_messages(calls, 501)[1]
    kit.api.fail_next(Failure.retry_after(4), method="answerCallbackQuery", chat_id=None)
    kit.api.fail_next(Failure.retry_after(4), method="editMessageText")
    done_button = card.buttons[0]["callback_data"]
    pressed = await kit.send(kit.callback(SNV, done_button, message=card))
    assert [c.method for c in pressed if c.error] == ["answerCallbackQuery", "editMessageText"]
    assert [r.status for r in reports_of(kit, "SNV", 2)] == ["done"]  # the press is stored all the same
    later = await drain_for(kit, 6)
    edits = [c for c in later if c.method == "editMessageText" and c.error is None]
    assert len(edits) == 1 and int(edits[0].params["message_id"]) == card.result["message_id"]


async def test_a_refused_document_is_sent_from_the_outbox_with_its_content(kit):
    kit.api.fail_next(Failure.retry_after(2), method="sendDocument")
    first = await kit.send(kit.text(ADMIN, "/export"))
    assert [c.method for c in first if c.error] == ["sendDocument"]
    later = [c for c in await drain_for(kit, 4) if c.method == "sendDocument"]
    assert len(later) == 1 and later[0].error is None
    name, content = next(iter(later[0].files.values()))
    assert name.startswith("tong-hop-2410-UBND-KSTT") and content[:2] == b"PK"  # the workbook itself
