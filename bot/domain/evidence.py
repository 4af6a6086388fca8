"""Evidence kept by the province (issue 20): where an archived file lives, how it is named inside the zip the
inspection team receives, and when a failed download is tried again. Pure: no I/O, no Telegram, no database.

The archive is content-addressed: a file is stored once under its SHA-256 (`ab/abcdef…`), whatever name or
however many reports it came with; the name a unit gave it lives in the report row and in the zip.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath

TELEGRAM_DOWNLOAD_MB = 20  # getFile serves files up to 20 MB to a bot (core.telegram.org/bots/api#getfile)
CHAT_ZIP_MB = 50  # a bot may send files up to 50 MB (sendDocument): larger zips stay on the server's disk
MAX_ATTEMPTS = 8  # a download that failed this often is given up (listed as not archived)
INDEX_NAME = "danh-muc.xlsx"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def archive_path(root: Path, sha256: str) -> Path:
    """Where the file with this SHA-256 lives under EVIDENCE_DIR (two-character fan-out, no extension)."""
    return root / sha256[:2] / sha256


def retry_delay(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 1, 2, 4 … minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def safe_part(text: str, *, limit: int = 120) -> str:
    """A folder or file name every system accepts: no separators or control characters, no leading dots,
    NFC (a zip made on Linux keeps its Vietnamese names readable on Windows), at most `limit` characters
    with the extension kept."""
    text = unicodedata.normalize("NFC", _UNSAFE.sub(" ", text)).strip().lstrip(". ").strip() or "tep"
    if len(text) <= limit:
        return text
    stem, dot, suffix = text.rpartition(".")
    if dot and 0 < len(suffix) <= 10:
        return stem[: limit - len(suffix) - 1].rstrip() + "." + suffix
    return text[:limit].rstrip()


def unit_folder(order: int, width: int, name: str) -> str:
    """`<STT đơn vị> <tên đơn vị>`, the number padded so folders sort in the province's order."""
    return f"{order:0{width}d} {safe_part(name, limit=100)}"


def member_name(*, order: int, width: int, unit_name: str, task: int, day: date, file_name: str,
                taken: set[str]) -> str:
    """`<STT> <đơn vị>/Nhiệm vụ N/<yyyy-mm-dd> <tên tệp>`; a name already `taken` gets ` (2)`, ` (3)` …"""
    folder = PurePosixPath(unit_folder(order, width, unit_name), f"Nhiệm vụ {task}")
    base = safe_part(f"{day.isoformat()} {file_name}")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    candidate, n = str(folder / base), 1
    while candidate in taken:
        n += 1
        candidate = str(folder / (f"{stem} ({n}).{suffix}" if suffix else f"{base} ({n})"))
    taken.add(candidate)
    return candidate


def local_day(at: datetime, tz) -> date:
    return at.astimezone(tz).date()


def is_photo_name(name: str) -> bool:
    """handlers/reports.py names a photo's evidence `anh-<unique id>.jpg`: Telegram sent it as a photo."""
    return bool(re.fullmatch(r"anh-[^/]+\.jpg", name))
