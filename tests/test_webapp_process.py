"""`cchc-bot run` with WEBAPP_LISTEN / WEBAPP_URL as a real process: the composition root starts the dashboard
on the bot's loop, sets the admins' menu button, and the server answers only signed launch data."""

import json
import socket
import urllib.error
import urllib.request

import pytest

from tests.fake_http_api import FakeBotServer
from tests.process_kit import ADMIN_ID, TOKEN, BotProcess, seed_database
from tests.webapp_kit import launch_data

pytestmark = pytest.mark.process


def _get(url: str, init: str | None) -> tuple[int, dict | str]:
    headers = {"Authorization": f"tma {init}"} if init else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
            body = answer.read().decode()
            return answer.status, json.loads(body) if "json" in answer.headers["Content-Type"] else body
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read().decode())


def test_running_bot_serves_the_dashboard(tmp_path):
    seed_database(tmp_path / "bot.db", units=28)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = FakeBotServer().start()
    bot = BotProcess(server, tmp_path / "bot.db", tmp_path, WEBAPP_LISTEN=f"127.0.0.1:{port}",
                     WEBAPP_URL="https://cchc.example.gov.vn/app/")
    try:
        bot.start()
        menus = [r.call for r in server.calls("setChatMenuButton")]
        assert [(c.chat_id, c.params["menu_button"]) for c in menus] == [(ADMIN_ID, {
            "type": "web_app", "text": "Bảng theo dõi", "web_app": {"url": "https://cchc.example.gov.vn/app/"}})]
        base = f"http://127.0.0.1:{port}/"
        status, page = _get(base, None)
        assert status == 200 and "static/app.js" in page
        admin = {"id": ADMIN_ID, "first_name": "Văn phòng"}
        status, board = _get(base + "api/dashboard", launch_data(admin, token=TOKEN))
        assert status == 200 and board["figures"]["units"] == 28 and len(board["rows"]) == 28, bot.log()
        status, refused = _get(base + "api/dashboard", launch_data(admin, token="123456:ANOTHER-BOT"))
        assert status == 401 and "error" in refused
        bot.stop()
        assert bot.proc.returncode == 0, bot.log()
        assert TOKEN.split(":")[1] not in bot.log()
    finally:
        bot.kill()
        server.stop()


def test_a_taken_dashboard_port_is_one_line_and_exit_1(tmp_path):
    from tests.test_startup_and_secrets import one_line, run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(tmp_path, "run", DATABASE_URL=f"sqlite:///{tmp_path / 'cchc.db'}",
                         WEBAPP_LISTEN=f"127.0.0.1:{port}")
    assert result.returncode == 1 and f"WEBAPP_LISTEN 127.0.0.1:{port}" in one_line(result)
