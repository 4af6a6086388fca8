"""A headless Chromium at phone width for the demo's screenshots and the browser tests.

Debian's `chromium` and `chromium-driver`, driven by Selenium; nothing is ever downloaded (Selenium
Manager is told to stay offline and is given both paths).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVERS = ("/usr/bin/chromedriver",)
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--lang=vi-VN")


def missing_browser() -> str | None:
    """Why a headless Chromium cannot run here, or None when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if not any(os.path.exists(p) for p in BROWSERS):
        return "Debian's chromium is not installed (apt-get install chromium chromium-driver)"
    if not any(os.path.exists(p) for p in DRIVERS):
        return "Debian's chromium-driver is not installed (apt-get install chromium-driver)"
    return None


@contextmanager
def phone_browser(*, width: int = 360, height: int = 780) -> Iterator:
    """A Selenium driver whose viewport is a phone's (`width` CSS pixels), in a fresh profile."""
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="cchc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = next(p for p in BROWSERS if os.path.exists(p))
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    service = Service(executable_path=next(p for p in DRIVERS if os.path.exists(p)))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
        driver.set_page_load_timeout(30)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def launch_url(base_url: str, init_data: str, *, theme: str | None = None, platform: str = "web") -> str:
    """The address Telegram opens: the page with the launch parameters in the fragment."""
    from urllib.parse import quote

    fragment = f"tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0&tgWebAppPlatform={platform}"
    if theme:
        fragment += f"&tgWebAppThemeParams={quote(theme, safe='')}"
    return f"{base_url}#{fragment}"


# Telegram's default themes as its Android client passes them (tgWebAppThemeParams, theme_changed).
LIGHT_THEME = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#707579", "link_color": "#3390ec",
               "button_color": "#3390ec", "button_text_color": "#ffffff", "secondary_bg_color": "#f4f4f5",
               "destructive_text_color": "#e53935"}
DARK_THEME = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499", "link_color": "#6ab3f3",
              "button_color": "#5288c1", "button_text_color": "#ffffff", "secondary_bg_color": "#232e3c",
              "destructive_text_color": "#ec3942"}

# Telegram's Android client as the page sees it: it calls window.TelegramWebviewProxy.postEvent(type, json) and
# answers through window.Telegram.WebView.receiveEvent(type, data) (the bridge the SDK listens on). This stand-in
# records every call in window.__telegram.posted and answers the requests a real client answers at once
# (viewport, safe areas, theme); popups wait for the test (`telegram_event(driver, "popup_closed", ...)`).
TELEGRAM_CLIENT_JS = """
(() => {
  const client = window.__telegram = { posted: [], theme: %s };
  const send = (type, data) => setTimeout(() => window.Telegram.WebView.receiveEvent(type, data), 0);
  window.TelegramWebviewProxy = { postEvent(type, json) {
    const data = json ? JSON.parse(json) : undefined;
    client.posted.push([type, data === undefined ? null : data]);
    if (type === "web_app_request_viewport")
      send("viewport_changed", { height: innerHeight, width: innerWidth, is_expanded: true, is_state_stable: true });
    if (type === "web_app_request_safe_area") send("safe_area_changed", { top: 0, bottom: 0, left: 0, right: 0 });
    if (type === "web_app_request_content_safe_area")
      send("content_safe_area_changed", { top: 0, bottom: 0, left: 0, right: 0 });
    if (type === "web_app_request_theme") send("theme_changed", { theme_params: client.theme });
  } };
})();
"""


def as_telegram_client(driver, theme: dict) -> None:
    """Every page the driver opens from now on runs inside the stand-in Android client above."""
    import json

    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                           {"source": TELEGRAM_CLIENT_JS % json.dumps(theme)})


def telegram_event(driver, event: str, data: dict | None = None) -> None:
    """An event as the Android client sends it (theme_changed, back_button_pressed, popup_closed, ...)."""
    driver.execute_script("window.Telegram.WebView.receiveEvent(arguments[0], arguments[1])", event, data)


def telegram_calls(driver, method: str) -> list:
    """The data of every call the page made to Telegram with `method` (e.g. web_app_setup_back_button)."""
    return [data for name, data in driver.execute_script("return window.__telegram.posted") if name == method]
