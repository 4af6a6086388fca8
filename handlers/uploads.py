"""Office uploads over Telegram: a units CSV (caption /units) or a directive (caption /vanban [N] [date]):
a .pdf, .docx or .txt read, previewed with ✅ Lưu / ✖ Hủy, saved only on ✅ (the preview waits in the database)."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.domain.callback_data import ImportDecision
from bot.domain.dates import DateFormatError, fmt_date, parse_vn_date
from bot.domain.enums import OfficeRole
from bot.domain.units_csv import UnitsCsvError, parse_units_csv
from bot.operations.directive_import import (
    DirectiveFileError,
    DirectivePreview,
    preview_directive,
    preview_lines,
    save_directive,
)
from bot.services import services
from db.audit import audit
from db.conversation import keep_pending_import, take_pending_import
from db.directives import DirectiveExists, assign_directive, get_directive
from db.people import office_role
from db.units import UnitsImportError, import_units, units_on
from handlers.office import actor, office_only

log = logging.getLogger(__name__)
UPLOAD_CAPTION = r"^/(units|donvi|directive|vanban)(@\w+)?(\s|$)"
MAX_UPLOAD_BYTES = 1_000_000
MAX_DIRECTIVE_BYTES = 20_000_000  # a scanned PDF; the most Telegram lets a bot download
PREVIEW_CHUNK = 3800  # a Telegram message holds 4,096 characters
MAX_PROBLEMS_SHOWN = 30


async def _download(update: Update, context: ContextTypes.DEFAULT_TYPE, limit: int) -> bytes | None:
    document = update.effective_message.document
    if document.file_size and document.file_size > limit:
        await update.effective_message.reply_text(texts.UPLOAD_TOO_BIG.format(
            name=texts.h(document.file_name or "tệp"), size=document.file_size // 1024, limit=limit // 1024))
        return None
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("download of %s failed: %s", document.file_id, exc)
        await update.effective_message.reply_text(texts.UPLOAD_FAILED)
        return None
    if len(data) > limit:
        await update.effective_message.reply_text(texts.UPLOAD_TOO_BIG.format(
            name=texts.h(document.file_name or "tệp"), size=len(data) // 1024, limit=limit // 1024))
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
    limit = MAX_DIRECTIVE_BYTES if command in ("/directive", "/vanban") else MAX_UPLOAD_BYTES
    data = await _download(update, context, limit)
    if data is None:
        return
    # Parsing a 1 MB file, OCR of a scan or importing thousands of rows takes seconds: a worker thread.
    if command in ("/units", "/donvi"):
        await message.reply_text(await asyncio.to_thread(_import_units, svc, data, words, name, actor(update)))
        return
    chunks, buttons = await asyncio.to_thread(_preview_directive, svc, data, words, name, update.effective_user.id)
    for index, chunk in enumerate(chunks):
        await message.reply_text(chunk, reply_markup=buttons if index == len(chunks) - 1 else None)


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


_DATE_WORD = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def caption_overrides(words: list[str]) -> tuple[str | None, str | None, str | None]:
    """`/vanban [N] [dd/mm/yyyy] [trích yếu]` -> (number, date, title): what the caption says over the header."""
    rest = list(words[1:])
    number = rest.pop(0) if rest and not _DATE_WORD.match(rest[0]) and "/" in rest[0] else None
    issued = rest.pop(0) if rest and _DATE_WORD.match(rest[0]) else None
    return number, issued, " ".join(rest) or None


def _preview_directive(svc, data: bytes, words: list[str], name: str, tg_user_id: int):
    """Read the file and keep its preview for ✅ Lưu / ✖ Hủy; returns the messages to send and the buttons."""
    number, issued, title = caption_overrides(words)
    now = svc.now()
    try:
        preview = preview_directive(name, data, today=now.date(), number=number, issued=issued, title=title,
                                    cli=False)
    except DirectiveFileError as exc:
        return [texts.UPLOAD_DIRECTIVE_BAD.format(error=texts.h(str(exc)))], None
    with Session(svc.engine) as session:
        if get_directive(session, number=preview.number) is not None:
            return [texts.h(texts.IMPORT_EXISTS.format(number=preview.number))], None
        pending_id = keep_pending_import(session, tg_user_id=tg_user_id, payload=preview.to_json(), now=now)
        session.commit()
    chunks, current = [], ""
    for line in preview_lines(preview) + [texts.IMPORT_ASK]:
        piece = texts.h(line) if line != texts.IMPORT_ASK else line
        if current and len(current) + len(piece) + 2 > PREVIEW_CHUNK:
            chunks.append(current)
            current = ""
        current = f"{current}\n\n{piece}" if current else piece[:PREVIEW_CHUNK]
    chunks.append(current)
    buttons = InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.IMPORT_BUTTON_SAVE, callback_data=ImportDecision(pending_id, True).pack()),
        InlineKeyboardButton(texts.IMPORT_BUTTON_CANCEL, callback_data=ImportDecision(pending_id, False).pack())]])
    return chunks, buttons


def _save_pending(svc, tg_user_id: int, data: ImportDecision, who: str) -> str:
    """The admin's answer to a preview: save it (assigned to the units that existed on its date) or drop it; returns the reply."""
    with Session(svc.engine) as session:
        payload = take_pending_import(session, tg_user_id=tg_user_id, pending_id=data.pending_id, now=svc.now())
        if payload is None:
            return texts.IMPORT_GONE
        preview = DirectivePreview.from_json(payload)
        if not data.save:
            session.commit()
            return texts.IMPORT_CANCELLED.format(number=texts.h(preview.number))
        try:
            directive = save_directive(session, preview)
        except DirectiveExists as exc:
            session.rollback()
            return texts.h(str(exc))
        units = units_on(session, on=preview.issued_on)  # the units that existed on its date
        assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in units])
        audit(session, actor=who, action="directive.import",
              details=f"{preview.number} {len(preview.tasks)} tasks from {preview.source}")
        session.commit()
    return texts.UPLOAD_DIRECTIVE_DONE.format(
        number=texts.h(preview.number), date=fmt_date(preview.issued_on), tasks=len(preview.tasks), units=len(units))


async def on_import_decision(update: Update, context: ContextTypes.DEFAULT_TYPE, data: ImportDecision) -> None:
    """✅ Lưu / ✖ Hủy under a directive's preview: admins only; the preview is answered once."""
    svc = services(context)
    query = update.callback_query
    with Session(svc.engine) as session:
        role = office_role(session, tg_user_id=update.effective_user.id, admin_ids=svc.settings.admin_ids)
    if role != OfficeRole.admin:
        await query.answer(texts.NOT_ADMIN, show_alert=True)
        return
    await query.answer()
    reply = await asyncio.to_thread(_save_pending, svc, update.effective_user.id, data, actor(update))
    if query.message is not None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError as exc:  # the preview may be too old to edit: the answer below still goes out
            log.info("could not remove the preview's buttons: %s", exc)
        await query.message.reply_text(reply)
