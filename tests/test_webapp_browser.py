"""The dashboard in a real headless Chromium at 360 px (Debian's chromium + chromium-driver, Selenium):
the matrix of 2410 with a blocked cell and its note after a tap, a forged launch showing nothing, and the
"only overdue" filter changing the rows. One browser for the three, on SQLite only (CI time)."""

import asyncio

import pytest

from bot.webapp.browser import as_telegram_client, launch_url, missing_browser, phone_browser
from tests.conftest import fresh_engine
from tests.webapp_kit import HTD, VIEWER, dashboard_kit, launch_data, office_scenario

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(missing_browser() is not None, reason=f"no headless Chromium: {missing_browser()}")]


def _browse(base_url: str, valid: str, forged: str) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    seen: dict = {}
    with phone_browser(width=360) as driver:
        as_telegram_client(driver, {"bg_color": "#17212b", "text_color": "#f5f5f5"})  # the SDK reads the theme
        wait = WebDriverWait(driver, 20)

        def loads() -> int:
            return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-loads") or 0)

        def rows() -> list[str]:
            return [r.get_attribute("data-unit") for r in driver.find_elements(By.CSS_SELECTOR, "#matrix tr[data-unit]")]

        driver.get(launch_url(base_url, forged))
        wait.until(lambda d: d.find_element(By.ID, "message").text)
        seen["forged_message"] = driver.find_element(By.ID, "message").text
        seen["forged_rows"] = rows()
        seen["forged_main_shown"] = driver.find_element(By.ID, "main").is_displayed()

        driver.get("about:blank")
        driver.get(launch_url(base_url, valid, theme='{"bg_color":"#17212b","text_color":"#f5f5f5"}'))
        wait.until(lambda d: loads() >= 1)
        seen["rows"] = rows()
        seen["width"] = driver.execute_script("return document.documentElement.clientWidth")
        seen["scroll_width"] = driver.execute_script("return document.body.scrollWidth")
        seen["background"] = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        cell = driver.find_element(By.CSS_SELECTOR, '#matrix td[data-unit="HTD"][data-task="4"]')
        seen["cell_status"] = cell.get_attribute("data-status")
        overdue_blocker = driver.find_element(By.CSS_SELECTOR, '#matrix td[data-unit="HTD"][data-task="3"]')
        seen["overdue_blocker_class"] = overdue_blocker.get_attribute("class")
        cell.click()
        wait.until(lambda d: d.find_element(By.ID, "sheet").is_displayed() and "Nhiệm vụ 4" in d.find_element(By.ID, "sheet-content").text)
        seen["sheet"] = driver.find_element(By.ID, "sheet-content").text
        driver.find_element(By.ID, "close").click()
        # The unit's sheet (tap on its name): its question to the office, and the read-back it confirmed.
        driver.find_element(By.CSS_SELECTOR, '#matrix tr[data-unit="HTD"] th.u').click()
        wait.until(lambda d: d.find_elements(By.ID, "questions"))
        seen["unit_sheet"] = driver.find_element(By.ID, "sheet-content").text
        driver.find_element(By.ID, "close").click()
        driver.find_element(By.CSS_SELECTOR, '#matrix td[data-unit="HTD"][data-task="6"]').click()
        wait.until(lambda d: "Nhiệm vụ 6" in d.find_element(By.ID, "sheet-content").text)
        seen["confirmed_sheet"] = driver.find_element(By.ID, "sheet-content").text
        driver.find_element(By.ID, "close").click()

        before = loads()
        driver.find_element(By.ID, "overdue").click()
        wait.until(lambda d: loads() > before)
        seen["overdue_rows"] = rows()
    return seen


async def test_dashboard_in_a_real_browser():
    kit = await dashboard_kit(fresh_engine("sqlite"))
    try:
        await office_scenario(kit)
        await kit.send(kit.text(HTD, "NV7 thì gửi báo cáo cho ai ạ?"))  # a question: goes to the office
        readback = (await kit.send(kit.text(HTD, "NV6: từ ngày 5 tháng 11 đang thực hiện")))[0]  # read back
        confirm = next(b["callback_data"] for b in readback.buttons if b["callback_data"].endswith(":y"))
        await kit.send(kit.callback(HTD, confirm, message=readback))
        valid = launch_data(VIEWER)
        forged = valid.replace("%22id%22%3A300", "%22id%22%3A100")  # claims to be the admin: signature breaks
        seen = await asyncio.to_thread(_browse, kit.base_url, valid, forged)
    finally:
        await kit.stop()
        kit.engine.dispose()
    assert "không xác thực được" in seen["forged_message"]
    assert seen["forged_rows"] == [] and not seen["forged_main_shown"]
    assert len(seen["rows"]) == 28 and seen["rows"][0] == "HTD"
    assert seen["width"] == 360 and seen["scroll_width"] <= 360  # nothing wider than the phone but the matrix' own scroll
    assert seen["background"] == "rgb(23, 33, 43)"  # Telegram's theme colour from the launch parameters
    assert seen["cell_status"] == "blocked"
    assert "blk" in seen["overdue_blocker_class"].split()  # overdue colour with the blocker mark
    assert "thiếu kinh phí" in seen["sheet"] and "Hoàng Văn E" in seen["sheet"]
    assert "Câu hỏi gửi Văn phòng" in seen["unit_sheet"] and "NV7 thì gửi báo cáo cho ai ạ?" in seen["unit_sheet"]
    assert "Nhiệm vụ 7" in seen["unit_sheet"] and "Chưa trả lời" in seen["unit_sheet"]
    assert "Đang thực hiện · đã xác nhận" in seen["confirmed_sheet"]
    assert seen["overdue_rows"] == ["HTD", "STC", "SNV"]
