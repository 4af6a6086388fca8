"""Issue 13, a real process: a focal point's confirmation arrives well under a second while the office's
/export of 1,000 units is still being written (concurrent updates, the export in a worker thread)."""

import time

import pytest

from tests.process_kit import BotProcess, ask, seed_database

pytestmark = pytest.mark.process


def test_a_confirmation_arrives_while_a_1000_unit_export_runs(server, tmp_path, capsys):
    chats = seed_database(tmp_path / "bot.db", units=1000)
    bot = BotProcess(server, tmp_path / "bot.db", tmp_path).start()
    try:
        polls = server.state.polls
        ask(server, "/export")
        assert server.wait_for(lambda: server.state.polls > polls, 20), bot.log()  # /export fetched (the next poll began)
        asked_at = time.monotonic()
        server.user_text(chats[500], "Đầu mối", "3 xong")

        def confirmation():
            return next((r for r in server.calls("sendMessage") if r.call.text.startswith("Hệ thống đã ghi nhận")), None)

        def document():
            return next((r for r in server.calls("sendDocument")), None)

        assert server.wait_for(lambda: confirmation() and document(), 120), bot.log()
        waited = confirmation().at - asked_at
        with capsys.disabled():
            print(f"\n[concurrency] confirmation after {waited * 1000:.0f} ms; the 1,000-unit export arrived "
                  f"{document().at - asked_at:.1f} s after the reply was sent")
        assert confirmation().at < document().at  # the reply did not wait for the export
        assert waited < 1.0  # well under a second even on a loaded machine (typically tens of ms)
    finally:
        bot.stop()


def test_a_1000_row_backlog_in_one_chat_does_not_delay_another_focal_points_cards(server, tmp_path, capsys):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sqlmodel import Session

    from bot.delivery.push import queue_directive_push
    from db.engine import make_engine
    from db.outbox import enqueue_many
    from db.units import list_units
    from tests.process_kit import task_deliveries

    backlog_chat, newcomer = seed_database(tmp_path / "bot.db", units=2)
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    with Session(engine) as session:
        enqueue_many(session, now=datetime.now(tz), rows=[
            {"kind": "digest", "chat_id": backlog_chat, "dedupe_key": f"backlog:{i}", "payload": {"text": f"tin {i}"}}
            for i in range(1000)])
        session.commit()  # the backlog is older than the newcomer's cards
        queue_directive_push(session, number="2410/UBND-KSTT", codes=[list_units(session)[1].code], actor="test",
                             tz=tz, now=datetime.now(tz))
        session.commit()
    engine.dispose()
    bot = BotProcess(server, tmp_path / "bot.db", tmp_path).start()  # production pacing: 1 msg/s per chat
    started = time.monotonic()
    try:
        def newcomer_cards() -> int:
            return sum(1 for chat, _ in task_deliveries(server) if chat == newcomer)

        assert server.wait_for(lambda: newcomer_cards() == 7, 60), bot.log()
        took = time.monotonic() - started
        backlog_sent = sum(1 for r in server.calls("sendMessage") if r.call.chat_id == backlog_chat)
        with capsys.disabled():
            print(f"\n[fairness] the newcomer's 7 cards in {took:.1f} s (1 msg/s per chat) while "
                  f"{backlog_sent} of the other chat's 1,000 went out")
        assert took < 20  # 7 cards at one a second, not after 1,000 s of someone else's backlog
        assert backlog_sent < 40  # the backlog goes on at its own chat's pace meanwhile
    finally:
        bot.stop()
