"""Vietnamese text folding: lower case, no diacritics, đ -> d, one output char per input char."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (C-speed after that)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold so 'Hoàn Thành' == 'hoan thanh'; positions in the result match positions in `text`."""
    return unicodedata.normalize("NFC", text).translate(_TABLE)
