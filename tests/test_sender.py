"""The outbox sender against Telegram's failure modes (in-process fake Bot API)."""

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.delivery.ratelimit import SendLimiter
from bot.domain.enums import FocalState
from bot.testing.fake_bot_api import Failure
from db.models import FocalPoint, OutboundMessage, OutboundState
from tests.helpers import ADMIN, register, reports_of, task_messages
from tests.kit import OFFICE_CHAT_ID, person

SNV, HTD = person(501), person(601, "Hoàng Văn E")


def rows(kit, state=None):
    with kit.session() as session:
        query = select(OutboundMessage)
        if state:
            query = query.where(OutboundMessage.state == state)
        return list(session.exec(query))


async def test_retry_after_waits_then_delivers(kit):
    kit.api.fail_next(Failure.retry_after(7), method="sendMessage", chat_id=501, when=lambda c: bool(c.buttons))
    calls = await register(kit, "SNV", SNV)
    assert len(task_messages(calls, 501)) == 0  # the first task hit the 429; the drain stopped for that chat
    pending = rows(kit, OutboundState.pending)
    assert pending and all(r.not_before is not None for r in pending if r.attempts)
    assert any(r.error == "RetryAfter 7.0" for r in pending)
    kit.clock.advance(seconds=6)
    assert [c for c in await kit.drain() if c.chat_id == 501 and c.buttons] == []  # not yet
    kit.clock.advance(seconds=2)
    later = await kit.drain()
    assert len(task_messages(later, 501)) == 7
    assert [c.text.split("\n")[2] for c in task_messages(later, 501)] == [f"<b>Nhiệm vụ {n}/7</b>" for n in range(1, 8)]


async def test_blocked_focal_point_is_unreachable_with_one_office_alert(kit):
    await register(kit, "SNV", SNV)
    await register(kit, "HTD", HTD)
    kit.api.blocked_chats.add(501)
    calls = await kit.send(kit.text(ADMIN, "/nhiemvu"))  # an office member, not a focal point: no effect
    assert calls
    await kit.send(kit.text(ADMIN, "/deadline 2410 3 15/12/2020"))
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.test_reminders import run_sweep

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    sweep_calls = await run_sweep(kit, datetime(2020, 12, 7, 9, 0, tzinfo=tz))
    await run_sweep(kit, datetime(2020, 12, 10, 9, 0, tzinfo=tz))
    alerts = [c for c in kit.api.calls if c.chat_id == OFFICE_CHAT_ID and "không gửi được" in c.text]
    # Telegram's "Forbidden: bot was blocked by the user" as a plain reason, the unit by its name.
    assert len(alerts) == 1 and alerts[0].text == (
        "Hệ thống không gửi được tin nhắn cho đầu mối Sở Nội vụ (đồng chí Nguyễn Văn A): người nhận đã chặn "
        "hoặc xóa cuộc trò chuyện với hệ thống. Đề nghị liên hệ đơn vị qua điện thoại.")
    assert [c for c in sweep_calls if c.chat_id == 601 and c.method == "sendMessage"]  # others unaffected
    with kit.session() as session:
        state = session.exec(select(FocalPoint.state).where(FocalPoint.tg_user_id == 501)).one()
    assert state == FocalState.unreachable
    after_block = [r for r in rows(kit) if r.chat_id == 501 and r.kind == "nudge"]
    assert after_block and all(r.state == OutboundState.failed for r in after_block)
    assert len(kit.api.sent(chat_id=501)) - 8 <= 1  # one refused request, no hammering
    overdue = (await kit.send(kit.text(ADMIN, "/quahan")))[0].text
    assert "Sở Nội vụ" in overdue.split("Chưa liên lạc được qua hệ thống")[1]
    # Writing to the bot again makes the person reachable.
    kit.api.blocked_chats.clear()
    await kit.send(kit.text(SNV, "/nhiemvu"))
    with kit.session() as session:
        assert session.exec(select(FocalPoint.state).where(FocalPoint.tg_user_id == 501)).one() == FocalState.active


