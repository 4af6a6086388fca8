"""The `cchc-bot` command line. Errors are one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from bot import texts
from bot.dates import DateFormatError, fmt_date, parse_vn_date
from bot.directive_parser import DirectiveParseError, parse_directive
from bot.seed import load_bundled
from bot.settings import Settings, SettingsError, load_settings
from bot.units_csv import UnitsCsvError, parse_units_csv
from db.directives import (
    DirectiveExists,
    assign_directive,
    create_directive,
    get_directive,
    list_directives,
    list_tasks,
)
from db.engine import create_schema, make_engine
from db.models import FocalRole
from db.units import get_units_by_codes, import_units, list_units

MAX_DIRECTIVE_FILE_BYTES = 1_000_000
KIND_LABEL = {"department": "Sở, ban, ngành", "district": "UBND cấp huyện", "other": "Khác"}


class CliError(Exception):
    """A user mistake: printed as one line, exit code 1."""


class ServiceUnreachable(CliError):
    """PostgreSQL or the Bot API cannot be reached: one line, exit code 1 (the configuration may be right)."""


_ENGINES: dict[str, object] = {}


def _engine(settings: Settings):
    """One engine per process, its schema brought to the newest revision (logged when it moves)."""
    if settings.database_url not in _ENGINES:
        from db.migrate import is_current, upgrade

        engine = _make_engine(settings)
        try:
            if engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "", ":memory:"):
                create_schema(engine)  # a throwaway in-memory database needs no migration history
            elif not is_current(engine):
                upgrade(engine)
        except DBAPIError as exc:
            raise _database_failure(engine, exc) from exc
        _ENGINES[settings.database_url] = engine
    return _ENGINES[settings.database_url]


def _make_engine(settings: Settings):
    """make_engine, with a missing driver or an uncreatable data directory said in one line."""
    url = make_url(settings.database_url)
    try:
        return make_engine(settings.database_url)
    except ModuleNotFoundError as exc:
        raise SettingsError(
            f"DATABASE_URL dùng {url.drivername} nhưng chưa cài trình điều khiển ({exc.name}): "
            "chạy pip install 'cchc-bot[postgres]'") from exc
    except OSError as exc:
        folder = Path(url.database or ".").parent
        raise SettingsError(f"DATABASE_URL: không tạo được thư mục dữ liệu {folder} ({exc.strerror or exc}).") from exc


def _database_failure(engine, exc: DBAPIError) -> Exception:
    """What a failed first connection means: a wrong file is configuration (exit 2), a server that does not
    answer is a service (exit 1)."""
    text = str(getattr(exc, "orig", exc)).strip()
    reason = text.splitlines()[0] if text else type(exc).__name__
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if "not a database" in reason or "malformed" in reason:
            return SettingsError(f"DATABASE_URL trỏ tới {url.database}, tệp này không phải cơ sở dữ liệu SQLite.")
        return SettingsError(f"DATABASE_URL: không mở được tệp SQLite {url.database} ({reason}).")
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return ServiceUnreachable(f"Không kết nối được PostgreSQL tại {where} ({reason}); "
                              "hãy kiểm tra máy chủ cơ sở dữ liệu đang chạy và DATABASE_URL.")


def _read_file(path: str, limit: int) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise CliError(f"Không tìm thấy tệp {path}.")
    if file.stat().st_size > limit:
        raise CliError(f"Tệp {path} quá lớn ({file.stat().st_size} byte, tối đa {limit}).")
    return file.read_bytes()


def cmd_init(settings: Settings, args) -> None:
    engine = _engine(settings)
    with Session(engine) as session:
        counts = load_bundled(session)
        session.commit()
    print(
        f"Cơ sở dữ liệu sẵn sàng: {counts['added']} đơn vị mới, {counts['unchanged'] + counts['updated']} đã có; "
        f"{counts['assignments']} phân công mới."
    )


def cmd_units_import(settings: Settings, args) -> None:
    try:
        rows = parse_units_csv(_read_file(args.file, 1_000_000))
    except UnitsCsvError as exc:
        raise CliError(f"Không nhập tệp {args.file} (không có gì thay đổi):\n" + "\n".join(exc.problems)) from exc
    with Session(_engine(settings), expire_on_commit=False) as session:
        counts = import_units(session, rows=rows)
        session.commit()
    print(f"Đã nhập {len(rows)} đơn vị: {counts['added']} mới, {counts['updated']} cập nhật, "
          f"{counts['unchanged']} không đổi.")


def cmd_units_list(settings: Settings, args) -> None:
    with Session(_engine(settings), expire_on_commit=False) as session:
        units = list_units(session)
    current = None
    for unit in units:
        if unit.kind != current:
            current = unit.kind
            print(f"# {KIND_LABEL.get(unit.kind.value, unit.kind.value)}")
        print(f"{unit.code:<10} {unit.name}")
    print(f"Tổng: {len(units)} đơn vị")


def cmd_directive_import(settings: Settings, args) -> None:
    data = _read_file(args.file, MAX_DIRECTIVE_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"Tệp {args.file} không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start}).") from exc
    try:
        issued_on = parse_vn_date(args.date, today=datetime.now(settings.timezone).date())
        tasks = parse_directive(text)
    except (DateFormatError, DirectiveParseError) as exc:
        raise CliError(f"Không nhập văn bản (không có gì thay đổi): {exc}") from exc
    with Session(_engine(settings), expire_on_commit=False) as session:
        try:
            create_directive(session, number=args.number, issued_on=issued_on, tasks=tasks,
                             title=args.title or "", issuer=args.issuer or "", source_text=text)
        except DirectiveExists as exc:
            raise CliError(str(exc)) from exc
        session.commit()
    print(f"Đã nhập văn bản {args.number} ngày {fmt_date(issued_on)} với {len(tasks)} nhiệm vụ.")


def cmd_directive_list(settings: Settings, args) -> None:
    with Session(_engine(settings), expire_on_commit=False) as session:
        for directive in list_directives(session):
            tasks = list_tasks(session, directive_id=directive.id)
            state = "đang mở" if directive.is_open else "đã đóng"
            print(f"{directive.number:<20} {fmt_date(directive.issued_on)}  {len(tasks)} nhiệm vụ  {state}")


def cmd_directive_show(settings: Settings, args) -> None:
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = get_directive(session, number=args.number)
        if directive is None:
            raise CliError(f"Không có văn bản số {args.number}.")
        tasks = list_tasks(session, directive_id=directive.id)
    print(f"Văn bản {directive.number} ngày {fmt_date(directive.issued_on)} — {directive.issuer}")
    if directive.title:
        print(directive.title)
    for task in tasks:
        print(f"\n{task.number}. {task.text}")


def cmd_assign(settings: Settings, args) -> None:
    try:
        today = datetime.now(settings.timezone).date()
        deadline = parse_vn_date(args.deadline, today=today) if args.deadline else None
    except DateFormatError as exc:
        raise CliError(str(exc)) from exc
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = get_directive(session, number=args.directive)
        if directive is None:
            raise CliError(f"Không có văn bản số {args.directive}.")
        if args.all:
            units = list_units(session)
        else:
            units, unknown = get_units_by_codes(session, codes=args.units.split(","))
            if unknown:
                raise CliError(f"Không có đơn vị: {', '.join(unknown)}.")
        created = assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in units],
                                   deadline=deadline)
        session.commit()
    print(f"Đã giao {directive.number} cho {len(units)} đơn vị: {created} phân công mới"
          + (f", hạn {fmt_date(deadline)}." if deadline else "."))


def cmd_invite(settings: Settings, args) -> None:
    from db.people import create_invite
    from db.units import get_unit_by_code

    with Session(_engine(settings), expire_on_commit=False) as session:
        unit = get_unit_by_code(session, code=args.unit)
        if unit is None:
            raise CliError(f"Không có đơn vị mã {args.unit.upper()}.")
        role = FocalRole.deputy if args.deputy else FocalRole.primary
        code, invite = create_invite(session, unit=unit, role=role, created_by="cli",
                                     now=datetime.now(settings.timezone), ttl_days=settings.invite_ttl_days)
        session.commit()
        expires = invite.expires_at.astimezone(settings.timezone).strftime("%H:%M %d/%m/%Y")
    username = args.bot_username or "<tên_bot>"
    print(f"Link mời cho {unit.name} ({unit.code}), dùng một lần, hạn đến {expires}:")
    print(f"https://t.me/{username}?start={code}")
    print(f"Mã: {code}")


def cmd_revoke(settings: Settings, args) -> None:
    from db.people import revoke_focal
    from db.units import get_unit_by_code

    with Session(_engine(settings), expire_on_commit=False) as session:
        unit = get_unit_by_code(session, code=args.unit)
        if unit is None:
            raise CliError(f"Không có đơn vị mã {args.unit.upper()}.")
        focal = revoke_focal(session, unit=unit, tg_user_id=args.user_id, actor="cli",
                             now=datetime.now(settings.timezone))
        if focal is None:
            raise CliError(f"Không có đầu mối {args.user_id} đang hoạt động của {unit.code}.")
        session.commit()
    print(f"Đã thu hồi đầu mối {focal.name} ({focal.tg_user_id}) của {unit.code}.")


def cmd_push(settings: Settings, args) -> None:
    from bot.push import PushError, queue_directive_push

    with Session(_engine(settings), expire_on_commit=False) as session:
        try:
            result = queue_directive_push(session, number=args.directive, codes=[args.units or "all"],
                                          actor="cli", tz=settings.timezone, now=datetime.now(settings.timezone))
        except PushError as exc:
            raise CliError(texts.plain(str(exc))) from exc
        session.commit()
    print(f"Đã xếp hàng {result.queued} tin nhắn cho {len(result.people)} đầu mối (bỏ qua {result.skipped} tin "
          "đã gửi). Bot đang chạy sẽ gửi trong vài giây.")


def cmd_policy(settings: Settings, args) -> None:
    from bot.reminders import PolicyError, parse_policy_args, policy_for

    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = get_directive(session, number=args.directive)
        if directive is None:
            raise CliError(f"Không có văn bản số {args.directive}.")
        try:
            chosen = parse_policy_args(args.settings, policy_for(directive.reminder_policy))
        except PolicyError as exc:
            raise CliError(str(exc)) from exc
        if args.settings:
            from db.nudges import set_reminder_policy

            set_reminder_policy(session, directive=directive, policy=chosen)
            session.commit()
    print(f"{directive.number}: trước hạn {', '.join(map(str, chosen.before_days))} ngày làm việc lúc "
          f"{chosen.at:%H:%M}; quá hạn nhắc {chosen.overdue_every} ngày một lần; báo Văn phòng sau "
          f"{chosen.escalate_after} ngày.")


def _directive_or_newest(session: Session, number: str | None):
    directive = get_directive(session, number=number) if number else next(
        iter(list_directives(session, open_only=True)), None)
    if directive is None:
        raise CliError(f"Không có văn bản số {number}." if number else "Chưa có văn bản nào.")
    return directive


def _written(work):
    """Run a document writer; a file that cannot be written is one line, not a traceback."""
    try:
        return work()
    except OSError as exc:
        raise CliError(f"Không ghi được tệp {exc.filename or ''}: {exc.strerror or exc}.") from exc


def cmd_export(settings: Settings, args) -> None:
    from bot.documents.csv_export import export_csv, export_history_csv
    from bot.documents.letterhead import Letterhead
    from bot.documents.workbook import export_directive

    if not args.out and not args.csv and not args.history:
        raise CliError("Cần --out FILE.xlsx, --csv FILE.csv và/hoặc --history FILE.csv.")
    now, tz = datetime.now(settings.timezone), settings.timezone
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = _directive_or_newest(session, args.directive)
        if args.out:
            path = _written(lambda: export_directive(session, directive=directive, now=now, tz=tz,
                                                     out=Path(args.out), head=Letterhead.from_settings(settings)))
            print(f"Đã ghi {path}")
        if args.csv:
            path = _written(lambda: export_csv(session, directive=directive, now=now, tz=tz, out=Path(args.csv)))
            print(f"Đã ghi {path}")
        if args.history:
            path, count = _written(lambda: export_history_csv(session, directive=directive, tz=tz,
                                                              out=Path(args.history)))
            print(f"Đã ghi {path} ({count} báo cáo)")


def cmd_report(settings: Settings, args) -> None:
    from bot.documents.letterhead import Letterhead
    from bot.documents.report import write_report

    now, tz = datetime.now(settings.timezone), settings.timezone
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = _directive_or_newest(session, args.directive)
        path = _written(lambda: write_report(session, directive=directive, now=now, tz=tz, out=Path(args.out),
                                             head=Letterhead.from_settings(settings)))
    print(f"Đã ghi {path}")


def cmd_letter(settings: Settings, args) -> None:
    from bot.documents.letter import LetterError, write_letter
    from bot.documents.letterhead import Letterhead
    from bot.workcal import load_calendar

    now, tz = datetime.now(settings.timezone), settings.timezone
    codes = [c for c in (args.units or "").split(",") if c.strip()]
    with Session(_engine(settings), expire_on_commit=False) as session:
        directive = _directive_or_newest(session, args.directive)
        try:
            plan = _written(lambda: write_letter(
                session, directive=directive, now=now, tz=tz, out=Path(args.out),
                head=Letterhead.from_settings(settings), calendar=load_calendar(tz, settings.office_hours),
                codes=codes))
        except LetterError as exc:
            raise CliError(str(exc)) from exc
    print(f"Đã ghi {args.out}: đôn đốc {len(plan.addressees)} đơn vị, hạn báo cáo {fmt_date(plan.reply_by)}.")
    if plan.skipped_done:
        print(texts.LETTER_UNITS_DONE.format(names=", ".join(plan.skipped_done)))


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


def cmd_backup(settings: Settings, args) -> None:
    """SQLite's online backup API: a consistent copy while the bot keeps running."""
    import sqlite3

    engine = _make_engine(settings)
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        raise CliError("backup chỉ dành cho SQLite; với PostgreSQL hãy dùng pg_dump (xem README).")
    target = Path(args.file)
    if target.exists():
        raise CliError(f"Tệp {target} đã tồn tại; chọn tên khác.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(engine.url.database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    print(f"Đã sao lưu vào {target} ({target.stat().st_size} byte).")


def cmd_run(settings: Settings, args) -> None:
    from bot.app import build_application
    from bot.logsetup import setup_logging

    settings.require_token()
    secret = settings.require_webhook_secret() if args.webhook else None
    setup_logging(settings.log_level, settings.token)
    _check_webapp_listen(settings)
    engine = _engine(settings)
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


def _check_webapp_listen(settings: Settings) -> None:
    """WEBAPP_LISTEN taken by another program (or not an address of this machine): one line now, not a
    traceback from inside the polling loop's start."""
    import socket

    if settings.webapp_listen is None:
        return
    host, port = settings.webapp_listen
    try:
        for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado binds
                probe.bind(address)
            break
    except OSError as exc:
        raise CliError(f"WEBAPP_LISTEN {host}:{port}: không mở được cổng cho bảng theo dõi "
                       f"({exc.strerror or exc}).") from exc


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
    from bot.demo import run_demo

    raise SystemExit(run_demo(out_dir=Path(args.out), serve=args.serve, port=args.port))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc-bot", description="Bot theo dõi nhiệm vụ CCHC qua Telegram")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the bot (needs TELEGRAM_BOT_TOKEN); polling unless --webhook")
    run.add_argument("--webhook", help="public URL Telegram posts updates to, e.g. https://host/path")
    run.add_argument("--listen", help="HOST:PORT to listen on in webhook mode (default 0.0.0.0:8443)")
    run.set_defaults(func=cmd_run)
    sub.add_parser("init", help="create tables; load bundled units and directive 2410").set_defaults(func=cmd_init)
    demo = sub.add_parser("demo", help="scripted walkthrough on a local console transport, no token")
    demo.add_argument("--out", default="demo-output")
    demo.add_argument("--serve", action="store_true",
                      help="keep the dashboard on 127.0.0.1 open after the walkthrough (Ctrl-C stops)")
    demo.add_argument("--port", type=int, default=0, help="the dashboard's port (default: a free one)")
    demo.set_defaults(func=cmd_demo)

    units = sub.add_parser("units", help="units").add_subparsers(dest="units_command", required=True)
    units_import = units.add_parser("import", help="import a code,name,kind CSV")
    units_import.add_argument("file")
    units_import.set_defaults(func=cmd_units_import)
    units.add_parser("list").set_defaults(func=cmd_units_list)

    directive = sub.add_parser("directive", help="directives").add_subparsers(dest="directive_command",
                                                                               required=True)
    d_import = directive.add_parser("import", help="import a directive text file")
    d_import.add_argument("file")
    d_import.add_argument("--number", required=True)
    d_import.add_argument("--date", required=True, help="dd/mm/yyyy")
    d_import.add_argument("--title")
    d_import.add_argument("--issuer")
    d_import.set_defaults(func=cmd_directive_import)
    directive.add_parser("list").set_defaults(func=cmd_directive_list)
    d_show = directive.add_parser("show")
    d_show.add_argument("number")
    d_show.set_defaults(func=cmd_directive_show)

    assign = sub.add_parser("assign", help="assign a directive's tasks to units")
    assign.add_argument("directive")
    target = assign.add_mutually_exclusive_group(required=True)
    target.add_argument("--all", action="store_true")
    target.add_argument("--units", help="comma-separated unit codes")
    assign.add_argument("--deadline", help="dd/mm/yyyy")
    assign.set_defaults(func=cmd_assign)

    invite = sub.add_parser("invite", help="create a one-time invite for a unit's focal point")
    invite.add_argument("unit")
    invite.add_argument("--deputy", action="store_true")
    invite.add_argument("--bot-username", help="for the t.me link")
    invite.set_defaults(func=cmd_invite)

    revoke = sub.add_parser("revoke", help="remove a focal point")
    revoke.add_argument("unit")
    revoke.add_argument("user_id", type=int)
    revoke.set_defaults(func=cmd_revoke)

    policy = sub.add_parser("policy", help="show or set a directive's reminder policy")
    policy.add_argument("directive")
    policy.add_argument("settings", nargs="*", help="before=7,3,1 overdue=2 escalate=5 at=08:00")
    policy.set_defaults(func=cmd_policy)

    db = sub.add_parser("db", help="schema migrations").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply pending migrations").set_defaults(func=cmd_db)
    db.add_parser("current", help="show the schema revision").set_defaults(func=cmd_db)

    backup = sub.add_parser("backup", help="online copy of the SQLite database")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)

    export = sub.add_parser("export", help="write the office's Excel workbook (and/or a CSV)")
    export.add_argument("directive", nargs="?")
    export.add_argument("--out", help="FILE.xlsx")
    export.add_argument("--csv", help="FILE.csv")
    export.add_argument("--history", help="FILE.csv: every status report, oldest first")
    export.set_defaults(func=cmd_export)

    report = sub.add_parser("report", help="write the Word report on a directive (Decree 30 layout)")
    report.add_argument("directive", nargs="?")
    report.add_argument("--out", required=True, help="FILE.docx")
    report.set_defaults(func=cmd_report)

    letter = sub.add_parser("letter", help="write the chasing letter to units with overdue tasks")
    letter.add_argument("directive", nargs="?")
    letter.add_argument("--out", required=True, help="FILE.docx")
    letter.add_argument("--units", help="comma-separated codes (default: every unit with an overdue task)")
    letter.set_defaults(func=cmd_letter)

    push = sub.add_parser("push", help="queue a directive's tasks for the focal points")
    push.add_argument("directive")
    push.add_argument("units", nargs="?", help="comma-separated codes or 'all'")
    push.set_defaults(func=cmd_push)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        args.func(settings, args)
    except SettingsError as exc:
        print(f"cchc-bot: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"cchc-bot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
