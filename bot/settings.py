"""Settings from the environment (and `.env`, which the real environment overrides)."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite:///data/cchc.db"
DEFAULT_OFFICE_HOURS = "07:30-11:30,13:30-17:00"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
WEBHOOK_SECRET_FORM = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token
SECRET_FIELDS = ("token", "webhook_secret")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    admin_ids: tuple[int, ...] = ()
    office_chat_id: int | None = None
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    office_hours: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    log_level: str = "INFO"
    invite_ttl_days: int = 7
    rate_limit: bool = True
    rate_per_second: float = 30.0
    rate_per_chat_per_second: float = 1.0
    flood_limit_per_minute: int = 20
    province_name: str = "Lai Châu"
    office_name: str = "Sở Nội vụ tỉnh Lai Châu"
    office_signer: str | None = None  # e.g. "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC": the lines above the signature
    office_abbrev: str = "SNV"  # the office's abbreviation in a document's number: "Số: /BC-SNV", "/SNV-CCHC"
    office_signer_name: str | None = None  # the signer's name under the signature
    webapp_listen: tuple[str, int] | None = None  # the dashboard's server; None: no web server
    webapp_url: str | None = None  # the public https address Telegram opens (menu button, /tonghop)
    evidence_dir: Path | None = None  # EVIDENCE_DIR; None: `evidence` beside the SQLite file (evidence_root)
    webapp_trusted_proxy: tuple[str, ...] = ()  # reverse proxies whose X-Real-IP / X-Forwarded-For are believed
    webhook_secret: str | None = None
    metrics_listen: tuple[str, int] | None = None  # /healthz and /metrics; None: not served
    backup_dir: str | None = None  # None: `backups` beside the SQLite database (PostgreSQL: none unless set)
    backups: bool = True  # BACKUP_DIR=off: no scheduled backups
    backup_keep: int = 14
    backup_at: time = time(2, 30)  # the quiet hour of the daily backup, in TIMEZONE

    def __repr__(self) -> str:
        """Every setting but the secrets: the token and the webhook secret are masked, and so is a password
        in DATABASE_URL (settings end up in logs and tracebacks)."""
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS and value:
                value = "<hidden>"
            elif f.name == "database_url":
                value = redact_url(value)
            shown.append(f"{f.name}={value!r}")
        return f"Settings({', '.join(shown)})"

    def evidence_root(self) -> Path:
        """Where evidence files are kept: EVIDENCE_DIR, else an `evidence` folder beside the SQLite database
        file, else (PostgreSQL, an in-memory database) `data/evidence` under the working directory."""
        if self.evidence_dir is not None:
            return self.evidence_dir
        if self.database_url.startswith("sqlite:///") and self.database_url != "sqlite:///:memory:":
            return Path(self.database_url[len("sqlite:///"):].split("?")[0]).parent / "evidence"
        return Path("data/evidence")

    def require_webhook_secret(self) -> str | None:
        """The webhook secret; required on PostgreSQL, the one setup where several processes serve one bot
        (README): each would otherwise register its own random secret and refuse the others' updates."""
        if self.webhook_secret is None and self.database_url.startswith("postgresql"):
            raise SettingsError(
                "WEBHOOK_SECRET is not set: with DATABASE_URL on PostgreSQL several processes may serve the "
                "webhook and all must share one secret; set it in .env (1-256 characters A-Z a-z 0-9 _ -)"
            )
        return self.webhook_secret

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env "
                "(see .env.example)"
            )
        if ":" not in self.token or any(c.isspace() for c in self.token):
            raise SettingsError("TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<secret>' from @BotFather")
        return self.token


