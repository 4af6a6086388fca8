"""The Mini App on a 360×740 phone in a real headless Chromium, inside a stand-in of Telegram's Android client
(bot/webapp/browser.py: the page's SDK talks to it through TelegramWebviewProxy / Telegram.WebView.receiveEvent,
as with the real client). Read like a clerk would: theme changes live, back closes the sheet and not the app,
answers on screen, multi-unit actions asked first, filters restored after a failed load, text and targets large
enough, the matrix high on the screen; and a focal point's form storing two tasks. SQLite only (CI time)."""

import asyncio
import json

import httpx
import pytest

from bot.domain.enums import ReportSource, Status
from bot.domain.textnorm import fold
from bot.webapp.browser import (
    DARK_THEME,
    LIGHT_THEME,
    as_telegram_client,
    launch_url,
    missing_browser,
    phone_browser,
    telegram_calls,
    telegram_event,
)
from tests.conftest import fresh_engine
from tests.helpers import ADMIN, assignment_of, reports_of
from tests.phone_kit import LABELS, ON_SCREEN_JS, SMALL_TARGETS_JS, SMALL_TEXT_JS, in_view
from tests.webapp_kit import HTD, SNV, dashboard_kit, launch_data, office_scenario

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(missing_browser() is not None, reason=f"no headless Chromium: {missing_browser()}")]


class Phone:
    """One Chromium at 360×740 and the page's signals the tests wait on."""

    def __init__(self, driver):
        from selenium.webdriver.support.ui import WebDriverWait

        self.d, self.wait = driver, WebDriverWait(driver, 20, poll_frequency=0.05)

    def open(self, base_url: str, init: str, theme: dict) -> None:
        self.d.get("about:blank")
        self.d.get(launch_url(base_url, init, theme=json.dumps(theme), platform="android"))
        self.wait.until(lambda d: self.body("loads"))

    def js(self, script: str, *args):
        return self.d.execute_script(script, *args)

    def body(self, name: str) -> int:
        return int(self.js(f"return document.body.dataset.{name} || 0"))

    def css(self, selector: str):
        from selenium.webdriver.common.by import By

        return self.d.find_element(By.CSS_SELECTOR, selector)

    def tap(self, selector: str) -> None:
        """Scrolls the element to the middle of the screen (as a thumb would) and taps it."""
        element = self.css(selector)
        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def rows(self) -> list[str]:
        return self.js("return [...document.querySelectorAll('#matrix tr[data-unit]')].map((r) => r.dataset.unit)")

    def after_load(self, action) -> None:
        before = self.body("loads")
        action()
        self.wait.until(lambda d: self.body("loads") > before)

    def sheet(self, unit: str, task: int) -> None:
        if self.css("#sheet").is_displayed():  # the user goes back to the matrix first
            telegram_event(self.d, "back_button_pressed")
            self.wait.until(lambda d: not self.css("#sheet").is_displayed())
        self.css(f'#matrix td[data-unit="{unit}"][data-task="{task}"]').click()
        self.wait.until(lambda d: self.css("#sheet").is_displayed() and f"Nhiệm vụ {task}" in self.css("#sheet-content").text
                        and f"{unit} –" in self.css("#sheet-content").text)

    def toast(self, words: str) -> dict:
        """Waits for the toast to say `words`; returns where it is."""
        self.wait.until(lambda d: words in self.css("#toast").text)
        return {"text": self.css("#toast").text, "kind": self.css("#toast").get_attribute("class"),
                **self.js(ON_SCREEN_JS, "#toast")}

    def posted(self, method: str) -> list:
        return telegram_calls(self.d, method)

    def background(self) -> str:
        return self.js("return getComputedStyle(document.body).backgroundColor")


