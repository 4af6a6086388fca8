"""The text of a directive as the office receives it: a PDF (its text layer, or OCR of a scan), a Word file
(.docx) or a plain text; paragraphs separated by a blank line, as `bot/domain/directive_parser.py` reads them.

PDFs are read with pypdfium2 (PDFium, the engine of Chromium's PDF viewer; BSD-3/Apache-2.0, wheels for every
platform): its text layer with the position of every character, which tells where a paragraph starts (its first
line is indented, or the line before it stops short), and the page images for OCR. A scan is read by the
`tesseract` command with its Vietnamese data (Debian's tesseract-ocr and tesseract-ocr-vie) when installed.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from bot import texts

log = logging.getLogger(__name__)
OCR_DPI = 300
OCR_TIMEOUT_S = 120  # per page
MAX_PAGES = 60
_INDENT_PT = 6  # a line starting this far right of the page's usual left edge begins a paragraph
_SHORT_PT = 40  # a line ending this far left of the usual right edge ends one
# PDFium is not thread-safe and uploads are read in worker threads: one document at a time.
PDFIUM_LOCK = threading.Lock()


class DirectiveFileError(ValueError):
    """The file cannot be read as a directive; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class DirectiveText:
    text: str
    source: str  # "pdf", "ocr", "docx", "txt": how the text was read


def kind_of(name: str, data: bytes) -> str:
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:2] == b"PK" and name.lower().endswith((".docx", ".docm")):
        return "docx"
    suffix = Path(name).suffix.lower()
    if suffix == ".doc":
        raise DirectiveFileError(texts.IMPORT_OLD_WORD.format(name=name))
    if suffix in (".pdf", ".docx"):
        raise DirectiveFileError(texts.IMPORT_DAMAGED.format(name=name))
    return "txt"


def read_directive_file(name: str, data: bytes, *, ocr: bool = True) -> DirectiveText:
    """The text of `data` (a file called `name`); raises DirectiveFileError with a sentence for the user."""
    kind = kind_of(name, data)
    if kind == "pdf":
        with PDFIUM_LOCK:
            text = pdf_text(data, name)
        if len(text.split()) >= 20:
            return DirectiveText(_nfc(text), "pdf")
        if not ocr or not ocr_available():
            raise DirectiveFileError(texts.IMPORT_SCAN_NO_OCR.format(name=name))
        return DirectiveText(_nfc(ocr_pdf(data, name)), "ocr")
    if kind == "docx":
        return DirectiveText(_nfc(docx_text(data, name)), "docx")
    try:
        return DirectiveText(_nfc(data.decode("utf-8-sig")), "txt")
    except UnicodeDecodeError as exc:
        raise DirectiveFileError(texts.UPLOAD_NOT_UTF8.format(name=name, pos=exc.start)) from exc


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\u00a0", " "))


def _open_pdf(data: bytes, name: str):
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise DirectiveFileError(texts.IMPORT_DAMAGED.format(name=name)) from exc
    if len(document) > MAX_PAGES:
        document.close()
        raise DirectiveFileError(texts.IMPORT_TOO_MANY_PAGES.format(name=name, pages=MAX_PAGES))
    return document


def pdf_text(data: bytes, name: str = "tệp") -> str:
    """The text layer, page after page, a blank line before each paragraph (told by the lines' positions)."""
    document = _open_pdf(data, name)
    try:
        pages, ended = [], True
        for number, page in enumerate(document):
            textpage = page.get_textpage()
            text, ended = _page_paragraphs(textpage, first_page=number == 0, ended=ended)
            pages.append(text)
            textpage.close()
            page.close()
        return "".join(pages)
    finally:
        document.close()


