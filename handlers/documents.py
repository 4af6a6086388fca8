"""Office documents as Word files: /vanban (the report) and /dondoc (the chasing letter)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.documents.letter import LetterError, write_letter  # python-docx itself loads only when writing
from bot.documents.letterhead import Letterhead
from bot.documents.report import write_report
from bot.domain.dates import fmt_date, fmt_datetime
from bot.services import services
from handlers.office import office_only
from handlers.review import directive_from_args, directive_or_reply, on_directive_in_thread
from jobs.nudges import calendar_of


def _file_name(kind: str, number: str, now) -> str:
    return f"{kind}-{number.replace('/', '-')}-{now:%Y%m%d-%H%M}.docx"


@office_only()
async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/vanban [directive]: the Word report on a directive, written in a worker thread."""
    svc = services(context)
    now, tz = svc.now(), svc.settings.timezone
    if (directive := await directive_from_args(update, context)) is None:
        return
    name = _file_name("bao-cao", directive.number, now)
    with tempfile.TemporaryDirectory() as tmp:
        path = await on_directive_in_thread(svc, directive.id, write_report, now=now, tz=tz,
                                            out=Path(tmp) / name, head=Letterhead.from_settings(svc.settings))
        caption = texts.VANBAN_CAPTION.format(number=texts.h(directive.number), at=fmt_datetime(now, tz))
        with path.open("rb") as fh:
            await update.effective_message.reply_document(fh, filename=name, caption=caption)


def split_letter_args(args: list[str]) -> tuple[list[str], list[str]]:
    """`[DIRECTIVE] [A,B]` -> (directive args, unit codes): a directive number has a slash."""
    directive = args[:1] if args and "/" in args[0] else []
    codes = [c for part in args[len(directive):] for c in part.split(",") if c.strip()]
    return directive, codes


@office_only()
async def letter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dondoc [directive] [A,B]: the chasing letter to units with overdue tasks (or those named)."""
    svc = services(context)
    now, tz = svc.now(), svc.settings.timezone
    directive_args, codes = split_letter_args(context.args or [])
    with Session(svc.engine) as session:
        if (directive := await directive_or_reply(update, session, directive_args)) is None:
            return
    name = _file_name("don-doc", directive.number, now)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / name
        try:
            plan = await on_directive_in_thread(
                svc, directive.id, write_letter, now=now, tz=tz, out=out,
                head=Letterhead.from_settings(svc.settings), calendar=calendar_of(context), codes=codes)
        except LetterError as exc:
            await update.effective_message.reply_text(texts.h(str(exc)))
            return
        caption = texts.DONDOC_CAPTION.format(count=len(plan.addressees), number=texts.h(directive.number),
                                              reply_by=fmt_date(plan.reply_by))
        if plan.skipped_done:
            caption += "\n" + texts.h(texts.LETTER_UNITS_DONE.format(names=", ".join(plan.skipped_done)))
        with out.open("rb") as fh:
            await update.effective_message.reply_document(fh, filename=name, caption=caption[:1024])