async def test_server_errors_back_off_and_are_recorded(kit):
    kit.api.fail_next(Failure.server_error(), method="sendMessage", chat_id=501, times=3,
                      when=lambda c: bool(c.buttons))
    await register(kit, "SNV", SNV)
    delays = []
    for _ in range(3):
        waiting = [r for r in rows(kit, OutboundState.pending) if r.attempts]
        assert len(waiting) == 1
        delays.append(waiting[0].not_before - kit.clock())
        kit.clock.advance(seconds=delays[-1].total_seconds() + 1)
        await kit.drain()
    assert delays == [timedelta(seconds=2), timedelta(seconds=3), timedelta(seconds=7)] or \
        [d.total_seconds() for d in delays][0] < [d.total_seconds() for d in delays][-1]
    sent = rows(kit, OutboundState.sent)
    assert len([r for r in sent if r.chat_id == 501]) == 7
    assert max(r.attempts for r in sent) == 4


async def test_flood_control_warns_once_then_ignores(kit):
    await register(kit, "SNV", SNV)
    answers = []
    for i in range(25):
        answers.append(await kit.send(kit.text(SNV, f"tin {i}")))
    warned = [a for a in answers if a and "quá nhiều tin nhắn" in a[0].text]
    # /start counted too: the 21st message in a minute gets the warning, later ones nothing.
    assert len(warned) == 1 and answers.index(warned[0]) == 19
    assert all(a == [] for a in answers[20:])
    kit.clock.advance(minutes=6)
    assert (await kit.send(kit.text(SNV, "3 xong")))[0].text.startswith("Hệ thống đã ghi nhận")


async def test_limiter_paces_overall_and_per_chat():
    fake_now = [0.0]
    limiter = SendLimiter(10, 1, clock=lambda: fake_now[0])
    slept = []

    async def fake_sleep(seconds):
        slept.append(round(seconds, 3))
        fake_now[0] += seconds

    original = asyncio.sleep
    asyncio.sleep = fake_sleep
    try:
        for chat in (1, 2, 3):
            await limiter.acquire(chat)
        assert limiter.chat_wait(1) == pytest.approx(0.8)
        await limiter.acquire(1)
        limiter.pause(5)
        assert limiter.paused_for == pytest.approx(5)
    finally:
        asyncio.sleep = original
    assert slept[:2] == [0.1, 0.1] and slept[2] == pytest.approx(0.8)


async def test_a_reply_that_gets_retry_after_goes_to_the_outbox_and_pauses_the_sender(kit):
    from jobs.sender import limiter_of

    await register(kit, "SNV", SNV)
    kit.api.fail_next(Failure.retry_after(3), method="sendMessage", chat_id=501,
                      when=lambda c: c.text.startswith("Hệ thống đã ghi nhận"))
    calls = await kit.send(kit.text(SNV, "3 xong"))
    confirmations = [c for c in calls if c.text.startswith("Hệ thống đã ghi nhận")]
    assert [c.error is not None for c in confirmations] == [True]  # refused; not tried again before the wait
    assert 2.9 < limiter_of(kit.app.bot_data["services"]).paused_for <= 3.0
    assert [r.status for r in reports_of(kit, "SNV", 3)] == ["done"]
    kit.clock.advance(seconds=3.1)
    later = [c for c in await kit.drain() if c.text.startswith("Hệ thống đã ghi nhận")]
    assert [c.error for c in later] == [None]  # delivered by the sender once the wait was over


async def test_a_long_retry_after_on_a_reply_keeps_the_report_and_sends_no_apology(kit):
    from bot import texts

    await register(kit, "SNV", SNV)
    kit.api.fail_next(Failure.retry_after(60), method="sendMessage", chat_id=501,
                      when=lambda c: c.text.startswith("Hệ thống đã ghi nhận"))
    calls = await kit.send(kit.text(SNV, "3 xong"))
    assert [c.text for c in calls if c.chat_id == 501 and c.error is None] == []
    assert texts.ERROR_APOLOGY not in [c.text for c in calls]
    assert [r.status for r in reports_of(kit, "SNV", 3)] == ["done"]  # stored before the confirmation
    kit.clock.advance(seconds=61)
    assert [c.text.startswith("Hệ thống đã ghi nhận") for c in await kit.drain()] == [True]  # and confirmed after the wait
