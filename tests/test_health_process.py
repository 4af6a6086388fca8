"""Issue 20, a real process: `cchc-bot run` with METRICS_LISTEN answers /healthz and /metrics over HTTP.

The database file is made unreadable as root would meet it: chmod does not stop root, so the file is moved
away and a directory put at its path (what a lost mount or a wrong restore leaves). The pool's open
connections would go on answering from the moved file; /healthz opens the path afresh and says 503.
"""

import socket
import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.process_kit import BotProcess, ask, seed_database, task_deliveries

pytestmark = pytest.mark.process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def samples(base: str) -> dict[tuple, float]:
    """(name, sorted labels) -> value, parsed as Prometheus would."""
    status, body = get(f"{base}/metrics")
    assert status == 200
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(body) for s in family.samples}


def outbox_depth(values: dict) -> float:
    """Task cards waiting (the push's kind: a weekly round-up the sweep may queue in office hours is not it)."""
    return values.get(("cchc_outbox_pending", (("kind", "task"),)), 0.0)


def test_healthz_and_the_outbox_depth_through_a_push(server, bots, tmp_path, capsys):
    chats = seed_database(tmp_path / "bot.db", units=30)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bot = BotProcess(server, tmp_path / "bot.db", tmp_path, METRICS_LISTEN=f"127.0.0.1:{port}",
                     RATE_LIMIT_PER_SECOND=30, RATE_LIMIT_PER_CHAT=10)
    bots.append(bot.start())
    assert server.wait_for(lambda: get(f"{base}/healthz") == (200, "ok\n"), 15), bot.log()

    # The database path stops being the database: 503 with the reason, then 200 again when it is back.
    db, moved = tmp_path / "bot.db", tmp_path / "bot.db.moved"
    db.rename(moved)
    db.mkdir()
    try:
        status, reason = get(f"{base}/healthz")
    finally:
        db.rmdir()
        moved.rename(db)
    assert status == 503, reason
    assert reason.startswith("database: ") and reason.count("\n") == 1, reason
    assert server.wait_for(lambda: get(f"{base}/healthz") == (200, "ok\n"), 15), bot.log()

    before = samples(base)
    assert outbox_depth(before) == 0
    sent_before = before[("cchc_messages_sent_total", (("via", "outbox"),))]
    ask(server, "/push 2410/UBND-KSTT all")  # 210 task cards at 30 a second: about 7 s of draining
    expected = {(chat, n) for chat in chats for n in range(1, 8)}
    depths = []
    oldest = 0.0
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        values = samples(base)
        depths.append(outbox_depth(values))
        oldest = max(oldest, values.get(("cchc_outbox_oldest_pending_age_seconds", (("kind", "task"),)), 0.0))
        if set(task_deliveries(server)) >= expected and depths[-1] == 0:
            break
        time.sleep(0.2)
    peak = max(depths)
    at_peak = depths.index(peak)
    with capsys.disabled():
        print(f"\n[metrics] outbox depth over {len(depths)} scrapes: peak {peak:.0f} at scrape {at_peak}, "
              f"then {[int(d) for d in depths[at_peak::max(1, len(depths) // 10)]]}; oldest row {oldest:.1f} s")
    assert set(task_deliveries(server)) >= expected, bot.log()
    assert peak >= 100  # the push queued its cards before the sender had sent most of them
    falling = depths[at_peak:]
    assert falling[-1] == 0 and len({d for d in falling}) >= 3  # seen on its way down, not only full and empty
    assert all(later <= earlier for earlier, later in zip(falling, falling[1:], strict=False))
    assert oldest > 0
    after = samples(base)
    assert after[("cchc_messages_sent_total", (("via", "outbox"),))] - sent_before >= len(expected)
    assert after[("cchc_updates_total", (("kind", "command"),))] >= 1
    assert get(f"{base}/healthz") == (200, "ok\n")
