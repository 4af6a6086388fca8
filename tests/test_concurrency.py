"""Issue 13 item 1: updates run concurrently, each person's in arrival order; heavy office work runs in
worker threads, so a focal point's confirmation does not wait for an office /export."""

import asyncio
import threading

from telegram.ext import ApplicationBuilder, MessageHandler, filters

import handlers.review as review
from bot.delivery.update_order import PerPersonOrder
from bot.services import ManualClock
from bot.testing.fake_bot_api import FakeBotAPI
from bot.testing.fake_updates import UpdateFactory
from tests.helpers import ADMIN, register
from tests.kit import START, person

SNV = person(501)


async def until(predicate, timeout: float = 30.0) -> bool:
    """Wait (event-loop time, no fixed sleep in the assertion) until `predicate()` holds or `timeout` passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.005)
    return True


async def test_one_persons_updates_stay_in_order_while_others_pass_a_slow_one():
    api = FakeBotAPI()
    app = (ApplicationBuilder().token("1:order").request(api).get_updates_request(api)
           .concurrent_updates(PerPersonOrder()).build())
    release = asyncio.Event()
    handled: list[str] = []

    async def handler(update, context):
        if update.effective_message.text == "slow":
            await release.wait()
        handled.append(f"{update.effective_user.id}:{update.effective_message.text}")

    app.add_handler(MessageHandler(filters.TEXT, handler))
    factory = UpdateFactory(app.bot, ManualClock(START))
    a, b = person(1), person(2)
    async with app:
        await app.start()
        for user, text in ((a, "slow"), (a, "after"), (b, "other"), (b, "other2")):
            await app.update_queue.put(factory.text(user, text))
        assert await until(lambda: handled == ["2:other", "2:other2"])  # b is not held up by a's slow update
        await asyncio.sleep(0)  # a's second update had its chance to run: it must still wait
        assert "1:after" not in handled
        release.set()
        assert await until(lambda: len(handled) == 4)
        await app.stop()
    assert handled == ["2:other", "2:other2", "1:slow", "1:after"]
    assert app.update_processor.people_in_flight == 0  # nothing kept for people with nothing in flight


async def test_a_focal_points_reply_is_confirmed_while_an_export_is_still_running(kit, monkeypatch):
    await register(kit, "SNV", SNV)
    started, release = threading.Event(), threading.Event()
    real_export = review.export_directive

    def held_export(session, **kwargs):  # the real export, held in its worker thread until released
        started.set()
        release.wait(60)
        return real_export(session, **kwargs)

    monkeypatch.setattr(review, "export_directive", held_export)
    kit.api.clear()
    await kit.app.start()
    try:
        await kit.app.update_queue.put(kit.text(ADMIN, "/export"))
        await kit.app.update_queue.put(kit.text(ADMIN, "/tonghop"))  # the same person: after the export
        assert await asyncio.to_thread(started.wait, 60)
        await kit.app.update_queue.put(kit.text(SNV, "3 xong"))
        assert await until(lambda: any(c.text.startswith("Hệ thống đã ghi nhận") for c in kit.api.calls))
        assert not kit.api.sent("sendDocument") and not kit.api.sent(chat_id=ADMIN["id"])  # still exporting
        release.set()
        assert await until(lambda: len(kit.api.sent(chat_id=ADMIN["id"])) == 1)
        to_admin = [c.method for c in kit.api.calls if c.chat_id == ADMIN["id"]]
        assert to_admin == ["sendDocument", "sendMessage"]  # the office's own commands kept their order
    finally:
        release.set()
        await kit.app.stop()