def redact_url(url: str) -> str:
    """postgresql+psycopg://user:secret@host/db -> postgresql+psycopg://user:***@host/db."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


def parse_office_hours(value: str) -> tuple[tuple[time, time], ...]:
    """Parse '07:30-11:30,13:30-17:00' into ordered, non-overlapping (start, end) pairs."""
    spans: list[tuple[time, time]] = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            start_s, end_s = part.split("-")
            start, end = time.fromisoformat(start_s.strip()), time.fromisoformat(end_s.strip())
        except ValueError as exc:
            raise SettingsError(
                f"OFFICE_HOURS is malformed ({value!r}): expected e.g. 07:30-11:30,13:30-17:00"
            ) from exc
        if start >= end or (spans and start < spans[-1][1]):
            raise SettingsError(
                f"OFFICE_HOURS is malformed ({value!r}): spans must be increasing and not overlap"
            )
        spans.append((start, end))
    if not spans:
        raise SettingsError("OFFICE_HOURS is empty: expected e.g. 07:30-11:30,13:30-17:00")
    return tuple(spans)


def parse_listen(name: str, value: str) -> tuple[str, int]:
    """'127.0.0.1:8081' -> ('127.0.0.1', 8081); port 0 asks the system for a free one."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise SettingsError(f"{name} is malformed ({value!r}): expected host:port such as 127.0.0.1:8081")
    return host.strip("[]"), int(port)


def _int_list(name: str, value: str) -> tuple[int, ...]:
    out = []
    for item in value.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            out.append(int(item))
        except ValueError as exc:
            raise SettingsError(
                f"{name} is malformed ({item!r}): expected comma-separated Telegram user ids"
            ) from exc
    return tuple(out)


