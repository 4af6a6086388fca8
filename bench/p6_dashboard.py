"""P6: the dashboard's first view at 1,000 units × 20 tasks (100,000 reports), through its real server.

Measured two ways: the requests a browser makes for a first view (page, Telegram's SDK bundle, the page's
scripts, style, /api/me, /api/dashboard) over HTTP on 127.0.0.1, and, when Debian's Chromium is installed, a
real headless Chromium at 360×740 inside the stand-in Telegram client (so the SDK runs: theme, viewport,
back button) from navigation to the matrix on screen. Target: first view under 1 s.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import ADMIN, bot_on
from bench.p3_queries import NOW, generate
from bot.services import services
from bot.webapp.browser import LIGHT_THEME, as_telegram_client, launch_url, missing_browser, phone_browser
from bot.webapp.initdata import launch_fields, sign_init_data
from bot.webapp.server import DashboardServer
from db.engine import make_engine

UNITS = 1000
FIRST_VIEW = ("", "static/telegram-sdk.js", "static/shell.js", "static/focal.js", "static/app.js", "static/app.css",
              "api/me", "api/dashboard?directive=1&page=0")


def _browser_first_view_ms(link: str, repeat: int) -> list[float]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    times = []
    with phone_browser(width=360, height=740) as driver:
        as_telegram_client(driver, LIGHT_THEME)
        for _ in range(repeat):
            driver.get("about:blank")
            start = time.perf_counter()
            driver.get(link)
            WebDriverWait(driver, 30, poll_frequency=0.01).until(
                lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loads") == "1")
            times.append((time.perf_counter() - start) * 1000)
        sdk_ready = driver.execute_script("return window.__telegram.posted.some((p) => p[0] === 'web_app_ready')")
    assert sdk_ready, "the SDK did not run: the figure would not be the one Telegram users see"
    return times


async def _measure(path: Path) -> dict:
    engine = make_engine(f"sqlite:///{path}")
    app, _, _ = bot_on(engine, rate_limit=False)
    services(app).clock = lambda: NOW
    await app.initialize()
    server = DashboardServer(app)
    port = await server.start("127.0.0.1", 0)
    base = f"http://127.0.0.1:{port}/"
    init = sign_init_data(launch_fields(user_id=ADMIN["id"], first_name="Văn phòng", auth_date=int(time.time())),
                          bot_token=app.bot.token)
    out: dict = {"units": UNITS}
    try:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"tma {init}"}) as client:
            async def first_view() -> float:
                start = time.perf_counter()
                for url in FIRST_VIEW:
                    (await client.get(url)).raise_for_status()
                return (time.perf_counter() - start) * 1000

            runs = [await first_view() for _ in range(6)]
            out["http_cold_ms"], out["http_ms"] = runs[0], statistics.median(runs[1:])
            start = time.perf_counter()
            (await client.get("api/dashboard?directive=1&overdue=1&q=don%20vi%209")).raise_for_status()
            out["filter_ms"] = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            (await client.get("api/cell?directive=1&unit=U00500&task=7")).raise_for_status()
            out["cell_ms"] = (time.perf_counter() - start) * 1000
            out["dashboard_bytes"] = len((await client.get(FIRST_VIEW[-1])).content)
            out["sdk_bytes"] = len((await client.get("static/telegram-sdk.js")).content)
        if missing_browser() is None:
            link = launch_url(base, init, theme=json.dumps(LIGHT_THEME), platform="android")
            times = await asyncio.to_thread(_browser_first_view_ms, link, 4)
            out["browser_cold_ms"], out["browser_ms"] = times[0], statistics.median(times[1:])
    finally:
        await server.stop()
        await app.shutdown()
        engine.dispose()
    return out


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p6.db"
        generate(path, UNITS)
        return asyncio.run(_measure(path))


if __name__ == "__main__":
    print(run())
