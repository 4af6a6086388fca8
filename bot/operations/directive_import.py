"""Import a directive from the file the office received: read it, show a preview, save only when told.

The CLI prints the preview (`--dry-run`, then the same command without it saves); the chat shows it with
✅ Lưu / ✖ Hủy and keeps the pending import in the conversation-state table (`db/conversation.py`), so a
restart between the preview and the button loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel import Session

from bot import texts
from bot.domain.dates import DateFormatError, fmt_date, parse_vn_date
from bot.domain.directive_header import read_header
from bot.domain.directive_parser import DirectiveParseError, NoTasksFound, ParsedTask, parse_directive
from bot.operations.directive_files import DirectiveFileError, read_directive_file
from db.directives import create_directive
from db.models import Directive


@dataclass(frozen=True)
class DirectivePreview:
    number: str
    issued_on: date
    issuer: str
    title: str
    tasks: tuple[ParsedTask, ...]
    source: str  # how the text was read: "pdf", "ocr", "docx", "txt"
    source_text: str
    file_name: str

    def to_json(self) -> str:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat()
        data["tasks"] = [[t.number, t.text] for t in self.tasks]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> DirectivePreview:
        data = json.loads(raw)
        data["issued_on"] = date.fromisoformat(data["issued_on"])
        data["tasks"] = tuple(ParsedTask(n, text) for n, text in data["tasks"])
        return cls(**data)


def preview_directive(name: str, data: bytes, *, today: date, number: str | None = None,
                      issued: str | None = None, title: str | None = None, issuer: str | None = None,
                      ocr: bool = True, cli: bool = True) -> DirectivePreview:
    """Read the file; the values given (the command line's or the caption's) override what the header says.
    Raises DirectiveFileError with the reason (nothing is saved either way)."""
    read = read_directive_file(name, data, ocr=ocr)
    header = read_header(read.text)
    try:
        tasks = parse_directive(read.text)
        issued_on = parse_vn_date(issued, today=today) if issued else header.issued_on
    except NoTasksFound as exc:
        raise DirectiveFileError(texts.IMPORT_NO_TASKS.format(name=name)) from exc
    except DirectiveParseError as exc:
        raise DirectiveFileError(str(exc)) from exc
    except DateFormatError as exc:
        raise DirectiveFileError(str(exc)) from exc
    number = (number or header.number or "").strip()
    missing = [field for field, value in ((texts.IMPORT_FIELD_NUMBER, number), (texts.IMPORT_FIELD_DATE, issued_on))
               if not value]
    if missing:
        how = texts.IMPORT_HOW_CLI if cli else texts.IMPORT_HOW_CHAT
        raise DirectiveFileError(texts.IMPORT_MISSING.format(fields=" và ".join(missing), how=how))
    return DirectivePreview(
        number=number, issued_on=issued_on, issuer=(issuer or header.issuer or "").strip(),
        title=(title or header.title or "").strip(), tasks=tuple(tasks), source=read.source,
        source_text=read.text, file_name=name)


def preview_lines(preview: DirectivePreview) -> list[str]:
    """The preview as plain lines (the chat escapes them for HTML): the header fields, then every task."""
    head = texts.IMPORT_PREVIEW.format(
        number=preview.number, date=fmt_date(preview.issued_on), issuer=preview.issuer or texts.IMPORT_UNKNOWN,
        title=preview.title or texts.IMPORT_UNKNOWN, source=texts.IMPORT_SOURCE[preview.source],
        count=len(preview.tasks))
    return [head, *(texts.IMPORT_PREVIEW_TASK.format(n=t.number, text=t.text) for t in preview.tasks)]


def save_directive(session: Session, preview: DirectivePreview) -> Directive:
    """Create the directive with its tasks (raises db.directives.DirectiveExists for a number already there)."""
    return create_directive(session, number=preview.number, issued_on=preview.issued_on,
                            tasks=list(preview.tasks), title=preview.title, issuer=preview.issuer,
                            source_text=preview.source_text)


__all__ = ["DirectiveFileError", "DirectivePreview", "preview_directive", "preview_lines", "save_directive"]
