"""Issue 20 point 5: per-user maps in process memory are bounded and expire. 50,000 distinct senders pass
the real handler chain (the update counter and the flood guard); the flood counters never hold more than
MAX_TRACKED people, and once the senders have been quiet for the guard's longest span, almost nobody."""

import time

from telegram import Update

from handlers.flood import FLOOD_KEY, MAX_TRACKED, QUIET, FloodCounters
from tests.kit import START, BotKit


def left_the_chat(kit, user_id: int) -> Update:
    """A person blocking the bot (`my_chat_member`): every handler group sees it, none answers it, so the
    test measures the per-user state and not 50,000 replies."""
    person = {"id": user_id, "is_bot": False, "first_name": f"Người {user_id}"}
    bot = {"id": 1, "is_bot": True, "first_name": "cchc"}
    data = {"update_id": user_id, "my_chat_member": {
        "chat": {"id": user_id, "type": "private", "first_name": person["first_name"]}, "from": person,
        "date": int(START.timestamp()),
        "old_chat_member": {"status": "member", "user": bot}, "new_chat_member": {"status": "kicked", "user": bot,
                                                                                 "until_date": 0}}}
    return Update.de_json(data, kit.app.bot)


async def test_50000_senders_leave_the_flood_counters_small(capsys):
    kit = await BotKit().start()  # SQLite only: nothing here touches the database
    largest = 0
    started = time.perf_counter()
    for i in range(50_000):
        await kit.app.process_update(left_the_chat(kit, 1_000_000 + i))
        if i % 1000 == 0:
            kit.clock.advance(seconds=1)  # 50,000 senders over 50 seconds
            largest = max(largest, len(kit.app.bot_data[FLOOD_KEY]))
    counters = kit.app.bot_data[FLOOD_KEY]
    at_end = len(counters)
    kit.clock.advance(seconds=QUIET.total_seconds())
    await kit.app.process_update(left_the_chat(kit, 42))
    with capsys.disabled():
        print(f"\n[memory] 50,000 senders in {time.perf_counter() - started:.1f} s: at most {largest} tracked, "
              f"{at_end} at the end, {len(counters)} after {QUIET} of quiet")
    await kit.stop()
    assert largest <= MAX_TRACKED and at_end == MAX_TRACKED
    assert len(counters) == 1  # only the one who just wrote


def test_counters_forget_the_idle_and_keep_a_flooder_silenced():
    counters = FloodCounters(size=3)
    for second in range(25):
        verdict = counters.check(7, START.replace(second=second), limit=20)
        assert verdict == ("ok" if second < 20 else "over" if second == 20 else "quiet")
    for user in (1, 2, 3):
        assert counters.check(user, START.replace(second=30), limit=20) == "ok"
    assert len(counters) == 3  # bounded: the least recently active (the flooder, silenced at :20) went first
    later = START + QUIET
    assert counters.check(4, later.replace(second=29), limit=20) == "ok"
    assert len(counters) == 3  # 1, 2, 3 touched 4:59 ago, still kept; the size bound drops 1 for 4
    assert counters.check(5, later.replace(second=31), limit=20) == "ok"
    assert len(counters) == 2  # 1, 2, 3 idle for QUIET: forgotten


async def test_chats_with_refused_answers_are_forgotten_once_delivered():
    from bot.testing.fake_bot_api import Failure
    from tests.helpers import register
    from tests.kit import person

    kit = await BotKit().start()
    svc = kit.app.bot_data["services"]
    for user in (501, 502):
        await register(kit, "SNV" if user == 501 else "STC", person(user))
    for user in (501, 502):
        kit.api.fail_next(Failure.retry_after(2), method="sendMessage")
        await kit.app.process_update(kit.text(person(user), "3 xong"))
    assert svc.answer_chats == {501, 502}
    kit.clock.advance(seconds=3)
    await kit.drain()
    assert [c.chat_id for c in kit.api.sent() if c.text.startswith("Hệ thống đã ghi nhận")][-2:] == [501, 502]
    assert svc.answer_chats == set()  # delivered: nobody is remembered without an answer waiting
    await kit.stop()
