"""P2: the real sender with production limits against a fake transport that counts messages per second."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.common import ADMIN, bot_on, seeded_engine
from bot.testing.fake_bot_api import Call, FakeBotAPI
from jobs.sender import drain_outbox


class CountingAPI(FakeBotAPI):
    def __init__(self):
        super().__init__()
        self.stamps: list[float] = []
        self.retry_afters = 0

    def _result(self, call: Call):
        if call.method == "sendMessage" and call.buttons:
            self.stamps.append(time.perf_counter())
        return super()._result(call)


async def _push(units: int, workdir: Path, window: float | None) -> dict:
    engine = seeded_engine(workdir / f"p2-{units}.db", units=units)
    api = CountingAPI()
    app, _, factory = bot_on(engine, rate_limit=True, api=api)
    await app.initialize()
    start = time.perf_counter()
    await app.process_update(factory.text(ADMIN, "/push 2410/UBND-KSTT all"))
    queued_ms = (time.perf_counter() - start) * 1000
    drain = asyncio.create_task(drain_outbox(app))
    if window:
        await asyncio.sleep(window)
        drain.cancel()
        try:
            await drain
        except asyncio.CancelledError:
            pass
    else:
        await drain
    await app.shutdown()
    engine.dispose()
    stamps = api.stamps
    span = stamps[-1] - stamps[0] if len(stamps) > 1 else 1.0
    rate = (len(stamps) - 1) / span if len(stamps) > 1 else 0.0
    errors = sum(1 for c in api.calls if c.error)
    return {"units": units, "messages": len(stamps), "expected": units * 7, "seconds": span, "rate": rate,
            "ratio_to_limit": rate / 30.0, "errors": errors, "queue_ms": queued_ms}


def run(full: bool = False) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        small = asyncio.run(_push(60, Path(tmp), window=None))
        big = asyncio.run(_push(1000, Path(tmp), window=None if full else 30.0))
    return [small, big]
