"""Validate a units CSV as a whole (pure): every bad row is reported, a bad file imports nothing.

Columns `code,name,kind` and optional ones:
- `order`: the province's official order within the group, which documents follow (without the column, the
  order of the lines in the file);
- `valid_from`, `valid_to` (DD/MM/YYYY or YYYY-MM-DD, empty: open): the days the unit exists; a directive
  is assigned only to the units that existed on its date;
- `successor`: for a unit that ended by merging into another, the code of the unit that took it over.
Lines starting with `#` are notes (the sources of a bundled list) and are skipped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

MAX_CSV_BYTES = 1_000_000
KINDS = {
    "department": "department", "so": "department", "sở": "department",
    "district": "district", "huyen": "district", "huyện": "district",
    "other": "other", "khac": "other", "khác": "other",
    "xa": "xa", "xã": "xa", "phuong": "phuong", "phường": "phuong",
}
KINDS_HINT = "department, district, xa, phuong hoặc other"
OPTIONAL = ("order", "valid_from", "valid_to", "successor")
_DATE = re.compile(r"^(?:(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2}))$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,15}$")


class UnitsCsvError(ValueError):
    """The file cannot be imported; `problems` lists every bad line (Vietnamese)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    order: int = 0
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    # Whether the file has the validity / successor columns: without them an import keeps what is stored.
    dated: bool = False
    succession: bool = False


def _date_cell(raw: str) -> date | None:
    """A validity date; None for an empty cell; ValueError for anything else."""
    raw = raw.strip()
    if not raw:
        return None
    match = _DATE.match(raw)
    if not match:
        raise ValueError(raw)
    d, m, y, y2, m2, d2 = match.groups()
    return date(int(y), int(m), int(d)) if y else date(int(y2), int(m2), int(d2))


def decode_csv_bytes(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise UnitsCsvError([f"Tệp quá lớn ({len(data)} byte, tối đa {MAX_CSV_BYTES})."])
    try:
        return data.decode("utf-8-sig")  # Excel writes UTF-8 with a BOM
    except UnicodeDecodeError as exc:
        raise UnitsCsvError(
            [f"Tệp không phải UTF-8 (byte lỗi ở vị trí {exc.start}). Hãy lưu lại dạng 'CSV UTF-8'."]
        ) from exc


def parse_units_csv(data: bytes | str) -> list[UnitRow]:
    """Parse `code,name,kind` rows; raise UnitsCsvError naming each bad line."""
    text = decode_csv_bytes(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    if "\x00" in text:
        raise UnitsCsvError(["Tệp chứa ký tự NUL: không phải tệp CSV văn bản."])
    # Note lines become empty lines: the line numbers in the messages stay those of the file.
    text = "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))
    try:
        dialect = csv.Sniffer().sniff(text.lstrip("\n")[:2048], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        # csv's own message is English: the office reads a plain reason (the original stays in the chain).
        raise UnitsCsvError([f"Dòng {reader.line_num}: tệp CSV hỏng (dấu ngoặc kép hoặc dấu phân cách "
                             "không đúng)."]) from exc
    first = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if first is None:
        raise UnitsCsvError(["Tệp trống: cần dòng tiêu đề code,name,kind."])
    header = [cell.strip().lower() for cell in rows[first]]
    missing = [col for col in ("code", "name", "kind") if col not in header]
    if missing:
        raise UnitsCsvError(
            [f"Dòng {first + 1}: thiếu cột {', '.join(missing)} (tiêu đề phải có code,name,kind)."]
        )
    idx = {col: header.index(col) for col in ("code", "name", "kind", *OPTIONAL) if col in header}
    problems: list[str] = []
    seen: dict[str, int] = {}
    units: list[UnitRow] = []
    for lineno, row in enumerate(rows[first + 1:], start=first + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(f"Dòng {lineno}: thiếu cột (có {len(row)}, cần {len(header)}).")
            continue
        code = row[idx["code"]].strip().upper()
        name = " ".join(row[idx["name"]].split())
        kind_raw = row[idx["kind"]].strip().lower()
        if not code:
            problems.append(f"Dòng {lineno}: mã đơn vị trống.")
        elif not _CODE.match(code):
            problems.append(
                f"Dòng {lineno}: mã '{code}' không hợp lệ (chữ không dấu, số, '-', '_', '.', tối đa 16 ký tự)."
            )
        elif code in seen:
            problems.append(f"Dòng {lineno}: mã '{code}' trùng với dòng {seen[code]}.")
        else:
            seen[code] = lineno
        if not name:
            problems.append(f"Dòng {lineno}: tên đơn vị trống.")
        elif len(name) > 200:
            problems.append(f"Dòng {lineno}: tên đơn vị quá dài ({len(name)} ký tự, tối đa 200).")
        if kind_raw not in KINDS:
            problems.append(
                f"Dòng {lineno}: loại '{kind_raw}' không hợp lệ ({KINDS_HINT})."
            )
        order = lineno - 1 - first
        if "order" in idx:
            order_raw = row[idx["order"]].strip()
            if not re.fullmatch(r"[0-9]{1,6}", order_raw):
                problems.append(f"Dòng {lineno}: thứ tự '{order_raw}' không hợp lệ (số nguyên từ 0 đến 999999).")
            else:
                order = int(order_raw)
        dates: dict[str, date | None] = {}
        for col in ("valid_from", "valid_to"):
            try:
                dates[col] = _date_cell(row[idx[col]]) if col in idx else None
            except ValueError:
                problems.append(f"Dòng {lineno}: ngày '{row[idx[col]].strip()}' ở cột {col} không hợp lệ "
                                "(dạng 01/07/2025).")
                dates[col] = None
        if dates["valid_from"] and dates["valid_to"] and dates["valid_to"] < dates["valid_from"]:
            problems.append(f"Dòng {lineno}: valid_to trước valid_from.")
        successor = row[idx["successor"]].strip().upper() or None if "successor" in idx else None
        if successor and successor == code:
            problems.append(f"Dòng {lineno}: đơn vị không thể tự kế thừa chính mình.")
        if code and name and kind_raw in KINDS:
            units.append(UnitRow(code=code, name=name, kind=KINDS[kind_raw], order=order,
                                 valid_from=dates["valid_from"], valid_to=dates["valid_to"], successor=successor,
                                 dated="valid_from" in idx or "valid_to" in idx, succession="successor" in idx))
    if problems:
        raise UnitsCsvError(problems)
    if not units:
        raise UnitsCsvError(["Tệp không có dòng đơn vị nào."])
    return units
