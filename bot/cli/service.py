"""`run`, `db …`, `demo`: running and looking after the service."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from bot.cli.common import CliError, ServiceUnreachable, _database_failure, _engine, _make_engine
from bot.operations.backups import hold_database
from bot.operations.seed import load_bundled
from bot.settings import Settings, SettingsError


def cmd_db(settings: Settings, args) -> None:
    from db.migrate import current_revision, head_revision, upgrade

    engine = _make_engine(settings)
    try:
        if args.db_command == "upgrade":
            before, after = upgrade(engine)
            print(f"Cơ sở dữ liệu: {before or 'trống'} → {after}" if before != after else f"Đã ở bản mới nhất {after}.")
        else:
            current = current_revision(engine)
            head = head_revision(engine)
            print(f"{current or 'chưa có'} (mới nhất: {head})")
    except DBAPIError as exc:
        raise _database_failure(engine, exc) from exc


def cmd_run(settings: Settings, args) -> None:
    from bot.app import build_application
    from bot.logsetup import setup_logging

    settings.require_token()
    secret = settings.require_webhook_secret() if args.webhook else None
    setup_logging(settings.log_level, settings.token)
    _check_listen(settings)
    engine = _engine(settings)
    held = hold_database(settings.database_url)  # noqa: F841  (held until the process ends: restore refuses)
    _reach_bot_api(settings)
    with Session(engine) as session:
        load_bundled(session)
        session.commit()
    app = build_application(settings, engine=engine)
    log = logging.getLogger(__name__)
    log.info("cchc-bot starting (database %s)", engine.url.render_as_string())
    if not args.webhook:
        app.run_polling(drop_pending_updates=False, close_loop=False)
        return
    from urllib.parse import urlsplit

    host, _, port = (args.listen or "0.0.0.0:8443").rpartition(":")
    if not host or not port.isdigit():
        raise CliError("--listen phải có dạng HOST:PORT, ví dụ 0.0.0.0:8443.")
    url = urlsplit(args.webhook)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise CliError("--webhook phải là một URL https://host/path.")
    secret = secret or secrets.token_urlsafe(32)  # one process: a fresh secret per start is enough
    log.info("webhook mode: listening on %s:%s, path %s", host, port, url.path or "/")
    # PTB registers the webhook with this secret and rejects every request without the header.
    app.run_webhook(listen=host, port=int(port), url_path=url.path.lstrip("/"), webhook_url=args.webhook,
                    secret_token=secret, drop_pending_updates=False, close_loop=False)


def _check_listen(settings: Settings) -> None:
    """WEBAPP_LISTEN or METRICS_LISTEN taken by another program (or not an address of this machine): one line
    now, not a traceback from inside the polling loop's start."""
    import socket

    for name, listen, what in (("WEBAPP_LISTEN", settings.webapp_listen, "bảng theo dõi"),
                               ("METRICS_LISTEN", settings.metrics_listen, "giám sát (/healthz, /metrics)")):
        if listen is None:
            continue
        host, port = listen
        try:
            for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                with socket.socket(family, kind, proto) as probe:
                    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds
                    probe.bind(address)
                break
        except OSError as exc:
            raise CliError(f"{name} {host}:{port}: không mở được cổng cho {what} ({exc.strerror or exc}).") from exc


def _reach_bot_api(settings: Settings) -> None:
    """getMe once before starting: an unreachable Bot API or a refused token is one line, not pages of
    retries and tracebacks from the polling loop."""
    import asyncio

    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    from bot.logsetup import redact

    async def probe() -> None:
        async with Bot(settings.token, base_url=settings.api_url):  # initialize() asks getMe
            pass

    try:
        asyncio.run(probe())
    except InvalidToken as exc:
        raise SettingsError("TELEGRAM_BOT_TOKEN bị Bot API từ chối: hãy kiểm tra lại token từ @BotFather.") from exc
    except TelegramError as exc:
        raise ServiceUnreachable(redact(f"Không kết nối được Bot API tại {settings.api_url} ({exc}); hãy kiểm tra "
                                        "mạng hoặc TELEGRAM_API_URL.", settings.token)) from exc


def cmd_demo(settings: Settings, args) -> None:
    from bot.testing.demo import run_demo

    raise SystemExit(run_demo(out_dir=Path(args.out), serve=args.serve, port=args.port))