def _office(base_url: str, admin: str, seen: dict) -> None:
    with phone_browser(width=360, height=740) as driver:
        as_telegram_client(driver, LIGHT_THEME)
        phone = Phone(driver)
        phone.open(base_url, admin, LIGHT_THEME)
        seen["light"] = phone.background()
        seen["first_row"] = phone.js("return document.querySelector('#matrix tbody tr').getBoundingClientRect().bottom")
        seen["small_text"] = phone.js(SMALL_TEXT_JS, LABELS)
        seen["small_targets"] = phone.js(SMALL_TARGETS_JS)
        seen["marks"] = {k: phone.css(f'#matrix td[data-unit="{k[0]}"][data-task="{k[1]}"]').text
                         for k in (("HTD", 3), ("HTD", 4), ("SNV", 1), ("BDT", 1))}
        seen["ready"] = phone.posted("web_app_ready") and phone.posted("web_app_expand")
        telegram_event(driver, "theme_changed", {"theme_params": DARK_THEME})  # the user switches the client to dark
        phone.wait.until(lambda d: phone.background() == "rgb(23, 33, 43)")
        seen["dark_small_text"] = phone.js(SMALL_TEXT_JS, LABELS)

        phone.after_load(lambda: phone.css("#sort option[value=name]").click())
        seen["by_name"] = phone.js("return [...document.querySelectorAll('#matrix tr[data-unit] th.u')].map((s) => s.title)")
        phone.after_load(lambda: phone.css("#sort option[value=done]").click())
        seen["by_done"] = phone.rows()[:2]
        phone.after_load(lambda: phone.css("#sort option[value=worst]").click())

        driver.execute_cdp_cmd("Network.enable", {})  # the phone loses its connection, the clerk ticks a filter
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        failures = phone.body("failures")
        phone.css("#overdue").click()
        phone.wait.until(lambda d: phone.body("failures") > failures)
        seen["failed"] = {"checked": phone.css("#overdue").is_selected(), "rows": len(phone.rows()),
                          "message": phone.css("#message").text}
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",  # back, on a slow line: the loading bar shows
                               {"offline": False, "latency": 800, "downloadThroughput": -1, "uploadThroughput": -1})
        before = phone.body("loads")
        phone.css("#overdue").click()
        seen["loading_shown"] = phone.css("#loading").is_displayed()
        phone.wait.until(lambda d: phone.body("loads") > before)
        seen["recovered"] = {"rows": phone.rows(), "message_shown": phone.css("#message").is_displayed(),
                             "loading_shown": phone.css("#loading").is_displayed()}
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        phone.after_load(lambda: phone.css("#overdue").click())

        phone.sheet("HTD", 4)  # Android's back button closes the sheet, not the app
        seen["back_shown"] = phone.posted("web_app_setup_back_button")[-1]
        telegram_event(driver, "back_button_pressed")
        phone.wait.until(lambda d: not phone.css("#sheet").is_displayed())
        seen["back_hidden"] = phone.posted("web_app_setup_back_button")[-1]
        seen["closed_app"] = phone.posted("web_app_close")

        phone.sheet("HTD", 7)  # a deadline for one unit, sent by Telegram's MainButton
        phone.css("#deadline-date").send_keys("31/12/2020")
        seen["guard_on"] = phone.posted("web_app_setup_closing_behavior")[-1]
        seen["main_button"] = phone.posted("web_app_setup_main_button")[-1]
        telegram_event(driver, "main_button_pressed")
        seen["deadline_toast"] = phone.toast("cho 1 đơn vị")
        phone.wait.until(lambda d: "Hạn: 31/12/2020" in phone.css("#sheet-content").text)  # the sheet redrawn
        seen["haptics"] = phone.posted("web_app_trigger_haptic_feedback")
        seen["guard_off"] = phone.posted("web_app_setup_closing_behavior")[-1]

        phone.sheet("HTD", 6)  # every unit's deadline: Telegram's popup asks first, naming how many
        phone.css("#deadline-date").send_keys("15/01/2021")
        phone.css("#deadline-all").click()
        phone.wait.until(lambda d: phone.posted("web_app_open_popup"))
        seen["popup"] = phone.posted("web_app_open_popup")[-1]
        telegram_event(driver, "popup_closed", {"button_id": "no"})
        seen["cancel_toast"] = phone.toast("chưa thay đổi")
        with httpx.Client(base_url=base_url, headers={"Authorization": f"tma {admin}"}) as office:
            seen["after_no"] = office.get("api/cell", params={"unit": "SNV", "task": 6}).json()["deadline"]
        phone.css("#deadline-all").click()
        phone.wait.until(lambda d: len(phone.posted("web_app_open_popup")) == 2)
        telegram_event(driver, "popup_closed", {"button_id": "yes"})
        seen["all_toast"] = phone.toast("cho 28 đơn vị")

        phone.sheet("SNV", 3)  # approving an extension: the answer on screen, the button waiting meanwhile
        phone.js("window.__disabled = []; new MutationObserver((m) => m.forEach((r) => { if (r.target.disabled) "
                 "window.__disabled.push(r.target.className); })).observe(document.getElementById('sheet'), "
                 "{subtree: true, attributes: true, attributeFilter: ['disabled']});")
        phone.css("#sheet .ext button.approve").click()
        seen["approve_toast"] = phone.toast("đề nghị gia hạn của SNV")
        seen["disabled_while_running"] = phone.js("return window.__disabled")

        phone.sheet("HTD", 5)  # decided meanwhile on another device: a second tap reads as done, not as a failure
        with httpx.Client(base_url=base_url, headers={"Authorization": f"tma {admin}"}) as other_device:
            request = int(phone.css("#sheet .ext").get_attribute("data-request"))
            seen["other_device"] = other_device.post("api/extension", json={"request": request, "approve": True}).status_code
        phone.css("#sheet .ext button.approve").click()
        seen["again_toast"] = phone.toast("đã được xử lý")
        seen["again_haptic"] = phone.posted("web_app_trigger_haptic_feedback")[-1]

        phone.js("history.replaceState(null, '', location.pathname); location.reload();")  # the fragment is lost
        phone.wait.until(lambda d: phone.js("return document.readyState") == "complete" and phone.body("loads") == 1)
        seen["reloaded_rows"] = len(phone.rows())


