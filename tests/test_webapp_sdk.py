"""Telegram's SDK as the page gets it: the committed bundle names the locked version, the page loads nothing from
outside, and the bundle is served with the page. (`make webapp-check`, run by CI, rebuilds the bundle from the
locked npm packages and compares it byte for byte; this test needs no npm.)"""

import json
import re
from pathlib import Path

import httpx

from tests.conftest import fresh_engine
from tests.webapp_kit import dashboard_kit

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "bot" / "webapp" / "static"


def test_the_bundle_is_the_locked_sdk_version():
    lock = json.loads((ROOT / "webapp" / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/@telegram-apps/sdk"]["version"]
    wanted = json.loads((ROOT / "webapp" / "package.json").read_text(encoding="utf-8"))
    assert wanted["dependencies"]["@telegram-apps/sdk"] == locked  # pinned exactly, no range
    bundle = (STATIC / "telegram-sdk.js").read_text(encoding="utf-8")
    assert bundle.startswith(f"/*! @telegram-apps/sdk {locked} (MIT licence")
    licences = (STATIC / "telegram-sdk.licenses.txt").read_text(encoding="utf-8")
    assert f"@telegram-apps/sdk {locked} (MIT)" in licences and "Permission is hereby granted" in licences


def test_the_page_loads_its_scripts_from_itself_only():
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert "static/telegram-sdk.js" in sources
    assert sources.index("static/telegram-sdk.js") < sources.index("static/shell.js") < sources.index("static/app.js")
    assert not [s for s in sources if re.match(r"(https?:)?//", s)]  # no CDN
    for script in ("app.js", "shell.js", "focal.js"):
        assert "http://" not in (STATIC / script).read_text() and "https://" not in (STATIC / script).read_text()


async def test_the_server_serves_the_bundle():
    kit = await dashboard_kit(fresh_engine("sqlite"))
    try:
        async with httpx.AsyncClient(base_url=kit.base_url) as browser:
            for name in ("telegram-sdk.js", "shell.js", "focal.js", "app.js"):
                answer = await browser.get(f"static/{name}")
                assert answer.status_code == 200 and "javascript" in answer.headers["content-type"], name
            assert (await browser.get("static/telegram-sdk.licenses.txt")).status_code == 404  # not in the route
    finally:
        await kit.stop()
        kit.engine.dispose()
