"""Numbers typed by people: ASCII digits of bounded length only.

`str.isdigit()` accepts '²' and '٣', and `int()` of twenty digits overflows SQLite's 64-bit integers,
so every number a command reads goes through here.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[0-9]{1,9}")
# Telegram user ids are up to 52 bits (16 digits); a 9-digit limit would refuse real accounts.
_USER_ID = re.compile(r"[0-9]{1,16}")


def parse_number(text: str | None) -> int | None:
    """'3' -> 3; '²', '-1', '1e3' or more than nine digits -> None."""
    return int(text) if text is not None and _NUMBER.fullmatch(text) else None


def parse_user_id(text: str | None) -> int | None:
    """A Telegram user id as typed by the office (digits only, at most 16), else None."""
    return int(text) if text is not None and _USER_ID.fullmatch(text) else None
