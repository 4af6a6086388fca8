"""The evidence archive's job: every evidence file a focal point sends is downloaded through the Bot API into
EVIDENCE_DIR, once per Telegram file, kept under its SHA-256, and its report row records hash, size and time.

Durable: the queue is the report rows (db/evidence.py), so a restart continues where it stopped; a failed
download is tried again with backoff (1, 2, 4 … minutes), a file Telegram refuses for good (unknown or too
big) is given up at once and listed as not archived. Runs on the leader only, one pass at a time; a handler
that stored a file wakes it (`wake_archive`) so the file is kept within seconds.
"""

from __future__ import annotations

import asyncio
import logging

from sqlmodel import Session
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ContextTypes

from bot import metrics
from bot.domain.evidence import TELEGRAM_DOWNLOAD_MB
from bot.operations.evidence_store import store
from bot.services import services
from db.evidence import PendingFile, archived_twin, due_files, mark_archived, mark_failed

log = logging.getLogger(__name__)
ARCHIVE_INTERVAL_SECONDS = 30
LOCK_KEY = "evidence-archive-lock"


async def archive_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Named repeating job `evidence-archive` (and woken after each stored file): download what is due."""
    if services(context.application).is_leader:
        await archive_due(context.application)


def wake_archive(app: Application) -> None:
    """Archive soon (a file was just stored); without a job queue the repeating job picks it up."""
    if app.job_queue is not None:
        app.job_queue.run_once(archive_job, 0, name="evidence-archive-now")


async def archive_due(app: Application, *, limit: int = 20) -> int:
    """Download every due file (in passes of `limit`); returns how many were archived."""
    lock = app.bot_data.setdefault(LOCK_KEY, asyncio.Lock())
    if lock.locked():
        return 0  # a pass is running; it takes the new rows too
    archived = 0
    async with lock:
        svc = services(app)
        while True:
            with Session(svc.engine) as session:
                due = due_files(session, now=svc.now(), limit=limit)
            for pending in due:
                archived += await _archive_one(app, pending)
            if len(due) < limit:
                return archived


async def _archive_one(app: Application, pending: PendingFile) -> int:
    svc = services(app)
    root = svc.settings.evidence_root()
    with Session(svc.engine) as session:
        twin = archived_twin(session, unique_id=pending.unique_id)
    if twin is None:
        try:
            sha, size = await _download(app, pending.file_id, root)
        except BadRequest as exc:  # Telegram does not know the file (any more) or will not serve it: for good
            return _failed(svc, pending, f"Telegram: {exc.message}", final=True)
        except TelegramError as exc:  # network, time-out, 5xx, flood control: later
            return _failed(svc, pending, f"Telegram: {exc}")
        except OSError as exc:  # the disk: full, read-only, permissions
            log.error("evidence: cannot write into %s: %s", root, exc)
            return _failed(svc, pending, f"disk: {exc}")
    else:
        sha, size = twin
    with Session(svc.engine) as session:
        mark_archived(session, report_id=pending.report_id, sha256=sha, size=size, now=svc.now())
        session.commit()
    metrics.EVIDENCE_ARCHIVED.inc()
    return 1


async def _download(app: Application, file_id: str, root) -> tuple[str, int]:
    file = await app.bot.get_file(file_id)
    if file.file_size and file.file_size > TELEGRAM_DOWNLOAD_MB * 1024 * 1024:
        raise BadRequest(f"file is too big ({file.file_size} bytes)")
    data = bytes(await file.download_as_bytearray())
    return await asyncio.to_thread(store, root, data)  # hashing and fsync off the event loop


def _failed(svc, pending: PendingFile, error: str, *, final: bool = False) -> int:
    metrics.EVIDENCE_FAILED.inc()
    with Session(svc.engine) as session:
        given_up = mark_failed(session, report_id=pending.report_id, now=svc.now(), error=error, final=final)
        session.commit()
    log_at = log.warning if given_up else log.info
    log_at("evidence: report %s not archived%s: %s", pending.report_id, " (given up)" if given_up else "", error)
    return 0
