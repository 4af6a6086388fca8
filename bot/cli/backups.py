"""`backup [FILE]` and `restore FILE`: copies of the database, and putting one back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.cli.common import CliError, _make_engine
from bot.operations.backups import BackupError, check_backup_file, make_backup, prune, sqlite_copy
from bot.operations.restore import restore_postgres, restore_sqlite
from bot.settings import Settings
from jobs.backups import backup_folder, evidence_folder


def cmd_backup(settings: Settings, args) -> None:
    """FILE: SQLite's online copy into that file. No FILE: a copy with its manifest into BACKUP_DIR now (as the
    daily job makes it, PostgreSQL included), then the old ones beyond BACKUP_KEEP removed."""
    engine = _make_engine(settings)
    sqlite = engine.url.get_backend_name() == "sqlite" and engine.url.database not in (None, "", ":memory:")
    if args.file is None:
        folder = backup_folder(settings)
        if folder is None:
            raise CliError("Chưa có BACKUP_DIR (hoặc BACKUP_DIR=off): đặt thư mục sao lưu trong .env, hoặc "
                           "chỉ ra tệp: cchc-bot backup TỆP.")
        try:
            made = make_backup(settings.database_url, folder, now=datetime.now(settings.timezone),
                               evidence_dir=evidence_folder(settings))
        except BackupError as exc:
            raise CliError(str(exc)) from exc
        removed = prune(folder, settings.timezone, settings.backup_keep)
        print(f"Đã sao lưu vào {made.path} ({made.path.stat().st_size} byte, kèm {made.manifest.name}); "
              f"xóa {len(removed)} bản cũ.")
        return
    if not sqlite:
        raise CliError("backup TỆP chỉ dành cho SQLite; với PostgreSQL chạy cchc-bot backup (không tên tệp) để "
                       "sao lưu bằng pg_dump vào BACKUP_DIR.")
    target = Path(args.file)
    if target.exists():
        raise CliError(f"Tệp {target} đã tồn tại; chọn tên khác.")
    target.parent.mkdir(parents=True, exist_ok=True)
    sqlite_copy(Path(engine.url.database).resolve(), target)
    print(f"Đã sao lưu vào {target} ({target.stat().st_size} byte).")


def cmd_restore(settings: Settings, args) -> None:
    """Put a backup back into this installation's database, with the bot stopped (refused otherwise)."""
    engine = _make_engine(settings)
    file = Path(args.file)
    now = datetime.now(settings.timezone)
    try:
        manifest = check_backup_file(file)
        if engine.url.get_backend_name() == "sqlite":
            if engine.url.database in (None, "", ":memory:"):
                raise CliError("DATABASE_URL là cơ sở dữ liệu trong bộ nhớ: không có gì để khôi phục vào.")
            done = restore_sqlite(engine, file, now=now)
        else:
            done = restore_postgres(engine, file, now=now, folder=backup_folder(settings) or file.parent)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    made = f" (sao lưu lúc {manifest['made_at']})" if manifest else ""
    print(f"Đã khôi phục {file}{made}: {done.reports} báo cáo, {done.pending} tin nhắn chờ gửi. Cơ sở dữ liệu "
          f"trước khi khôi phục được giữ ở {done.kept}.")
    print("Lưu ý: tin nhắn đã gửi sau thời điểm sao lưu sẽ được gửi lại khi bot chạy; báo cáo nhận sau thời "
          "điểm đó không còn (xem docs/operations.md).")
