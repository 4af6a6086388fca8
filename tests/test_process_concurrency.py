"""Issue 13, a real process: a focal point's confirmation arrives well under a second while the office's
/export of 1,000 units is still being written (concurrent updates, the export in a worker thread)."""

import time

import pytest

from tests.fake_http_api import FakeBotServer
from tests.process_kit import BotProcess, ask, seed_database

pytestmark = pytest.mark.process


@pytest.fixture
def server():
    server = FakeBotServer().start()
    yield server
    server.stop()


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
            return next((r for r in server.calls("sendMessage") if r.call.text.startswith("Đã ghi nhận")), None)

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
