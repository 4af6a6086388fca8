"""Issue 13 item 3: the sender takes the oldest pending row of each chat per pass (a backlog in one chat
never delays another), and /nhiemvu neither queues cards still waiting nor answers twice within a minute."""

from datetime import timedelta

from sqlmodel import select

from db.models import OutboundMessage, OutboundState
from db.outbox import due_messages, enqueue_many
from tests.helpers import ADMIN, invite_code, register, task_messages
from tests.kit import BotKit, person

SNV, HTD = person(501), person(601, "Hoàng Văn E")


def backlog(kit, chat_id: int, count: int) -> None:
    rows = [{"kind": "digest", "chat_id": chat_id, "dedupe_key": f"backlog:{i}", "payload": {"text": f"tin {i}"}}
            for i in range(count)]
    with kit.session() as session:
        enqueue_many(session, rows=rows, now=kit.clock())
        session.commit()


async def test_due_messages_is_the_oldest_row_of_each_chat(kit):
    backlog(kit, 501, 1000)
    with kit.session() as session:
        enqueue_many(session, rows=[{"kind": "task", "chat_id": 601, "dedupe_key": f"new:{i}",
                                     "payload": {"text": str(i)}} for i in range(3)], now=kit.clock())
        session.commit()
        due = due_messages(session, now=kit.clock(), limit=1000)
        first_ids = {chat: min(r.id for r in session.exec(select(OutboundMessage).where(
            OutboundMessage.chat_id == chat))) for chat in (501, 601)}
    assert [(r.chat_id, r.id) for r in due] == [(501, first_ids[501]), (601, first_ids[601])]


async def test_a_1000_row_backlog_in_one_chat_does_not_delay_a_new_focal_points_cards(kit):
    await register(kit, "SNV", SNV)
    code = await invite_code(kit, "HTD")
    backlog(kit, 501, 1000)
    calls = await kit.send(kit.text(HTD, f"/start {code}"))
    sends = [c for c in calls if c.method == "sendMessage"]
    htd_cards = [i for i, c in enumerate(sends) if c.chat_id == 601 and c.buttons]
    assert len(htd_cards) == 7
    # One row per chat per pass: HTD's cards alternate with the backlog instead of waiting behind it.
    assert htd_cards[-1] < 20, htd_cards
    assert sum(1 for c in sends if c.chat_id == 501) == 1000  # and the backlog is delivered all the same


async def test_tasks_command_queues_no_card_that_is_still_waiting(kit):
    await register(kit, "SNV", SNV)
    await kit.app.process_update(kit.text(SNV, "/nhiemvu"))  # cards queued, not yet sent
    kit.clock.advance(seconds=61)
    await kit.app.process_update(kit.text(SNV, "/nhiemvu"))
    with kit.session() as session:
        pending = session.exec(select(OutboundMessage).where(OutboundMessage.state == OutboundState.pending,
                                                             OutboundMessage.chat_id == 501)).all()
    assert len(pending) == 7  # the second request found all seven waiting and added none
    assert len(task_messages(await kit.drain(), 501)) == 7


async def test_tasks_command_answers_the_same_content_once_a_minute_even_after_a_restart(kit):
    await register(kit, "SNV", SNV)
    first = await kit.send(kit.text(SNV, "/nhiemvu"))
    assert len(task_messages(first, 501)) == 7
    assert await kit.send(kit.text(SNV, "/nhiemvu")) == []  # same content within the minute: nothing
    restarted = await BotKit(engine=kit.engine, seed=False).start()  # a new process, same database
    try:
        restarted.clock.current = kit.clock() + timedelta(seconds=30)
        restarted._update_ids = kit._update_ids  # Telegram's update ids go on after a restart
        assert await restarted.send(restarted.text(SNV, "/nhiemvu")) == []
        await restarted.send(restarted.text(SNV, "3 xong"))  # the content changes: answered at once
        changed = await restarted.send(restarted.text(SNV, "/nhiemvu"))
        assert len(task_messages(changed, 501)) == 7 and "✅" in task_messages(changed, 501)[2].text
        restarted.clock.advance(seconds=61)
        again = await restarted.send(restarted.text(SNV, "/nhiemvu"))
        assert len(task_messages(again, 501)) == 7  # a minute later, the same content again
    finally:
        await restarted.stop()


async def test_an_office_member_asking_for_tasks_is_told_politely(kit):
    calls = await kit.send(kit.text(ADMIN, "/nhiemvu"))
    assert len(calls) == 1 and calls[0].chat_id == ADMIN["id"]