async def test_the_office_view_on_a_phone():
    kit = await dashboard_kit(fresh_engine("sqlite"))
    try:
        await office_scenario(kit)
        await kit.send(kit.text(SNV, "/giahan 3 15/01/2021 chờ ý kiến của Sở Tài chính"))
        seen: dict = {}
        await asyncio.to_thread(_office, kit.base_url, launch_data(ADMIN), seen)
        deadlines = {(u, n): assignment_of(kit, u, n).deadline for u, n in (("HTD", 7), ("SNV", 6), ("HTD", 6))}
    finally:
        await kit.stop()
        kit.engine.dispose()
    assert seen["light"] == "rgb(255, 255, 255)" and seen["ready"]
    assert seen["first_row"] <= 370, "the matrix's first row must be in the top half of a 360×740 screen"
    assert seen["small_text"] == [] and seen["dark_small_text"] == []
    assert seen["small_targets"] == []
    assert seen["marks"] == {("HTD", 3): "Q/V", ("HTD", 4): "V", ("SNV", 1): "Đ", ("BDT", 1): "–"}
    assert seen["by_name"] == sorted(seen["by_name"], key=fold) and seen["by_done"][0] == "SNV"
    assert seen["failed"]["checked"] is False and seen["failed"]["rows"] == 28
    assert "Không kết nối được" in seen["failed"]["message"] and "Bộ lọc đã trở lại" in seen["failed"]["message"]
    assert seen["loading_shown"] is True
    assert seen["recovered"] == {"rows": ["HTD", "STC", "SNV"], "message_shown": False, "loading_shown": False}
    assert seen["back_shown"] == {"is_visible": True} and seen["back_hidden"] == {"is_visible": False}
    assert seen["closed_app"] == []
    assert seen["guard_on"] == {"need_confirmation": True} and seen["guard_off"] == {"need_confirmation": False}
    assert seen["main_button"]["is_visible"] is True and seen["main_button"]["text"] == "Đặt hạn cho đơn vị này"
    assert in_view(seen["deadline_toast"]) and seen["deadline_toast"]["kind"] == "ok"
    assert {"type": "notification", "notification_type": "success"} in seen["haptics"]
    assert "28 đơn vị" in seen["popup"]["message"] and "15/01/2021" in seen["popup"]["message"]
    assert in_view(seen["cancel_toast"]) and in_view(seen["all_toast"]) and seen["after_no"] == "—"
    assert in_view(seen["approve_toast"]) and seen["approve_toast"]["kind"] == "ok"
    assert "approve" in " ".join(seen["disabled_while_running"])
    assert seen["other_device"] == 200
    assert in_view(seen["again_toast"]) and seen["again_toast"]["kind"] == "info"
    assert seen["again_haptic"]["notification_type"] == "warning"
    assert seen["reloaded_rows"] == 28
    assert str(deadlines["HTD", 7]) == "2020-12-31"
    assert str(deadlines["SNV", 6]) == str(deadlines["HTD", 6]) == "2021-01-15"


