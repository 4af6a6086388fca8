"""Office uploads over Telegram: a units CSV (caption /units) or a directive text (caption /directive …)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlmodel import Session
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.domain.dates import DateFormatError, fmt_date, parse_vn_date
from bot.domain.directive_parser import DirectiveParseError, parse_directive
from bot.domain.units_csv import UnitsCsvError, parse_units_csv
from bot.services import services
from db.audit import audit
from db.directives import DirectiveExists, assign_directive, create_directive
from db.units import UnitsImportError, import_units, units_on
from handlers.office import actor, office_only

log = logging.getLogger(__name__)
UPLOAD_CAPTION = r"^/(units|donvi|directive|vanban)(@\w+)?(\s|$)"
MAX_UPLOAD_BYTES = 1_000_000
MAX_PROBLEMS_SHOWN = 30


async def _download(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bytes | None:
    document = update.effective_message.document
    if document.file_size and document.file_size > MAX_UPLOAD_BYTES:
        await update.effective_message.reply_text(texts.UPLOAD_TOO_BIG.format(
            name=texts.h(document.file_name or "tệp"), size=document.file_size // 1024, limit=MAX_UPLOAD_BYTES // 1024))
        return None
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("download of %s failed: %s", document.file_id, exc)
        await update.effective_message.reply_text(texts.UPLOAD_FAILED)
        return None
    if len(data) > MAX_UPLOAD_BYTES:
        await update.effective_message.reply_text(texts.UPLOAD_TOO_BIG.format(
            name=texts.h(document.file_name or "tệp"), size=len(data) // 1024, limit=MAX_UPLOAD_BYTES // 1024))
        return None
    return data


@office_only(admin=True)
async def on_office_upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document whose caption is /units or /directive N dd/mm/yyyy [title]: validate all, then import."""
    svc = services(context)
    message = update.effective_message
    words = (message.caption or "").split()
    command = words[0].split("@")[0].lower()
    name = texts.h(message.document.file_name or "tệp")
    if command in ("/directive", "/vanban") and len(words) < 3:
        await message.reply_text(texts.UPLOAD_USAGE)
        return
    data = await _download(update, context)
    if data is None:
        return
    # Parsing a 1 MB file and importing thousands of rows takes seconds: a worker thread, so nobody waits.
    work = _import_units if command in ("/units", "/donvi") else _import_directive
    await message.reply_text(await asyncio.to_thread(work, svc, data, words, name, actor(update)))


def _import_units(svc, data: bytes, words: list[str], name: str, who: str) -> str:
    """Validate every line of a units CSV, then import it all (or nothing); returns the reply."""
    try:
        rows = parse_units_csv(data)
    except UnitsCsvError as exc:
        shown = exc.problems[:MAX_PROBLEMS_SHOWN]
        more = len(exc.problems) - len(shown)
        problems = "\n".join(texts.h(p) for p in shown) + (texts.UPLOAD_MORE_PROBLEMS.format(count=more) if more > 0 else "")
        return texts.UPLOAD_CSV_BAD.format(name=name, problems=problems)
    try:  # "/donvi 01/07/2025": the whole list from that day; units missing from it end the day before
        current_from = parse_vn_date(words[1], today=svc.now().date()) if len(words) > 1 else None
    except DateFormatError as exc:
        return texts.UPLOAD_CSV_BAD.format(name=name, problems=texts.h(str(exc)))
    with Session(svc.engine) as session:
        try:
            counts = import_units(session, rows=rows, current_from=current_from)
        except UnitsImportError as exc:
            return texts.UPLOAD_CSV_BAD.format(name=name, problems=texts.h(str(exc)))
        audit(session, actor=who, action="units.import", details=f"{len(rows)} rows {counts}")
        session.commit()
    done = texts.UPLOAD_CSV_DONE.format(rows=len(rows), **counts)
    if counts["retired"]:
        done += texts.UNITS_RETIRED.format(count=counts["retired"], date=fmt_date(current_from - timedelta(days=1)))
    return done


def _import_directive(svc, data: bytes, words: list[str], name: str, who: str) -> str:
    """Parse a directive text and import it, assigned to every unit; returns the reply."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return texts.UPLOAD_NOT_UTF8.format(name=name, pos=exc.start)
    try:
        issued_on = parse_vn_date(words[2], today=svc.now().date())
        tasks = parse_directive(text)
    except (DateFormatError, DirectiveParseError) as exc:
        return texts.UPLOAD_DIRECTIVE_BAD.format(error=texts.h(str(exc)))
    number, title = words[1], " ".join(words[3:])
    with Session(svc.engine) as session:
        try:
            directive = create_directive(session, number=number, issued_on=issued_on, tasks=tasks, title=title,
                                         source_text=text)
        except DirectiveExists as exc:
            return texts.h(str(exc))
        units = units_on(session, on=issued_on)  # the units that existed on its date
        assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in units])
        audit(session, actor=who, action="directive.import", details=f"{number} {len(tasks)} tasks")
        session.commit()
    return texts.UPLOAD_DIRECTIVE_DONE.format(
        number=texts.h(number), date=fmt_date(issued_on), tasks=len(tasks), units=len(units))
