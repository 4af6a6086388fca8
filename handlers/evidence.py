"""/minhchung [văn bản] [SNV,STC]: the evidence folder of a directive as a zip, with danh-muc.xlsx inside."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.documents.evidence_zip import plan_pack, write_evidence_zip, write_index
from bot.domain.dates import fmt_datetime
from bot.domain.evidence import CHAT_ZIP_MB
from bot.services import services
from db.models import Directive
from db.units import get_units_by_codes
from handlers.documents import split_letter_args
from handlers.office import office_only
from handlers.review import directive_or_reply

# What Telegram takes from a bot (50 MB) less room for the zip's own headers and the index.
CHAT_ZIP_BYTES = CHAT_ZIP_MB * 1024 * 1024 - 1024 * 1024


@office_only()
async def evidence_pack(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/minhchung [directive] [A,B]: every archived evidence file by unit and task, built in a worker thread."""
    svc = services(context)
    now, tz, root = svc.now(), svc.settings.timezone, svc.settings.evidence_root()
    directive_args, codes = split_letter_args(context.args or [])
    with Session(svc.engine) as session:
        if (directive := await directive_or_reply(update, session, directive_args)) is None:
            return
        session.expunge(directive)
        unknown = get_units_by_codes(session, codes=codes)[1] if codes else []
    if unknown:
        await update.effective_message.reply_text(texts.EVIDENCE_UNKNOWN_UNITS.format(codes=texts.h(", ".join(unknown))))
        return
    stem = f"minh-chung-{directive.number.replace('/', '-')}-{now:%Y%m%d-%H%M}"
    with tempfile.TemporaryDirectory() as tmp:
        def build():
            with Session(svc.engine) as session:
                pack = plan_pack(session, directive=directive, root=root, tz=tz, unit_codes=codes or None)
                if not pack.index:
                    return pack, None
                if pack.total_bytes > CHAT_ZIP_BYTES:  # the chat gets the index; the zip is for the command line
                    return pack, write_index(Path(tmp) / f"{stem}-danh-muc.xlsx", pack, directive=directive,
                                             now=now, tz=tz)
                out = Path(tmp) / f"{stem}.zip"
                return write_evidence_zip(session, directive=directive, now=now, tz=tz, out=out, root=root,
                                          unit_codes=codes or None), out

        pack, path = await asyncio.to_thread(build)
        await _answer(update, directive, pack, path, fmt_datetime(now, tz))


async def _answer(update: Update, directive: Directive, pack, path: Path | None, at: str) -> None:
    number = texts.h(directive.number)
    if path is None:
        await update.effective_message.reply_text(texts.EVIDENCE_NONE.format(number=number))
        return
    counts = dict(number=number, at=at, files=len(pack.files), left_out=pack.left_out,
                  size=round(pack.total_bytes / 1024 / 1024, 1))
    if path.suffix == ".zip":
        caption = texts.EVIDENCE_ZIP_CAPTION.format(**counts)
    else:
        command = texts.h(f"cchc-bot evidence export {directive.number} --out minh-chung.zip")
        caption = texts.EVIDENCE_ZIP_TOO_BIG.format(**counts, limit=CHAT_ZIP_MB, command=command)
    if pack.left_out:
        caption += "\n" + texts.EVIDENCE_LEFT_OUT.format(left_out=pack.left_out)
    with path.open("rb") as fh:
        await update.effective_message.reply_document(fh, filename=path.name, caption=caption[:1024])
