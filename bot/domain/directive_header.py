"""Read a directive's number, date, issuer and subject (trích yếu) from its own header (pure).

The header is laid out as Decree 30/2020/NĐ-CP, Appendix I, section I says (Điều 8 and the layout sample):
the issuing body on one or two upper-case lines top left ("ỦY BAN NHÂN DÂN" / "TỈNH LAI CHÂU", or the body
above it and the office: "UBND TỈNH LAI CHÂU" / "SỞ NỘI VỤ"), under it "Số: 2410/UBND-KSTT", for a công văn
the subject under the number as "V/v …"; top right the Quốc hiệu and Tiêu ngữ and under them
"<place>, ngày 28 tháng 10 năm 2020"; any other kind of document has its name in capitals centred under the
header ("KẾ HOẠCH", "CHỈ THỊ", …) and its subject on the line(s) below. The text may come from a Word file,
a PDF's text layer or OCR, so the columns may follow each other in any order and OCR may lose a diacritic:
each field is looked for on its own, and what is not found stays None (the caller asks for it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

HEADER_LINES = 40  # the header block and the kind/subject lines come before the body
_NUMBER = re.compile(r"^\s*S[ốốôo6]\s*[:;.]?\s*(\d{1,6}\s*/\s*[0-9A-ZĐ][0-9A-ZĐa-z.\-/]*)", re.IGNORECASE)
_DATE = re.compile(r"ng[àa]y\s+(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s+n[ăa]m\s+(\d{4})", re.IGNORECASE)
_VV = re.compile(r"^\s*V\s*/\s*v\b\.?\s*:?\s*(.*)$")
_KINDS = ("CHỈ THỊ", "KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO", "CÔNG ĐIỆN", "HƯỚNG DẪN", "BÁO CÁO", "CHƯƠNG TRÌNH",
          "NGHỊ QUYẾT", "THÔNG TƯ", "NGHỊ ĐỊNH", "TỜ TRÌNH", "PHƯƠNG ÁN", "ĐỀ ÁN", "CÔNG VĂN")
_NATION = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP", "VIỆT NAM")
_NATION_SPLIT = re.compile(r"\s(?=CỘNG H[OÒ]A|CỘNG HOÀ|Độc lập|ĐỘC LẬP)")
_BODY_START = re.compile(r"^\s*(Kính gửi|Căn cứ|Thực hiện|Theo|Để|Trong|Nhằm|Qua|Ngày|Thời gian)\b", re.IGNORECASE)
# The issuing body's kind, as the documents write it after the upper-case header: "SỞ NỘI VỤ" -> "Sở Nội vụ"
# (Decree 30, Appendix II: the kind's first syllable and the first syllable of the proper part capitalised).
_ORGAN_KINDS = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND", "SỞ", "BAN", "VĂN PHÒNG", "THANH TRA", "BỘ",
                "CHI CỤC", "CỤC", "TRUNG TÂM", "HỘI ĐỒNG NHÂN DÂN", "BAN CHỈ ĐẠO")
_PLACE_KINDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "THỊ XÃ", "XÃ", "PHƯỜNG", "ĐẶC KHU", "QUẬN", "THỊ TRẤN")


@dataclass(frozen=True)
class DirectiveHeader:
    number: str | None = None
    issued_on: date | None = None
    issuer: str | None = None
    title: str | None = None


def _lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " "))
    return [" ".join(line.split()) for line in text.split("\n")]


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_nation(line: str) -> bool:
    upper = line.upper()
    return any(word in upper for word in _NATION) or "TỰ DO" in upper or set(line) <= set("-—_–. ")


def _proper(words: str) -> str:
    """"LAI CHÂU" -> "Lai Châu": a place name capitalises every syllable."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def _place(part: str) -> str:
    """"TỈNH LAI CHÂU" -> "tỉnh Lai Châu"."""
    for kind in _PLACE_KINDS:
        if part.startswith(kind + " "):
            return f"{kind.lower()} {_proper(part[len(kind) + 1:])}"
    return _proper(part)


def _organ(part: str) -> str:
    """"SỞ NỘI VỤ" -> "Sở Nội vụ"; "ỦY BAN NHÂN DÂN" -> "UBND" (the bot's documents name the issuer so)."""
    for kind in _ORGAN_KINDS:
        if part == kind or part.startswith(kind + " "):
            rest = part[len(kind):].strip()
            if kind in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND"):
                return "UBND" + (f" {_place(rest)}" if rest else "")
            head = kind[:1] + kind[1:].lower()
            return head + (f" {rest[:1]}{rest[1:].lower()}" if rest else "")
    return part[:1] + part[1:].lower()


def issuer_from(lines: list[str]) -> str | None:
    """The one or two upper-case lines of the issuing body -> "UBND tỉnh Lai Châu", "Sở Nội vụ tỉnh Lai Châu"."""
    parts = [line.strip(" -—_") for line in lines if line.strip(" -—_")]
    if not parts:
        return None
    if len(parts) == 1:
        return _organ(parts[0])
    first, second = parts[0], parts[1]
    if first in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"):  # "ỦY BAN NHÂN DÂN" / "TỈNH LAI CHÂU"
        return f"UBND {_place(second)}"
    superior = _organ(first)  # "UBND TỈNH LAI CHÂU" / "SỞ NỘI VỤ" -> "Sở Nội vụ tỉnh Lai Châu"
    place = superior.removeprefix("UBND ").strip() if superior.startswith("UBND ") else ""
    return f"{_organ(second)} {place}".strip()


def _subject(lines: list[str], start: int, first: str) -> str:
    """The subject's first line and the lines that continue it (not the date, the motto or the body)."""
    parts = [first] if first else []
    for line in [line for line in lines[start:start + 12] if line][:4]:
        if _DATE.search(line) or _is_nation(line) or _BODY_START.match(line) or _NUMBER.match(line):
            if parts:
                break
            continue
        if _is_upper(line) and parts:
            break
        parts.append(line)
    return " ".join(parts).strip()


def read_header(text: str) -> DirectiveHeader:
    """The fields the header shows; a field it does not show is None."""
    lines = _lines(text)[:HEADER_LINES * 3]
    filled = [(i, line) for i, line in enumerate(lines) if line][:HEADER_LINES]
    number = issued_on = title = None
    number_at = None
    for index, line in filled:
        if number is None and (m := _NUMBER.match(line)):
            number, number_at = re.sub(r"\s+", "", m.group(1)).rstrip(".,;"), index
        if issued_on is None and (m := _DATE.search(line)):
            try:
                issued_on = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                pass
        if title is None and (m := _VV.match(line)):
            title = "Về việc " + _subject(lines, index + 1, m.group(1))
    if title is None:
        for index, line in filled:
            if line.upper() in _KINDS and _is_upper(line):
                title = _subject(lines, index + 1, "") or None
                break
    body_lines = [line for i, line in filled if number_at is None or i < number_at]
    # OCR may put the two columns on one line: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …" keeps its left part.
    left_parts = [_NATION_SPLIT.split(line)[0].strip() for line in body_lines]
    issuer_lines = [line for line in left_parts if _is_upper(line) and not _is_nation(line)][:2]
    title = " ".join(title.split()) if title else None
    return DirectiveHeader(number=number, issued_on=issued_on, issuer=issuer_from(issuer_lines), title=title)
