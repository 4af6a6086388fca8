"""The daily backup: a named, idempotent job on the leader that looks at BACKUP_DIR, not at a timer.

Every ten minutes it asks whether the last BACKUP_AT slot has a copy made at or after it; if not, it makes one
(in a worker thread: the bot keeps answering) and removes copies beyond BACKUP_KEEP. A process that was down at
the quiet hour makes the day's copy when it starts; two processes never both do (the leader only).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

from telegram.ext import ContextTypes

from bot import metrics
from bot.operations.backups import BackupError, backup_directory, backup_due, list_backups, make_backup, prune
from bot.services import Services, services
from bot.settings import Settings

log = logging.getLogger(__name__)
BACKUP_CHECK_SECONDS = 600


def backup_folder(settings: Settings) -> Path | None:
    """Where this installation's backups go, or None (BACKUP_DIR=off, or PostgreSQL without BACKUP_DIR)."""
    return backup_directory(settings.database_url, settings.backup_dir) if settings.backups else None


def evidence_folder(settings: Settings) -> Path:
    """The evidence archive each manifest lists: EVIDENCE_DIR, or its default beside the database."""
    return settings.evidence_root()


def backup_warning(settings: Settings) -> str | None:
    """One line for the log at start-up when PostgreSQL cannot be backed up as configured (BACKUP_DIR=off and
    an in-memory database are chosen, not warned about)."""
    if not settings.backups or not settings.database_url.startswith("postgresql"):
        return None
    if settings.backup_dir is None:
        return "no BACKUP_DIR set for PostgreSQL: no scheduled backups (docs/operations.md)"
    if shutil.which("pg_dump") is None:
        return "pg_dump not found (apt-get install postgresql-client): no scheduled backups of PostgreSQL"
    return None


def note_existing_backups(svc: Services) -> None:
    """At start-up: the newest copy already in BACKUP_DIR sets cchc_backup_age_seconds."""
    folder = backup_folder(svc.settings)
    if folder is not None and (found := list_backups(folder, svc.settings.timezone)):
        metrics.backup_made(found[-1].made_at.timestamp())


def run_backup(svc: Services) -> Path | None:
    """Make the copy if one is due now; returns it (None when nothing was due). Raises BackupError."""
    settings = svc.settings
    folder = backup_folder(settings)
    if folder is None or backup_warning(settings) is not None:
        return None
    now = svc.now()
    existing = list_backups(folder, settings.timezone)
    if not backup_due(existing[-1].made_at if existing else None, now, settings.backup_at):
        return None
    made = make_backup(settings.database_url, folder, now=now, evidence_dir=evidence_folder(settings))
    removed = prune(folder, settings.timezone, settings.backup_keep)
    metrics.backup_made(now.timestamp())
    log.info("backup %s made (%d bytes); %d old copies removed", made.path, made.path.stat().st_size, len(removed))
    return made.path


async def backup_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job, on the leader only."""
    svc = services(context.application)
    if not svc.is_leader:
        return
    try:
        await asyncio.to_thread(run_backup, svc)
    except BackupError as exc:
        metrics.BACKUP_FAILURES.inc()
        log.error("scheduled backup failed: %s", exc)
