"""Evidence files on the province's disk (EVIDENCE_DIR), named by their SHA-256: storing one, checking them all.

Only this module and the zip writer touch the archive's files. A file is written to a temporary name in the
same directory, then renamed: a crash never leaves a half file under a hash's name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.domain.evidence import archive_path

CHUNK = 1024 * 1024


def store(root: Path, data: bytes) -> tuple[str, int]:
    """Keep `data` under its SHA-256 (once: an identical file already there is left as it is)."""
    sha = hashlib.sha256(data).hexdigest()
    path = archive_path(root, sha)
    if path.exists() and file_sha256(path) == sha:
        return sha, len(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha, len(data)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Problem:
    sha256: str
    missing: bool  # else: present but its content no longer has this hash


def verify(root: Path, hashes: list[tuple[str, int | None]]) -> list[Problem]:
    """Re-hash every archived file the database knows; the missing and the changed."""
    problems = []
    for sha, _size in hashes:
        path = archive_path(root, sha)
        if not path.is_file():
            problems.append(Problem(sha, missing=True))
        elif file_sha256(path) != sha:
            problems.append(Problem(sha, missing=False))
    return problems
