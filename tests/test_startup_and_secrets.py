"""Issue 13 items 8 and 9: secrets never in a repr or a traceback, WEBHOOK_SECRET through Settings, and one
line (exit 2 for configuration, 1 for an unreachable service) on every start-up failure, from the real CLI."""

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logsetup import RedactingFormatter
from bot.settings import Settings, SettingsError, load_settings, settings_from_env

TOKEN = "123456:SECRET-token_value"


def test_settings_repr_shows_no_secret():
    settings = Settings(token=TOKEN, webhook_secret="hook-secret_1",
                        database_url="postgresql+psycopg://cchc:db-password@db.example/cchc")
    text = repr(settings)
    assert "SECRET-token_value" not in text and "hook-secret_1" not in text and "db-password" not in text
    assert "token='<hidden>'" in text and "cchc:***@db.example/cchc" in text and "office_hours=" in text
    assert str(settings) == text


@pytest.mark.parametrize("value", ["has space", "semi;colon", "x" * 257, "đ"])
def test_a_malformed_webhook_secret_is_refused_without_echoing_it(value):
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET is malformed") as refused:
        settings_from_env({"WEBHOOK_SECRET": value})
    assert value not in str(refused.value)


def test_webhook_secret_is_read_from_dotenv_under_the_real_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    (tmp_path / ".env").write_text("WEBHOOK_SECRET=from-the-file_" + "a" * 200 + "\n", encoding="utf-8")
    assert load_settings().webhook_secret == "from-the-file_" + "a" * 200
    monkeypatch.setenv("WEBHOOK_SECRET", "from-the-environment")
    assert load_settings().webhook_secret == "from-the-environment"


def test_the_token_is_redacted_from_tracebacks_too():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(message)s", TOKEN))
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    try:
        try:
            raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed")
        except RuntimeError:
            log.exception("sending failed")
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert "Traceback" in output and "RuntimeError" in output  # the traceback is kept…
    assert "SECRET-token_value" not in output and "bot<token>/sendMessage" in output  # …without the token


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`cchc-bot ARGS` as a subprocess, with only the given settings (no .env in its directory)."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DATABASE_URL", "OFFICE_", "WEBHOOK_", "LOG_LEVEL"))}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, env={**base, "TELEGRAM_BOT_TOKEN": TOKEN, "LOG_LEVEL": "WARNING", **env})


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cchc-bot: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "SECRET-token_value" not in result.stderr
    return lines[0]


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_postgresql_unreachable_is_one_line_and_exit_1(tmp_path):
    result = run_cli(tmp_path, "run", DATABASE_URL=f"postgresql+psycopg://cchc:pw@127.0.0.1:{closed_port()}/cchc")
    assert result.returncode == 1
    line = one_line(result)
    assert "PostgreSQL" in line and "127.0.0.1" in line and ":pw@" not in line


def test_a_file_that_is_not_a_database_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "notes.db").write_text("not a database at all\n" * 100, encoding="utf-8")
    result = run_cli(tmp_path, "run", DATABASE_URL=f"sqlite:///{tmp_path / 'notes.db'}")
    assert result.returncode == 2 and "không phải cơ sở dữ liệu SQLite" in one_line(result)


def test_postgresql_without_the_driver_names_the_extra(tmp_path):
    shadow = tmp_path / "shadow" / "psycopg"
    shadow.mkdir(parents=True)  # an import of psycopg fails here as it does where the extra is not installed
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'psycopg'\", name='psycopg')\n")
    result = run_cli(tmp_path, "run", DATABASE_URL="postgresql+psycopg://cchc@127.0.0.1/cchc",
                     PYTHONPATH=os.pathsep.join([str(shadow.parent), os.getcwd()]))
    assert result.returncode == 2 and "pip install 'cchc-bot[postgres]'" in one_line(result)


def test_a_data_directory_that_cannot_be_created_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "data").write_text("a file where the directory should be", encoding="utf-8")
    result = run_cli(tmp_path, "run", DATABASE_URL=f"sqlite:///{tmp_path / 'data' / 'cchc.db'}")
    assert result.returncode == 2 and "không tạo được thư mục dữ liệu" in one_line(result)


def test_an_unreachable_bot_api_is_one_line_and_exit_1_and_alembic_is_quiet(tmp_path):
    api = f"http://127.0.0.1:{closed_port()}/bot"
    result = run_cli(tmp_path, "run", DATABASE_URL=f"sqlite:///{tmp_path / 'cchc.db'}", TELEGRAM_API_URL=api)
    assert result.returncode == 1 and "Bot API" in one_line(result) and api in result.stderr
    verbose = run_cli(tmp_path, "run", DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.db'}",
                      TELEGRAM_API_URL=api, LOG_LEVEL="INFO")
    assert verbose.returncode == 1 and "database migrated from empty" in verbose.stderr  # our one INFO line
    assert "alembic" not in verbose.stderr and "Traceback" not in verbose.stderr


def test_webhook_on_postgresql_without_a_shared_secret_is_refused(tmp_path):
    result = run_cli(tmp_path, "run", "--webhook", "https://bot.example/hook",
                     DATABASE_URL="postgresql+psycopg://cchc@127.0.0.1/cchc")
    assert result.returncode == 2 and "WEBHOOK_SECRET is not set" in one_line(result)
    bad = run_cli(tmp_path, "run", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}", WEBHOOK_SECRET="bad secret")
    assert bad.returncode == 2 and "WEBHOOK_SECRET is malformed" in one_line(bad)
