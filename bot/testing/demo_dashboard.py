"""The demo's dashboard: the real server on 127.0.0.1, a link signed with the demo's offline token for the
demo office user, and phone-width screenshots taken by a headless Chromium when one is installed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from telegram.ext import Application

from bot.services import services
from bot.webapp.browser import launch_url, missing_browser, phone_browser
from bot.webapp.initdata import launch_fields, sign_init_data
from bot.webapp.server import DashboardServer

WIDTH = 360


async def open_dashboard(app: Application, *, port: int, user: dict) -> str:
    """Start the dashboard on 127.0.0.1 and return the launch link Telegram would open for `user`.

    The link is signed like Telegram's launch data, with the token the demo's bot has (an offline one):
    the server checks it as in production and refuses anything unsigned."""
    svc = services(app)
    svc.webapp = DashboardServer(app)
    port = await svc.webapp.start("127.0.0.1", port)
    fields = launch_fields(user_id=user["id"], first_name=user["first_name"], auth_date=int(time.time()))
    return launch_url(f"http://127.0.0.1:{port}/", sign_init_data(fields, bot_token=app.bot.token))


async def screenshots(link: str, out_dir: Path) -> list[str]:
    """Lines for the transcript: the screenshots written, or why there are none."""
    reason = missing_browser()
    if reason is not None:
        return [f"(Không chụp ảnh bảng theo dõi: {reason})"]
    paths = await asyncio.to_thread(_shoot, link, out_dir)  # the server answers on this loop meanwhile
    return [f"📱 Ảnh bảng theo dõi {WIDTH} px: {p.resolve()}" for p in paths]


def _shoot(link: str, out_dir: Path) -> list[Path]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    paths = []
    with phone_browser(width=WIDTH) as driver:
        wait = WebDriverWait(driver, 30)

        def loads() -> int:
            return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-loads") or 0)

        def shoot(name: str, *, full: bool = False) -> None:
            if full:  # the whole page, as tall as it is, still 360 px wide
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": WIDTH, "height": min(int(height), 6000), "deviceScaleFactor": 2, "mobile": True})
            path = out_dir / name
            driver.save_screenshot(str(path))
            paths.append(path)
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": WIDTH, "height": 780, "deviceScaleFactor": 2, "mobile": True})

        driver.get(link)
        wait.until(lambda d: loads() >= 1)
        # The walkthrough's reports are on 2410; the picker opens on the newest directive (the demo's 2026 one).
        from selenium.webdriver.support.ui import Select

        picker = Select(driver.find_element(By.ID, "directive"))
        wanted = next(o for o in picker.options if "2410" in o.text)
        if not wanted.is_selected():
            before = loads()
            picker.select_by_value(wanted.get_attribute("value"))
            wait.until(lambda d: loads() > before)
        shoot("bang-theo-doi-360.png", full=True)
        driver.find_element(By.CSS_SELECTOR, '#matrix td[data-unit="HTD"][data-task="4"]').click()
        wait.until(lambda d: d.find_element(By.ID, "sheet").is_displayed())
        shoot("bang-theo-doi-o-360.png")
        driver.find_element(By.ID, "close").click()
        before = loads()
        driver.find_element(By.ID, "overdue").click()
        wait.until(lambda d: loads() > before)
        shoot("bang-theo-doi-qua-han-360.png", full=True)
    return paths
