"""P7: the dashboard holds. One office member keeps 200 connections busy on /api/dashboard for 20 s at
1,000 units × 20 tasks (100,000 reports) while three other office members look at their dashboard and focal
points' status replies go through the running bot; then unauthenticated 10 MB bodies are sent.

The server and the bot share one process and one event loop, as in production; the flood and the other
members' views come from two child processes (so their own work is not on the server's loop). All traffic goes
to 127.0.0.1, bounded in time (20 s) and count. Targets: other members' dashboard p99 < 1 s, a focal point's
confirmation p99 < 100 ms meanwhile, and the process's memory within 10 MB of where it started after the
10 MB bodies.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import ADMIN, bot_on, percentile
from bench.p1_replies import TEXTS
from bench.p3_queries import NOW, generate
from bench.p5_concurrency import CONFIRMED, FOCAL_BASE
from bot.services import services
from bot.testing.fake_bot_api import FakeBotAPI
from bot.webapp.initdata import launch_fields, sign_init_data
from bot.webapp.server import DashboardServer
from db.engine import make_engine

UNITS = 1000
FLOOD_CONNECTIONS = 200
FLOOD_SECONDS = 20.0
OTHER_MEMBERS = (101, 102, 103)
LARGE_BODIES = 20
LARGE_BODY_BYTES = 10 * 1024 * 1024
PATH = "/api/dashboard?directive=1&page=0"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _get(reader, writer, head: bytes) -> int:
    """One request on a kept-alive connection; the answer's status (the body is read and dropped)."""
    writer.write(head)
    await writer.drain()
    header = await reader.readuntil(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in header.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    await reader.readexactly(length)
    return int(header.split(b" ", 2)[1])


def _head(port: int, init: str) -> bytes:
    return (f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: tma {init}\r\n\r\n").encode()


def _flood(port: int, init: str, seconds: float, out) -> None:
    """Child process: FLOOD_CONNECTIONS connections of one member, each asking again as soon as answered."""
    async def one(counts: dict, stop: float) -> None:
        head = _head(port, init)
        while time.monotonic() < stop:  # the server closes the connection after a refusal: connect again
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                while time.monotonic() < stop:
                    status = await _get(reader, writer, head)
                    counts[status] = counts.get(status, 0) + 1
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                writer.close()

    async def main() -> dict:
        counts: dict = {}
        stop = time.monotonic() + seconds
        await asyncio.gather(*(one(counts, stop) for _ in range(FLOOD_CONNECTIONS)), return_exceptions=True)
        return counts

    out.put(asyncio.run(main()))


def _others(port: int, inits: list[str], seconds: float, out) -> None:
    """Child process: other office members opening their dashboard every half second; latency of each."""
    async def member(init: str, latencies: list, statuses: dict, stop: float) -> None:
        head = _head(port, init)
        while time.monotonic() < stop:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            status = await _get(reader, writer, head)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            writer.close()
            await asyncio.sleep(0.5)

    async def main():
        latencies, statuses = [], {}
        stop = time.monotonic() + seconds
        await asyncio.gather(*(member(i, latencies, statuses, stop) for i in inits))
        return latencies, statuses

    out.put(asyncio.run(main()))


def _large_bodies(port: int, out) -> None:
    """Child process: unauthenticated POSTs that promise and try to send 10 MB each, one after another."""
    async def one() -> str:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"POST /api/export HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {LARGE_BODY_BYTES}\r\n\r\n".encode())
            chunk = b"x" * 65536
            for _ in range(LARGE_BODY_BYTES // len(chunk)):
                writer.write(chunk)
                await writer.drain()
            answer = await reader.read(100)
            writer.close()
            return answer.split(b"\r\n")[0].decode() or "closed"
        except (ConnectionError, OSError):
            return "closed"

    async def main():
        return [await one() for _ in range(LARGE_BODIES)]

    out.put(asyncio.run(main()))


async def _replies(app, factory, answered: dict, until: float, offset: int) -> list[float]:
    """Focal points' status replies, one every 50 ms from different people, until `until`; latency in ms each."""
    latencies, i = [], 0
    while time.monotonic() < until:
        chat = FOCAL_BASE + 1 + (offset + i) % UNITS
        user = {"id": chat, "is_bot": False, "first_name": "Đầu mối"}
        answered.pop(chat, None)
        sent_at = time.perf_counter()
        await app.update_queue.put(factory.text(user, TEXTS[i % len(TEXTS)]))
        while chat not in answered:
            if time.perf_counter() - sent_at > 60:
                raise RuntimeError(f"no confirmation for {TEXTS[i % len(TEXTS)]!r} within 60 s")
            await asyncio.sleep(0.0005)
        latencies.append((answered[chat] - sent_at) * 1000)
        i += 1
        await asyncio.sleep(0.05)
    return latencies


def _in_child(target, *args):
    """Start `target(*args, queue)` in a spawned process; returns (process, queue)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=target, args=(*args, queue), daemon=True)
    process.start()
    return process, queue


async def _collect(process, queue, timeout: float):
    result = await asyncio.to_thread(queue.get, True, timeout)
    await asyncio.to_thread(process.join, 10)
    return result


async def _measure(path: Path, seconds: float) -> dict:
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO officemember (tg_user_id, name, role, created_at) VALUES (?, ?, 'viewer', ?)",
                    [(m, f"Cán bộ {m}", "2020-11-01 00:00:00.000000") for m in OTHER_MEMBERS])
    con.commit()
    con.close()
    engine = make_engine(f"sqlite:///{path}")
    answered: dict[int, float] = {}

    def on_call(call) -> None:
        if call.method == "sendMessage" and call.text.startswith(CONFIRMED):
            answered[call.chat_id] = time.perf_counter()

    app, _, factory = bot_on(engine, rate_limit=False, api=FakeBotAPI(on_call=on_call))
    services(app).clock = lambda: NOW
    out: dict = {"units": UNITS, "connections": FLOOD_CONNECTIONS, "seconds": seconds,
                 "load_before": os.getloadavg()[0]}

    def signed(user_id: int) -> str:
        return sign_init_data(launch_fields(user_id=user_id, first_name="Cán bộ", auth_date=int(time.time())),
                              bot_token=app.bot.token)

    async with app:
        await app.start()
        server = DashboardServer(app)
        port = await server.start("127.0.0.1", 0)
        try:
            await _replies(app, factory, answered, time.monotonic() + 3, 0)  # warm-up: imports, caches
            quiet = await _replies(app, factory, answered, time.monotonic() + 5, 100)
            flood = _in_child(_flood, port, signed(ADMIN["id"]), seconds)
            others = _in_child(_others, port, [signed(m) for m in OTHER_MEMBERS], seconds)
            await asyncio.sleep(1.0)  # the children start (spawn) and the flood is under way
            computed = server.snapshots.computed
            busy = await _replies(app, factory, answered, time.monotonic() + seconds - 2, 400)
            flood_counts = await _collect(*flood, seconds + 60)
            other_ms, other_statuses = await _collect(*others, seconds + 60)
            out["snapshots_computed"] = server.snapshots.computed - computed
            out["load_during"] = os.getloadavg()[0]
            await asyncio.sleep(1.0)
            rss_before = _rss_mb()
            large = await _collect(*_in_child(_large_bodies, port), 300)
            await asyncio.sleep(1.0)
            rss_after = _rss_mb()
        finally:
            await server.stop()
        await app.stop()
    engine.dispose()
    out.update({
        "quiet_p50_ms": percentile(quiet, 0.5), "quiet_p99_ms": percentile(quiet, 0.99),
        "busy_p50_ms": percentile(busy, 0.5), "busy_p99_ms": percentile(busy, 0.99), "replies": len(busy),
        "flood": flood_counts, "flood_requests": sum(flood_counts.values()),
        "others_p50_ms": percentile(other_ms, 0.5), "others_p99_ms": percentile(other_ms, 0.99),
        "others_views": len(other_ms), "others_statuses": other_statuses,
        "large_answers": sorted(set(large)), "rss_before_mb": rss_before, "rss_after_mb": rss_after,
        "rss_growth_mb": rss_after - rss_before,
    })
    return out


def run(seconds: float = FLOOD_SECONDS) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p7.db"
        generate(path, UNITS)
        return asyncio.run(_measure(path, seconds))


def rows(p7: dict) -> list[tuple[str, str, str]]:
    flood = ", ".join(f"{count} × {status}" for status, count in sorted(p7["flood"].items()))
    return [
        (f"flood: {p7['connections']} connections of one member for {p7['seconds']:.0f} s",
         f"{p7['flood_requests']} answers ({flood})", ""),
        ("dashboard views computed during the flood (shared snapshots)", f"{p7['snapshots_computed']}", ""),
        (f"other members' dashboard p50 / p99 ({p7['others_views']} views)",
         f"{p7['others_p50_ms']:.0f} / {p7['others_p99_ms']:.0f} ms", "p99 < 1 s"),
        ("focal point's confirmation p50 / p99, no flood", f"{p7['quiet_p50_ms']:.1f} / {p7['quiet_p99_ms']:.1f} ms", ""),
        (f"focal point's confirmation p50 / p99 during the flood ({p7['replies']} replies)",
         f"{p7['busy_p50_ms']:.1f} / {p7['busy_p99_ms']:.1f} ms", "p99 < 100 ms"),
        (f"RSS before / after {LARGE_BODIES} unauthenticated 10 MB bodies ({', '.join(p7['large_answers'])})",
         f"{p7['rss_before_mb']:.0f} / {p7['rss_after_mb']:.0f} MB", "growth < 10 MB"),
        ("load average (1 min) before / during", f"{p7['load_before']:.1f} / {p7['load_during']:.1f}", ""),
    ]


TITLE = (f"P7 dashboard under load: 200 connections of one office member, {UNITS:,} units × 20 tasks, "
         "100,000 reports (server and bot in one process on 127.0.0.1)")

if __name__ == "__main__":
    result = run()
    print(f"## {TITLE}\n\n| figure | value | target |\n| --- | --- | --- |")
    print("\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows(result)))
