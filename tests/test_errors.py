import logging

import pytest

from bot import texts
from tests.kit import person


@pytest.mark.parametrize("where, text", [
    ("handlers.replies.open_assignments", "xong"),          # the full path
    ("handlers.replies.quick_status_reports", "3 xong"),   # the status-reply hot path
])
async def test_a_failing_handler_apologises_and_logs_context(kit, monkeypatch, caplog, where, text):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(where, broken)
    from tests.helpers import register

    await register(kit, "SNV", person(501))
    with caplog.at_level(logging.ERROR, logger="cchc.errors"):
        calls = await kit.send(kit.text(person(501), text))
    assert [c.text for c in calls] == [texts.ERROR_APOLOGY]
    assert "Traceback" not in calls[0].text
    record = next(r for r in caplog.records if r.name == "cchc.errors")
    assert "user 501" in record.getMessage() and "database on fire" in record.getMessage()
    assert "TEST-TOKEN" not in caplog.text


def test_token_is_redacted_from_log_lines():
    from bot.logsetup import RedactTokenFilter

    record = logging.LogRecord("httpx", logging.INFO, "", 0,
                               "HTTP Request: POST https://api.telegram.org/bot123456:ABC-def_ghi/getMe", None, None)
    RedactTokenFilter("123456:ABC-def_ghi").filter(record)
    assert "ABC-def_ghi" not in record.getMessage() and "bot<token>/getMe" in record.getMessage()
