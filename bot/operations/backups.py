"""Backups that restore: the daily copy, its manifest, pruning, and putting a copy back (issue 20 point 3).

SQLite is copied with its online backup API (a consistent copy while the bot writes); PostgreSQL with
`pg_dump --format=custom`. Each copy `cchc-YYYYMMDD-HHMMSS.db|.dump` gets a manifest `….json` beside it: when,
the schema revision, its SHA-256, row counts, and every file of the evidence directory (path, size). A copy
is written under a temporary name and renamed when complete, so a half-made copy never looks like a backup.

A restore goes into a stopped installation: every `cchc-bot run` holds a shared lock on `<database>.lock`
(SQLite) or is a connection named `cchc-bot` (PostgreSQL, whose leader also holds the advisory lock of
jobs/leader.py); while one does, the restore refuses. The database it replaces is kept first.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import URL, make_url

NAME = re.compile(r"cchc-(\d{8}-\d{6})\.(db|dump)")
COUNTED = ("statusreport", "outboundmessage", "assignment", "focalpoint", "unit")
DUMP_TIMEOUT_SECONDS = 3600


class BackupError(Exception):
    """Said to the IT officer in one line (the CLI) or the log (the job)."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime

    @property
    def manifest(self) -> Path:
        return self.path.with_suffix(".json")


def backup_directory(url: str, configured: str | None) -> Path | None:
    """BACKUP_DIR, or `backups` beside a SQLite database file; None where neither applies."""
    if configured:
        return Path(configured)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database).resolve().parent / "backups"
    return None


def list_backups(folder: Path, tz: ZoneInfo) -> list[Backup]:
    """The copies in `folder`, oldest first (by the time in their names)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if match := NAME.fullmatch(path.name):
            made = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=tz)
            found.append(Backup(path, made))
    return sorted(found, key=lambda b: b.made_at)


def backup_due(newest: datetime | None, now: datetime, at: time) -> bool:
    """Pure: the last BACKUP_AT slot (today's once passed, else yesterday's) has no copy made at or after it."""
    slot = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if slot > now:
        slot -= timedelta(days=1)
    return newest is None or newest < slot


def prune(folder: Path, tz: ZoneInfo, keep: int) -> list[Path]:
    """Remove all but the newest `keep` copies (and their manifests); returns what was removed."""
    removed = []
    for old in list_backups(folder, tz)[:-keep]:
        for path in (old.path, old.manifest):
            path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def evidence_listing(folder: Path | None) -> list[dict]:
    """Every file under the evidence directory (named by their SHA-256 there), with its size."""
    if folder is None or not folder.is_dir():
        return []
    return [{"path": p.relative_to(folder).as_posix(), "size": p.stat().st_size}
            for p in sorted(folder.rglob("*")) if p.is_file()]


def libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (which would show in `ps`) and the environment carrying it."""
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    return plain, env


def sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file (the live database is in WAL mode)
    finally:
        dst.close()
        src.close()


def pg_dump_to(url: URL, target: Path) -> None:
    tool = shutil.which("pg_dump")
    if tool is None:
        raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
    uri, env = libpq(url)
    done = subprocess.run([tool, "--format=custom", f"--file={target}", f"--dbname={uri}"], env=env,
                          capture_output=True, text=True, timeout=DUMP_TIMEOUT_SECONDS)
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")


def _counts(url: URL, copy: Path) -> tuple[str | None, dict[str, int]]:
    """The schema revision and row counts of a SQLite copy (read from the copy itself, not the live file)."""
    if url.get_backend_name() != "sqlite":
        return None, {}
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as db:
        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}  # noqa: S608
        counts["outboundmessage_pending"] = db.execute(
            "SELECT count(*) FROM outboundmessage WHERE state = 'pending'").fetchone()[0]
    return revision[0] if revision else None, counts


def make_backup(url: str, folder: Path, *, now: datetime, evidence_dir: Path | None = None) -> Backup:
    """One copy of the database into `folder`, with its manifest. Raises BackupError."""
    parsed = make_url(url)
    folder.mkdir(parents=True, exist_ok=True)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database in (None, "", ":memory:"):
        raise BackupError("an in-memory database has nothing to back up")
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"cchc-{stamp}.{'db' if sqlite else 'dump'}"
    partial = target.with_name(target.name + ".partial")
    try:
        if sqlite:
            sqlite_copy(Path(parsed.database).resolve(), partial)
        else:
            pg_dump_to(parsed, partial)
        revision, counts = _counts(parsed, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error, subprocess.SubprocessError) as exc:
        raise BackupError(f"backup into {folder} failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    evidence = evidence_listing(evidence_dir)
    manifest = {
        "made_at": now.isoformat(), "database": parsed.get_backend_name(), "file": target.name,
        "size": target.stat().st_size, "sha256": sha256_of(target), "schema_revision": revision, "rows": counts,
        "evidence_dir": str(evidence_dir) if evidence_dir else None, "evidence_files": len(evidence),
        "evidence_bytes": sum(e["size"] for e in evidence), "evidence": evidence,
    }
    target.with_suffix(".json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return Backup(target, now)


# -- the lock a running bot holds, and restore ---------------------------------------------------------------

def lock_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve().with_name(Path(parsed.database).name + ".lock")


def hold_database(url: str):
    """`cchc-bot run`: a shared lock on `<database>.lock` for the life of the process (the system drops it
    when the process ends, however it ends). Returns the open file to keep, or None (PostgreSQL)."""
    path = lock_path(url)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    held = open(path, "a+")  # noqa: SIM115  (kept open on purpose)
    fcntl.flock(held, fcntl.LOCK_SH)
    return held


def check_backup_file(file: Path) -> dict | None:
    """The manifest beside a copy, after checking the copy against it (size and SHA-256); None without one."""
    if not file.is_file():
        raise BackupError(f"Không tìm thấy tệp {file}.")
    manifest_path = file.with_suffix(".json")
    if not manifest_path.is_file():
        return None
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("sha256") != sha256_of(file):
        raise BackupError(f"Tệp {file} không khớp SHA-256 ghi trong {manifest_path.name}: bản sao đã bị thay đổi "
                          "hoặc hỏng, không khôi phục.")
    return manifest
