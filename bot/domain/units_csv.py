"""Validate a units CSV as a whole (pure): every bad row is reported, a bad file imports nothing.

Columns `code,name,kind` and an optional `order`: the province's official order within the kind, which
documents follow (without the column, the order of the lines in the file).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

MAX_CSV_BYTES = 1_000_000
KINDS = {
    "department": "department", "so": "department", "sở": "department",
    "district": "district", "huyen": "district", "huyện": "district",
    "other": "other", "khac": "other", "khác": "other",
}
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
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
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
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise UnitsCsvError(["Tệp trống: cần dòng tiêu đề code,name,kind."])
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [col for col in ("code", "name", "kind") if col not in header]
    if missing:
        raise UnitsCsvError(
            [f"Dòng 1: thiếu cột {', '.join(missing)} (tiêu đề phải có code,name,kind)."]
        )
    idx = {col: header.index(col) for col in ("code", "name", "kind", "order") if col in header}
    problems: list[str] = []
    seen: dict[str, int] = {}
    units: list[UnitRow] = []
    for lineno, row in enumerate(rows[1:], start=2):
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
                f"Dòng {lineno}: loại '{kind_raw}' không hợp lệ (department, district hoặc other)."
            )
        order = lineno - 1
        if "order" in idx:
            order_raw = row[idx["order"]].strip()
            if not re.fullmatch(r"[0-9]{1,6}", order_raw):
                problems.append(f"Dòng {lineno}: thứ tự '{order_raw}' không hợp lệ (số nguyên từ 0 đến 999999).")
            else:
                order = int(order_raw)
        if code and name and kind_raw in KINDS:
            units.append(UnitRow(code=code, name=name, kind=KINDS[kind_raw], order=order))
    if problems:
        raise UnitsCsvError(problems)
    if not units:
        raise UnitsCsvError(["Tệp không có dòng đơn vị nào."])
    return units