def _page_paragraphs(textpage, *, first_page: bool, ended: bool) -> tuple[str, bool]:
    """The page's lines, a blank line before each paragraph; `ended`: the previous page's last line ended
    its paragraph (a paragraph running on over a page break stays one)."""
    raw = textpage.get_text_range()
    lines, offset = [], 0  # (text, left, right)
    for line in raw.split("\r\n") if "\r\n" in raw else raw.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + (len(line) - len(line.lstrip()))
            end = offset + len(line.rstrip()) - 1
            lines.append((stripped, textpage.get_charbox(start)[0], textpage.get_charbox(end)[2]))
        offset += len(line) + (2 if "\r\n" in raw else 1)
    if not first_page and lines and lines[0][0].isdigit():
        lines = lines[1:]  # the page number the decree puts at the top of pages 2, 3, …
    if not lines:
        return "", ended
    # The body's right edge is the farthest any line reaches; its left edge is where full lines start.
    right = max(x1 for _, _, x1 in lines)
    left = min((x0 for _, x0, x1 in lines if x1 >= right - _SHORT_PT), default=min(x0 for _, x0, _ in lines))
    out, previous_short = [], ended
    for text, x0, x1 in lines:
        if previous_short or x0 > left + _INDENT_PT:
            out.append("")
        out.append(text)
        previous_short = x1 < right - _SHORT_PT
    return "\n".join(out) + "\n", previous_short


def docx_text(data: bytes, name: str = "tệp") -> str:
    """Every paragraph of the body and of its tables, in order; Word's automatic numbering written out."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DirectiveFileError(texts.IMPORT_DAMAGED.format(name=name)) from exc
    counters: dict[tuple[str, str], int] = {}
    out: list[str] = []

    def paragraph_text(p) -> str:
        numbering = p.find(".//{*}numPr")
        text = "".join(node.text or "" for node in p.iter() if node.tag.endswith("}t"))
        if numbering is not None and text.strip():
            num = numbering.find("{*}numId")
            level = numbering.find("{*}ilvl")
            key = (num.get(_W_VAL) if num is not None else "", level.get(_W_VAL) if level is not None else "0")
            if key[1] == "0":
                counters[key] = counters.get(key, 0) + 1
                return f"{counters[key]}. {text}"
        return text

    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            out += [paragraph_text(block), ""]
        elif block.tag.endswith("}tbl"):
            for row in block.iterchildren("{*}tr"):
                for cell in row.iterchildren("{*}tc"):
                    for p in cell.iterchildren("{*}p"):
                        out += [paragraph_text(p), ""]
    return "\n".join(out)


_W_VAL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"


def ocr_available() -> bool:
    """Tesseract with its Vietnamese data (an optional extra: Debian's tesseract-ocr, tesseract-ocr-vie)."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return False
    try:
        langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in langs.stdout.split()


def ocr_pdf(data: bytes, name: str = "tệp") -> str:
    """Each page rendered at 300 dpi (PDFium) and read by Tesseract in Vietnamese; pages in order."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page: the machine is shared
    pages = []
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as tmp:
        with PDFIUM_LOCK:
            document = _open_pdf(data, name)
            try:
                images = []
                for number, page in enumerate(document):
                    image = Path(tmp) / f"page-{number}.png"
                    page.render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
                    page.close()
                    images.append(image)
            finally:
                document.close()
        for number, image in enumerate(images):
            try:
                result = subprocess.run(["tesseract", str(image), "stdout", "-l", "vie", "--psm", "3"],
                                        capture_output=True, text=True, timeout=OCR_TIMEOUT_S, env=env)
            except subprocess.TimeoutExpired as exc:
                raise DirectiveFileError(texts.IMPORT_OCR_FAILED.format(name=name)) from exc
            if result.returncode != 0:
                log.warning("tesseract failed on page %s of %s: %s", number + 1, name, result.stderr[-300:])
                raise DirectiveFileError(texts.IMPORT_OCR_FAILED.format(name=name))
            lines = result.stdout.split("\n")
            if number and lines and lines[0].strip().isdigit():
                lines = lines[1:]  # the page number at the top of pages 2, 3, …
            pages.append("\n".join(lines))
    return "\n".join(pages)