def settings_from_env(env: Mapping[str, str]) -> Settings:
    """Build settings from a mapping; raises SettingsError naming the bad variable."""

    def get(name: str) -> str | None:
        value = env.get(name)
        return value.strip() if value and value.strip() else None

    kwargs: dict = {}
    if token := get("TELEGRAM_BOT_TOKEN"):
        kwargs["token"] = token
    if api := get("TELEGRAM_API_URL"):
        if not api.startswith(("http://", "https://")):
            raise SettingsError(f"TELEGRAM_API_URL is malformed ({api!r}): expected an http(s) URL")
        kwargs["api_url"] = api
    if db := get("DATABASE_URL"):
        if "://" not in db:
            raise SettingsError(
                f"DATABASE_URL is malformed ({db!r}): expected e.g. sqlite:///data/cchc.db"
            )
        kwargs["database_url"] = db
    if admins := get("OFFICE_ADMIN_IDS"):
        kwargs["admin_ids"] = _int_list("OFFICE_ADMIN_IDS", admins)
    if chat := get("OFFICE_CHAT_ID"):
        try:
            kwargs["office_chat_id"] = int(chat)
        except ValueError as exc:
            raise SettingsError(
                f"OFFICE_CHAT_ID is malformed ({chat!r}): expected a Telegram chat id such as -1001234567890"
            ) from exc
    if tz := get("TIMEZONE"):
        try:
            kwargs["timezone"] = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"TIMEZONE is unknown ({tz!r}): expected an IANA name such as Asia/Ho_Chi_Minh") from exc
    if hours := get("OFFICE_HOURS"):
        kwargs["office_hours"] = parse_office_hours(hours)
    if level := get("LOG_LEVEL"):
        if level.upper() not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL is malformed ({level!r}): expected one of {', '.join(LOG_LEVELS)}")
        kwargs["log_level"] = level.upper()
    if ttl := get("INVITE_TTL_DAYS"):
        if not ttl.isdigit() or not 1 <= int(ttl) <= 90:
            raise SettingsError(f"INVITE_TTL_DAYS is malformed ({ttl!r}): expected a whole number of days, 1-90")
        kwargs["invite_ttl_days"] = int(ttl)
    if rl := get("RATE_LIMIT"):
        if rl.lower() not in ("on", "off", "1", "0", "true", "false"):
            raise SettingsError(f"RATE_LIMIT is malformed ({rl!r}): expected on or off")
        kwargs["rate_limit"] = rl.lower() in ("on", "1", "true")
    for name, field_name, low, high in (
        ("RATE_LIMIT_PER_SECOND", "rate_per_second", 0.1, 1000.0),
        ("RATE_LIMIT_PER_CHAT", "rate_per_chat_per_second", 0.01, 100.0),
        ("FLOOD_LIMIT_PER_MINUTE", "flood_limit_per_minute", 1, 10_000),
    ):
        if raw := get(name):
            try:
                value = float(raw)
                if not low <= value <= high:
                    raise ValueError
            except ValueError as exc:
                raise SettingsError(f"{name} is malformed ({raw!r}): expected a number from {low} to {high}") from exc
            kwargs[field_name] = int(value) if field_name == "flood_limit_per_minute" else value
    for name, field_name in (("PROVINCE_NAME", "province_name"), ("OFFICE_NAME", "office_name"),
                             ("OFFICE_SIGNER", "office_signer"), ("OFFICE_SIGNER_NAME", "office_signer_name")):
        if raw := get(name):
            if len(raw) > 120 or any(ord(c) < 32 for c in raw):
                raise SettingsError(f"{name} is malformed: expected one line of at most 120 characters")
            kwargs[field_name] = " ".join(raw.split())
    if abbrev := get("OFFICE_ABBREV"):  # Decree 30: the ký hiệu is upper-case letters (Đ too), no spaces
        if not re.fullmatch(r"[A-ZĐ0-9]{1,12}", abbrev.strip()):
            raise SettingsError(f"OFFICE_ABBREV is malformed ({abbrev!r}): expected capitals like SNV")
        kwargs["office_abbrev"] = abbrev.strip()
    if listen := get("WEBAPP_LISTEN"):
        kwargs["webapp_listen"] = parse_listen("WEBAPP_LISTEN", listen)
    if url := get("WEBAPP_URL"):
        if not url.startswith("https://") or any(c.isspace() for c in url) or "#" in url:
            raise SettingsError(f"WEBAPP_URL is malformed ({url!r}): Telegram opens Mini Apps only over https://")
        if (path := urlsplit(url).path) and not path.endswith("/"):  # the page loads static/… and api/… relative to it
            raise SettingsError(f"WEBAPP_URL is malformed ({url!r}): a path must end with '/', e.g. https://host/cchc-app/")
        kwargs["webapp_url"] = url
    if evidence := get("EVIDENCE_DIR"):
        kwargs["evidence_dir"] = Path(evidence).expanduser()
    if proxies := get("WEBAPP_TRUSTED_PROXY"):
        try:
            kwargs["webapp_trusted_proxy"] = tuple(str(ipaddress.ip_address(p.strip()))
                                                   for p in proxies.split(",") if p.strip())
        except ValueError as exc:
            raise SettingsError(f"WEBAPP_TRUSTED_PROXY is malformed ({proxies!r}): expected the reverse proxy's IP "
                                "address(es), comma-separated, e.g. 127.0.0.1") from exc
    if listen := get("METRICS_LISTEN"):
        kwargs["metrics_listen"] = parse_listen("METRICS_LISTEN", listen)
    if folder := get("BACKUP_DIR"):
        if folder.lower() == "off":
            kwargs["backups"] = False
        else:
            kwargs["backup_dir"] = folder
    if keep := get("BACKUP_KEEP"):
        if not keep.isdigit() or not 1 <= int(keep) <= 3650:
            raise SettingsError(f"BACKUP_KEEP is malformed ({keep!r}): expected how many daily copies to keep, 1-3650")
        kwargs["backup_keep"] = int(keep)
    if at := get("BACKUP_AT"):
        try:
            kwargs["backup_at"] = time.fromisoformat(at)
        except ValueError as exc:
            raise SettingsError(f"BACKUP_AT is malformed ({at!r}): expected a time of day such as 02:30") from exc
    if secret := get("WEBHOOK_SECRET"):
        if not WEBHOOK_SECRET_FORM.fullmatch(secret):  # the value itself is never echoed
            raise SettingsError(f"WEBHOOK_SECRET is malformed ({len(secret)} characters): expected 1-256 "
                                "characters A-Z a-z 0-9 _ -, as Telegram accepts")
        kwargs["webhook_secret"] = secret
    return Settings(**kwargs)


def load_settings(env_file: str | None = ".env") -> Settings:
    """Read `.env` (if present) under the real environment, then validate."""
    from dotenv import dotenv_values

    merged: dict[str, str] = {}
    if env_file and os.path.exists(env_file):
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ)
    return settings_from_env(merged)
