"""The demo's Mini App: the real server on 127.0.0.1, links signed with the demo's offline token (the office
user's dashboard, a focal point's report form), and phone screenshots (360×740) taken by a headless Chromium
inside a stand-in of Telegram's Android client when one is installed."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from telegram.ext import Application

from bot.services import services
from bot.webapp.browser import (
    DARK_THEME,
    LIGHT_THEME,
    as_telegram_client,
    launch_url,
    missing_browser,
    phone_browser,
    telegram_event,
)
from bot.webapp.initdata import launch_fields, sign_init_data
from bot.webapp.server import DashboardServer

WIDTH, HEIGHT = 360, 740


def launch_link(app: Application, user: dict, *, theme: dict | None = None) -> str:
    """The address Telegram would open for `user` (signed like Telegram's launch data, with the demo's token)."""
    fields = launch_fields(user_id=user["id"], first_name=user["first_name"], auth_date=int(time.time()))
    base = f"http://127.0.0.1:{services(app).webapp.port}/"
    return launch_url(base, sign_init_data(fields, bot_token=app.bot.token), platform="android" if theme else "web",
                      theme=json.dumps(theme) if theme else None)


async def open_dashboard(app: Application, *, port: int, user: dict) -> str:
    """Start the dashboard on 127.0.0.1 and return the launch link Telegram would open for `user`.

    The link is signed like Telegram's launch data, with the token the demo's bot has (an offline one):
    the server checks it as in production and refuses anything unsigned."""
    svc = services(app)
    svc.webapp = DashboardServer(app)
    await svc.webapp.start("127.0.0.1", port)
    return launch_link(app, user)


async def screenshots(app: Application, out_dir: Path, *, office: dict, focal: dict) -> list[str]:
    """Lines for the transcript: the screenshots written, or why there are none."""
    reason = missing_browser()
    if reason is not None:
        return [f"(Không chụp ảnh bảng theo dõi: {reason})"]
    links = {"office": launch_link(app, office, theme=LIGHT_THEME), "focal": launch_link(app, focal, theme=LIGHT_THEME)}
    paths = await asyncio.to_thread(_shoot, links, out_dir)  # the server answers on this loop meanwhile
    return [f"📱 Ảnh Mini App {WIDTH}×{HEIGHT}: {p.resolve()}" for p in paths]


def _shoot(links: dict, out_dir: Path) -> list[Path]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    paths = []
    with phone_browser(width=WIDTH, height=HEIGHT) as driver:
        as_telegram_client(driver, LIGHT_THEME)
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
                                   {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 2, "mobile": True})

        driver.get(links["office"])
        wait.until(lambda d: loads() >= 1)
        # The walkthrough's reports are on 2410; the picker opens on the newest directive (the demo's 2026 one).
        picker = Select(driver.find_element(By.ID, "directive"))
        wanted = next(o for o in picker.options if "2410" in o.text)
        if not wanted.is_selected():
            before = loads()
            picker.select_by_value(wanted.get_attribute("value"))
            wait.until(lambda d: loads() > before)
        shoot("bang-theo-doi-man-hinh-dau-360.png")  # what the clerk sees first
        shoot("bang-theo-doi-360.png", full=True)
        driver.find_element(By.CSS_SELECTOR, '#matrix td[data-unit="SNV"][data-task="3"]').click()
        wait.until(lambda d: d.find_element(By.ID, "sheet").is_displayed())
        shoot("bang-theo-doi-o-360.png")
        telegram_event(driver, "back_button_pressed")  # Android's back: the sheet closes, the app stays
        wait.until(lambda d: not d.find_element(By.ID, "sheet").is_displayed())
        before = loads()
        driver.find_element(By.ID, "overdue").click()
        wait.until(lambda d: loads() > before)
        shoot("bang-theo-doi-qua-han-360.png", full=True)
        telegram_event(driver, "theme_changed", {"theme_params": DARK_THEME})  # the client switched to dark
        wait.until(lambda d: d.execute_script("return getComputedStyle(document.body).backgroundColor")
                   == "rgb(23, 33, 43)")
        shoot("bang-theo-doi-toi-360.png")

        driver.get("about:blank")
        driver.get(links["focal"])
        wait.until(lambda d: loads() >= 1)
        for number, status, note in ((4, "in_progress", ""), (5, "blocked", "Chờ Sở Tài chính thẩm định kinh phí")):
            row = f'.ftask[data-number="{number}"]'
            choice = driver.find_element(By.CSS_SELECTOR, f"{row} input[value={status}]")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", choice)
            choice.click()
            if note:
                driver.find_element(By.CSS_SELECTOR, f"{row} input.fnote").send_keys(note)
        shoot("mau-bao-cao-dau-moi-360.png")  # two tasks changed, Telegram's MainButton says "Gửi báo cáo (2)"
        telegram_event(driver, "main_button_pressed")
        wait.until(lambda d: "Nhiệm vụ 5" in d.find_element(By.ID, "toast").text)
        shoot("mau-bao-cao-dau-moi-da-gui-360.png")
    return paths
