"""The evidence folder the inspection team asks for: a zip laid out `<STT đơn vị> <tên đơn vị>/Nhiệm vụ N/
<ngày> <tên tệp>` with `danh-muc.xlsx` (unit, task, person, time, file name, size, SHA-256) at its root.

Files are copied from the archive (EVIDENCE_DIR) as they are (already-compressed PDFs and scans: stored, not
deflated again); a file not archived yet, or missing from the disk, is listed in the index with the reason and
left out of the zip. The index is data: every text cell goes through `cells.data_row`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.documents.cells import data_row
from bot.domain.evidence import INDEX_NAME, archive_path, local_day, member_name
from db.evidence import EvidenceRow, directive_evidence
from db.models import Directive


@dataclass
class EvidencePack:
    """What a zip holds: the files in it, the index's rows, and the bytes the files add up to."""

    files: list[tuple[str, Path]] = field(default_factory=list)  # (name in the zip, archived file)
    index: list[list] = field(default_factory=list)
    total_bytes: int = 0
    left_out: int = 0


def plan_pack(session: Session, *, directive: Directive, root: Path, tz: ZoneInfo,
              unit_codes: list[str] | None = None) -> EvidencePack:
    rows = directive_evidence(session, directive_id=directive.id, unit_codes=unit_codes)
    width = max(2, len(str(max((stt for _, stt in rows), default=1))))
    pack, taken = EvidencePack(), set()
    for row, stt in rows:
        path = archive_path(root, row.sha256) if row.sha256 else None
        if path is not None and path.is_file():
            name = member_name(order=stt, width=width, unit_name=row.unit_name, task=row.task,
                               day=local_day(row.reported_at, tz), file_name=row.file_name, taken=taken)
            pack.files.append((name, path))
            pack.total_bytes += path.stat().st_size
            state = name
        else:
            pack.left_out += 1
            state = texts.EVIDENCE_INDEX_MISSING if row.sha256 else texts.EVIDENCE_INDEX_NOT_ARCHIVED
        pack.index.append(_index_row(stt, row, tz, state))
    return pack


def _index_row(stt: int, row: EvidenceRow, tz: ZoneInfo, state: str) -> list:
    at = row.reported_at.astimezone(tz).replace(tzinfo=None)  # a real date cell, in the office's time
    return [stt, row.unit_name, row.unit_code, row.task, row.person or "", at, row.file_name, row.size,
            row.sha256 or "", state]


def write_index(path: Path, pack: EvidencePack, *, directive: Directive, now: datetime, tz: ZoneInfo) -> Path:
    """danh-muc.xlsx: one row per evidence file, a title row naming the directive and the time."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(texts.EVIDENCE_INDEX_SHEET)
    for index, width in enumerate((6, 40, 10, 10, 24, 18, 40, 12, 66, 60)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    title = WriteOnlyCell(sheet, texts.EVIDENCE_INDEX_TITLE.format(
        number=directive.number, at=now.astimezone(tz).strftime("%H:%M %d/%m/%Y")))
    title.font = Font(bold=True)
    sheet.append([title])
    header = []
    for text in texts.EVIDENCE_INDEX_HEADER:
        cell = WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for values in pack.index:
        out = data_row(values)
        cell = WriteOnlyCell(sheet, out[5])
        cell.number_format = "dd/mm/yyyy hh:mm"
        out[5] = cell
        sheet.append(out)
    wb.save(path)
    return path


def write_evidence_zip(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path,
                       root: Path, unit_codes: list[str] | None = None) -> EvidencePack:
    """The zip at `out` (written whole, then renamed into place) and what it holds."""
    pack = plan_pack(session, directive=directive, root=root, tz=tz, unit_codes=unit_codes)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    index = write_index(out.with_name(out.name + ".danh-muc.xlsx"), pack, directive=directive, now=now, tz=tz)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            zf.write(index, INDEX_NAME)
            for name, path in pack.files:
                zf.write(path, name)
        partial.replace(out)
    finally:
        index.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return pack
