"""Text that goes into a document: spreadsheet cells that are only data, XML-safe Word text (pure)."""

from __future__ import annotations

import re

# What openpyxl refuses (and what XML 1.0 cannot hold): C0 controls except tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# OWASP's CSV-injection list: a spreadsheet evaluates a cell that starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: object) -> str:
    """`value` as text without the control characters a .xlsx or .docx cannot store (a note may hold
    `\\x0b` pasted from Word; openpyxl and lxml would refuse the whole file)."""
    return _CONTROL.sub("", str(value))


def data_text(value: object) -> object:
    """A spreadsheet cell (xlsx or CSV) that no spreadsheet evaluates: text starting with = + - @ tab or CR
    gets a leading apostrophe, as OWASP recommends, and loses the control characters. Numbers and dates
    pass unchanged: they are data already. Every sheet and CSV writer passes every cell through here."""
    if value is None or not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def data_row(values) -> list:
    return [data_text(v) for v in values]
