"""Telegram Mini App launch data: checked exactly as https://core.telegram.org/bots/webapps prescribes.

secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token); the data-check-string is every received field
except `hash` (the `signature` field included), sorted by key, as "key=value" lines joined by "\\n"; the data
is Telegram's when hex(HMAC_SHA256(key=secret_key, msg=data_check_string)) equals `hash`. Pure: no I/O.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

MAX_AGE_SECONDS = 24 * 3600
CLOCK_SKEW_SECONDS = 300  # Telegram's clock and ours may differ a little; a launch from the future is refused


class InitDataError(ValueError):
    """Missing, malformed, forged or stale launch data (the server answers 401)."""


@dataclass(frozen=True)
class WebAppUser:
    id: int
    name: str
    auth_date: int


def _secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def _data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign_init_data(fields: dict[str, str], *, bot_token: str) -> str:
    """The raw init data Telegram would pass for `fields` (the demo's link and the tests)."""
    digest = hmac.new(_secret_key(bot_token), _data_check_string(fields).encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def launch_fields(*, user_id: int, first_name: str, auth_date: int) -> dict[str, str]:
    """The fields of a launch from the menu button (no query_id, no chat), `signature` included as Telegram
    sends it (an Ed25519 signature for third parties: this server checks `hash`, and the SDK wants the field)."""
    user = {"id": user_id, "first_name": first_name, "language_code": "vi", "allows_write_to_pm": True}
    user_json = json.dumps(user, ensure_ascii=False, separators=(",", ":"))
    signature = base64.urlsafe_b64encode(hashlib.sha512(f"{auth_date}{user_json}".encode()).digest()).rstrip(b"=")
    return {"auth_date": str(auth_date), "user": user_json, "signature": signature.decode()}


def check_init_data(raw: str, *, bot_token: str, now: float, max_age: int = MAX_AGE_SECONDS) -> WebAppUser:
    """The user the launch data speaks for, or InitDataError (bad signature, older than `max_age`)."""
    try:
        pairs = parse_qsl(raw or "", keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise InitDataError("malformed init data") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("a field appears twice")
    received = fields.get("hash", "")
    expected = hmac.new(_secret_key(bot_token), _data_check_string(fields).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), received.encode()):
        raise InitDataError("bad signature")
    try:
        auth_date = int(fields["auth_date"])
        user = json.loads(fields["user"])
        user_id = int(user["id"])
    except (KeyError, ValueError, TypeError) as exc:
        raise InitDataError("no auth_date or user") from exc
    if not -CLOCK_SKEW_SECONDS <= now - auth_date <= max_age:
        raise InitDataError("stale init data")
    name = " ".join(str(user.get(k) or "") for k in ("first_name", "last_name")).strip()
    return WebAppUser(user_id, name or str(user_id), auth_date)
