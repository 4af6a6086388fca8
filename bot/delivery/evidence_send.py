"""Sending an evidence file again to an office member: by Telegram's file id, else the province's own copy.

Telegram forgets files (a replaced bot token, a file dropped from its servers): the copy kept in
EVIDENCE_DIR (jobs/evidence.py) is then uploaded under the name the unit gave it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from telegram.error import BadRequest

from bot.domain.evidence import is_photo_name

log = logging.getLogger(__name__)


async def send_evidence_file(bot, chat_id: int, *, file_id: str, name: str, caption: str,
                             archived: Path | None) -> bool:
    """Send by file id; when Telegram no longer knows it and the archive has the file, upload that copy.
    True when the archived copy was sent. Other refusals (a closed chat) are raised to the caller."""
    try:
        if is_photo_name(name):
            await bot.send_photo(chat_id, file_id, caption=caption)
        else:
            await bot.send_document(chat_id, file_id, caption=caption)
        return False
    except BadRequest as exc:
        if "chat not found" in exc.message.lower() or archived is None or not archived.is_file():
            raise
        log.info("evidence: Telegram no longer serves %s (%s); sending the archived copy", name, exc.message)
    with archived.open("rb") as fh:
        await bot.send_document(chat_id, fh, filename=name, caption=caption)
    return True