def _focal(base_url: str, init: str, seen: dict) -> None:
    with phone_browser(width=360, height=740) as driver:
        as_telegram_client(driver, DARK_THEME)
        phone = Phone(driver)
        phone.open(base_url, init, DARK_THEME)
        seen["office_shown"] = phone.css("#main").is_displayed()
        seen["dark"] = phone.background()
        seen["small_text"] = phone.js(SMALL_TEXT_JS, LABELS)
        seen["small_targets"] = phone.js(SMALL_TARGETS_JS)
        phone.tap('.ftask[data-number="1"] input[value=done]')
        phone.tap('.ftask[data-number="2"] input[value=blocked]')
        phone.tap('.ftask[data-number="2"] input.fnote')
        phone.css('.ftask[data-number="2"] input.fnote').send_keys("chờ hướng dẫn liên ngành")
        seen["main_button"] = phone.posted("web_app_setup_main_button")[-1]
        seen["guard_on"] = phone.posted("web_app_setup_closing_behavior")[-1]
        telegram_event(driver, "main_button_pressed")
        seen["toast"] = phone.toast("Nhiệm vụ 2")
        phone.wait.until(lambda d: phone.body("loads") == 2)
        seen["guard_off"] = phone.posted("web_app_setup_closing_behavior")[-1]
        seen["statuses"] = phone.js("return [...document.querySelectorAll('.ftask')].map((t) => t.dataset.status)")


async def test_a_focal_points_form_on_a_phone():
    kit = await dashboard_kit(fresh_engine("sqlite"))
    try:
        await office_scenario(kit)
        seen: dict = {}
        await asyncio.to_thread(_focal, kit.base_url, launch_data(HTD), seen)
        await kit.drain()
        summary = (await kit.send(kit.text(ADMIN, "/tonghop")))[0].text
        stored = [(r.status, r.source, r.note) for n in (1, 2) for r in reports_of(kit, "HTD", n)]
        chat = [c.text for c in kit.api.sent(chat_id=HTD["id"])]
    finally:
        await kit.stop()
        kit.engine.dispose()
    assert seen["office_shown"] is False and seen["dark"] == "rgb(23, 33, 43)"
    assert seen["small_text"] == [] and seen["small_targets"] == []
    assert seen["main_button"]["is_visible"] is True and seen["main_button"]["text"] == "Gửi báo cáo (2)"
    assert seen["guard_on"] == {"need_confirmation": True} and seen["guard_off"] == {"need_confirmation": False}
    assert in_view(seen["toast"]) and "Nhiệm vụ 1 — ✅ Hoàn thành" in seen["toast"]["text"]
    assert seen["statuses"][:2] == ["done", "blocked"]
    assert stored == [(Status.done, ReportSource.miniapp, None),
                      (Status.blocked, ReportSource.miniapp, "chờ hướng dẫn liên ngành")]
    assert "✅ Hoàn thành đúng hạn: 3 lượt" in summary
    assert any("Nhiệm vụ 2 — ⚠️ Vướng mắc (ghi chú: chờ hướng dẫn liên ngành)" in t for t in chat)
