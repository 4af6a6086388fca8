"""P1: status replies per second through process_update vs a bare echo handler; latency under a push."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import datetime
from pathlib import Path

from telegram.ext import ApplicationBuilder, MessageHandler, filters

from bench.common import bot_on, percentile, seeded_engine
from bot import texts
from bot.services import ManualClock
from bot.testing.fake_bot_api import FakeBotAPI
from bot.testing.fake_updates import UpdateFactory
from jobs.sender import drain_outbox

CONFIRMED = texts.RECORDED.split("{")[0]  # how every status confirmation starts

TEXTS = ["3 xong", "5 đang làm 60%", "4 vướng mắc: thiếu kinh phí", "2 chưa làm", "NV6 hoàn thành"]
# What no official writes, at the reader's 4,000-character limit: a long note, many clauses, many numbers, and
# the shapes that once made a reader quadratic (runs of courtesy particles, of negations, of plan and question
# words, of exceptions).
LONG_TEXTS = [
    ("4 vướng mắc: " + "chưa có hướng dẫn của Bộ, thiếu kinh phí 1,5 tỷ đồng theo QĐ 12/QĐ-UBND; " * 60)[:4000],
    ("NV3 xong, NV4 đang làm 60%; " * 200)[:4000],
    ",".join(f"{i}-{i + 1}" for i in range(1, 3000, 2))[:4000],
    ("3 xong " + "ạ " * 2000)[:4000],
    ("NV3 xong " + "dạ vâng ạ rồi nhé " * 300)[:4000],
    ("4 " + "không " * 700 + "vướng")[-4000:],
    (" ".join(str(i % 50) for i in range(2000)))[:4000],
    ("NV3 sẽ xong chưa ạ? dự kiến trước ngày 5 " * 120)[:4000],
    ("trừ NV1 ra thì các nhiệm vụ còn lại đã xong, à không, " * 80)[:4000],
    ("Kính gửi Văn phòng. " + "1. Nhiệm vụ 1: đã hoàn thành theo Kế hoạch 45/KH-UBND ngày 5 tháng 11 năm 2020. " * 50)[:4000],
]


def _reader_ms() -> tuple[float, str, float]:
    """The slowest of the long texts (ten shapes), each the median of 31 reads: (CPU ms, the shape, wall ms).
    The reader is one pure function on one thread: its CPU time (time.thread_time) is what it costs the event
    loop; the wall clock on a shared 2-core machine also counts the time spent waiting for a core."""
    from bot.domain.reply_reader import read_reply

    worst, shape, wall = 0.0, "", 0.0
    for text in LONG_TEXTS:
        cpu, elapsed = [], []
        for _ in range(31):
            start, start_cpu = time.perf_counter(), time.thread_time()
            read_reply(text)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            elapsed.append((time.perf_counter() - start) * 1000)
        if sorted(cpu)[15] > worst:
            worst, shape = sorted(cpu)[15], repr(text[:24] + "…")
        wall = max(wall, sorted(elapsed)[15])
    return worst, shape, wall


async def _updates_per_second(app, factory: UpdateFactory, user: dict, n: int) -> float:
    """The same stream of short status texts through process_update, one after another."""
    updates = [factory.text(user, TEXTS[i % len(TEXTS)]) for i in range(n)]
    start = time.perf_counter()
    for update in updates:
        await app.process_update(update)
    return n / (time.perf_counter() - start)


async def _echo_rate(n: int) -> float:
    api = FakeBotAPI()
    app = ApplicationBuilder().token("1:echo").request(api).get_updates_request(api).build()

    async def echo(update, context):
        await update.effective_message.reply_text(update.effective_message.text)

    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    factory = UpdateFactory(app.bot, ManualClock(datetime.now().astimezone()))
    rate = await _updates_per_second(app, factory, {"id": 501, "is_bot": False, "first_name": "A"}, n)
    await app.shutdown()
    return rate


async def _reply_rate(n: int, workdir: Path) -> tuple[float, int]:
    engine = seeded_engine(workdir / "p1.db", units=28)
    app, api, factory = bot_on(engine, rate_limit=False)
    await app.initialize()
    rate = await _updates_per_second(app, factory, {"id": 20_000, "is_bot": False, "first_name": "Đầu mối"}, n)
    confirmations = sum(1 for c in api.calls if c.text.startswith(CONFIRMED))
    await app.shutdown()
    engine.dispose()
    return rate, confirmations


async def _latency_during_push(workdir: Path, replies: int = 300) -> tuple[float, float, int]:
    engine = seeded_engine(workdir / "p1push.db", units=1000)
    app, api, factory = bot_on(engine, rate_limit=True)
    await app.initialize()
    admin = {"id": 100, "is_bot": False, "first_name": "Văn phòng"}
    await app.process_update(factory.text(admin, "/push 2410/UBND-KSTT all"))
    drain = asyncio.create_task(drain_outbox(app))
    await asyncio.sleep(0.5)
    user = {"id": 20_500, "is_bot": False, "first_name": "Đầu mối"}
    latencies = []
    for i in range(replies):
        update = factory.text(user, TEXTS[i % len(TEXTS)])
        start = time.perf_counter()
        await app.process_update(update)
        latencies.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.01)  # replies arrive spread out, as people type
    sent_meanwhile = sum(1 for c in api.calls if c.buttons)
    drain.cancel()
    try:
        await drain
    except asyncio.CancelledError:
        pass
    await app.shutdown()
    engine.dispose()
    return percentile(latencies, 0.5), percentile(latencies, 0.99), sent_meanwhile


def run() -> dict:
    # The reader first, in a fresh interpreter: after the push phase below the heap is large and the
    # collector's full passes land in the middle of it (6.3 ms instead of 3.3 ms on the same machine).
    reader, shape, reader_wall = _reader_ms()
    with tempfile.TemporaryDirectory() as tmp:
        echo = asyncio.run(_echo_rate(3000))
        rate, confirmed = asyncio.run(_reply_rate(2000, Path(tmp)))
        p50, p99, pushed = asyncio.run(_latency_during_push(Path(tmp)))
    return {"reader_4000_chars_ms": reader, "reader_slowest_shape": shape, "reader_wall_ms": reader_wall, "echo_per_s": echo, "replies_per_s": rate, "ratio": rate / echo, "confirmed": confirmed,
            "p50_ms": p50, "p99_ms": p99, "push_sent_meanwhile": pushed}
