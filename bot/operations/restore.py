"""Putting a backup back into a stopped installation (`cchc-bot restore FILE`).

Refused while a bot process holds the database: on SQLite every `cchc-bot run` holds a shared lock on
`<database>.lock` (bot/operations/backups.py), which the restore must take exclusively; on PostgreSQL any other
connection named `cchc-bot` counts, and the restore holds the leader's advisory lock meanwhile. The database
being replaced is copied first, next to it (SQLite) or into the backup directory (PostgreSQL).
"""

from __future__ import annotations

import fcntl
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.operations.backups import (
    DUMP_TIMEOUT_SECONDS,
    BackupError,
    libpq,
    lock_path,
    pg_dump_to,
    sqlite_copy,
)
from db.engine import APPLICATION_NAME, LEADER_LOCK_KEY

IN_USE = ("Đang có tiến trình cchc-bot dùng cơ sở dữ liệu này ({who}): hãy dừng dịch vụ trước "
          "(systemctl stop cchc-bot) rồi khôi phục.")


@dataclass(frozen=True)
class Restored:
    kept: Path  # the database as it was before the restore
    reports: int | None
    pending: int | None


def restore_sqlite(engine: Engine, file: Path, *, now: datetime) -> Restored:
    database = Path(engine.url.database).resolve()
    try:
        with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as copy:
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"Tệp {file} là cơ sở dữ liệu SQLite bị hỏng (quick_check), không khôi phục.")
            copy.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Tệp {file} không phải bản sao lưu SQLite của cchc-bot ({exc}).") from exc
    database.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(str(engine.url)), "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BackupError(IN_USE.format(who=f"khóa {lock.name}")) from exc
        engine.dispose()
        kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        if database.exists():
            sqlite_copy(database, kept)
        # The backup API writes the copy's pages through SQLite into the live file (its WAL included),
        # in one step: the database is either the old one or the copy, never half of each.
        source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        target = sqlite3.connect(database)
        try:
            source.backup(target)
            reports = target.execute("SELECT count(*) FROM statusreport").fetchone()[0]
            pending = target.execute("SELECT count(*) FROM outboundmessage WHERE state = 'pending'").fetchone()[0]
        finally:
            target.close()
            source.close()
    return Restored(kept, reports, pending)


def restore_postgres(engine: Engine, file: Path, *, now: datetime, folder: Path) -> Restored:
    tool = shutil.which("pg_restore")
    if tool is None or shutil.which("pg_dump") is None:
        raise BackupError("pg_restore/pg_dump chưa được cài (Debian: apt-get install postgresql-client).")
    uri, env = libpq(engine.url)
    listed = subprocess.run([tool, "--list", str(file)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise BackupError(f"Tệp {file} không phải bản pg_dump --format=custom ({listed.stderr.strip()[:200]}).")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        others = connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = :name AND pid <> pg_backend_pid()"), {"name": APPLICATION_NAME}).scalar()
        if others:
            raise BackupError(IN_USE.format(who=f"{others} kết nối '{APPLICATION_NAME}'"))
        if not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_KEY}).scalar():
            raise BackupError(IN_USE.format(who="khóa lãnh đạo"))
        folder.mkdir(parents=True, exist_ok=True)
        kept = folder / f"before-restore-{now:%Y%m%d-%H%M%S}.dump"
        pg_dump_to(engine.url, kept)
        # Every table, sequence and enum type of ours goes first (a newer schema may have more than the copy).
        for kind, query in (("TABLE", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"),
                            ("SEQUENCE", "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"),
                            ("TYPE", "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                                     "WHERE n.nspname = 'public' AND t.typtype = 'e'")):
            names = [row[0] for row in connection.execute(text(query))]
            if names:
                connection.execute(text(f"DROP {kind} IF EXISTS {', '.join(_quoted(n) for n in names)} CASCADE"))
        done = subprocess.run([tool, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                               f"--dbname={uri}", str(file)], env=env, capture_output=True, text=True,
                              timeout=DUMP_TIMEOUT_SECONDS)
        if done.returncode != 0:
            raise BackupError(f"pg_restore thất bại ({(done.stderr.strip().splitlines() or ['?'])[-1]}); cơ sở dữ "
                              f"liệu trước khi khôi phục được giữ ở {kept}.")
        reports = connection.execute(text("SELECT count(*) FROM statusreport")).scalar()
        pending = connection.execute(text("SELECT count(*) FROM outboundmessage WHERE state = 'pending'")).scalar()
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LEADER_LOCK_KEY})
    engine.dispose()
    return Restored(kept, reports, pending)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
