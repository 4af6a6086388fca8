"""P5: focal points' status replies while the office's /export and /chart of 1,000 units × 20 tasks run
back to back, against the same replies with no office work. Updates go through the running Application's
update queue (concurrent updates, PerPersonOrder), as polling or a webhook would put them."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.common import ADMIN, bot_on, percentile
from bench.p1_replies import TEXTS  # the same status replies as P1, each one confirmed at once
from bench.p3_queries import generate
from bot import texts
from bot.testing.fake_bot_api import FakeBotAPI
from db.engine import make_engine

CONFIRMED = texts.RECORDED.split("{")[0]  # how every status confirmation starts

UNITS = 1000
FOCAL_BASE = 30_000  # bench.p3_queries.generate: unit u's focal point is user and chat 30,000 + u


async def _replies(app, factory, answered: dict, count: int, offset: int) -> list[float]:
    """`count` replies from different focal points, spread out as people type; latency in ms each."""
    latencies = []
    for i in range(count):
        chat = FOCAL_BASE + 1 + (offset + i) % UNITS
        user = {"id": chat, "is_bot": False, "first_name": "Đầu mối"}
        answered.pop(chat, None)
        sent_at = time.perf_counter()
        await app.update_queue.put(factory.text(user, TEXTS[i % len(TEXTS)]))
        while chat not in answered:
            if time.perf_counter() - sent_at > 60:  # a reply the reader does not confirm: say so, never hang
                raise RuntimeError(f"no confirmation for {TEXTS[i % len(TEXTS)]!r} from {chat} within 60 s")
            await asyncio.sleep(0.0005)
        latencies.append((answered[chat] - sent_at) * 1000)
        await asyncio.sleep(0.02)
    return latencies


async def _office_work(app, factory, api: FakeBotAPI, stop: asyncio.Event, done: list[str]) -> None:
    """/export then /chart, back to back, until told to stop (each waits for its file to arrive)."""
    while not stop.is_set():
        for command, method in (("/export", "sendDocument"), ("/chart", "sendPhoto")):
            before = len(api.sent(method))
            await app.update_queue.put(factory.text(ADMIN, command))
            while len(api.sent(method)) == before:
                await asyncio.sleep(0.01)
            done.append(command)


async def _measure(workdir: Path, replies: int) -> dict:
    path = workdir / "p5.db"
    generate(path, UNITS)
    engine = make_engine(f"sqlite:///{path}")
    answered: dict[int, float] = {}

    def on_call(call) -> None:
        if call.method == "sendMessage" and call.text.startswith(CONFIRMED):
            answered[call.chat_id] = time.perf_counter()

    app, api, factory = bot_on(engine, rate_limit=False, api=FakeBotAPI(on_call=on_call))
    async with app:
        await app.start()
        await _replies(app, factory, answered, 20, 0)  # warm-up: imports, caches
        quiet = await _replies(app, factory, answered, replies, 100)
        stop, done = asyncio.Event(), []
        office = asyncio.create_task(_office_work(app, factory, api, stop, done))
        while not done:  # the first export is under way before the measured replies start
            await asyncio.sleep(0.05)
        busy = await _replies(app, factory, answered, replies, 400)
        stop.set()
        await office
        await app.stop()
    engine.dispose()
    return {"quiet_p50_ms": percentile(quiet, 0.5), "quiet_p99_ms": percentile(quiet, 0.99),
            "busy_p50_ms": percentile(busy, 0.5), "busy_p99_ms": percentile(busy, 0.99),
            "office_commands": len(done), "replies": replies}


def run(replies: int = 300) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(_measure(Path(tmp), replies))
    result["ratio"] = result["busy_p99_ms"] / result["quiet_p99_ms"]
    return result


if __name__ == "__main__":  # P5 alone: prints its rows as they appear in docs/benchmarks.md
    from bench.__main__ import P5_TITLE, p5_rows

    print(f"## {P5_TITLE}\n\n| figure | value | target |\n| --- | --- | --- |")
    print("\n".join(f"| {a} | {b} | {c} |" for a, b, c in p5_rows(run())))
