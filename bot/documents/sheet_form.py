"""The parts of the printed "Tổng hợp" form beyond the table (openpyxl-free helpers for bot/documents/workbook.py):
the line under the motto drawn as the bottom border of the columns about as wide as the motto, and the place,
date and signature rows under the table (Decree 30/2020/NĐ-CP, Appendix I)."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.documents.letterhead import Letterhead
from bot.documents.metrics import text_width_pt

RULE_DASH = "\u2014"  # an em dash: a full em wide in Times New Roman and Liberation Serif, so a run is one line
RULE_MIN_PT, RULE_MAX_PT = 10, 12


def points(width_chars: float) -> float:
    """A column's printed width: Times New Roman 12's digit is 8 px at 96 dpi, plus 5 px of padding."""
    return (8 * width_chars + 5) * 0.75


def centred_span(widths: list[float], first: int, target_pt: float) -> tuple[int, int]:
    """Within columns `first`.. of `widths` (1-based): the run of columns centred under the block, at least
    `target_pt` wide (the motto must fit on one line: a narrower run wrapped it and printed only "phúc") and
    otherwise as near to it as the columns allow, as (first, last): the line under the motto is a bottom border
    across it."""
    block = [points(w) for w in widths[first - 1:]]
    middle = sum(block) / 2
    best, best_score = (first, first + len(block) - 1), float("inf")
    for start in range(len(block)):
        for end in range(start, len(block)):
            width = sum(block[start:end + 1])
            if width < target_pt:
                continue
            centre = sum(block[:start]) + width / 2
            score = abs(width - target_pt) + abs(centre - middle)
            if score < best_score:
                best, best_score = (first + start, first + end), score
    return best


def office_rule(name: str, size_pt: float = 12) -> tuple[str, float]:
    """The line under the issuing body's name on the form, as (em dashes, their size in points): the decree asks
    for a third to a half of the name's length; the dashes are 10 to 12 pt (printed text is never under 10 pt),
    as many as bring the line nearest 2/5 of the bold name."""
    name_pt = text_width_pt(name, size_pt, bold=True)
    em = text_width_pt(RULE_DASH, 1)

    def line(count: int) -> tuple[float, int, float]:
        size = round(min(max(0.4 * name_pt / (count * em), RULE_MIN_PT), RULE_MAX_PT), 1)
        return abs(count * em * size / name_pt - 0.4), count, size

    _, count, size = min(line(count) for count in range(1, 2 + int(name_pt / (RULE_MIN_PT * em))))
    return RULE_DASH * count, size


def signatures(put, head: Letterhead, today: date, right_from: int, width: int) -> None:
    """The place and date, then "Người lập biểu" on the left and the signer on the right, room to sign, and
    the signer's name: the summary is a form the office signs."""
    halves = [(1, right_from - 1), (right_from, width)]
    gap = [None] * (right_from - 2)
    put([None, *gap, head.place_date(today)], lambda i: {"italic": True, "horizontal": "center"},
        merges=[halves[1]], height=24)
    lines = head.signer_lines
    put([texts.XLSX_PREPARED_BY, *gap, lines[0]], lambda i: {"bold": True, "horizontal": "center"}, merges=halves)
    for line in lines[1:]:
        put([None, *gap, line], lambda i: {"bold": True, "horizontal": "center"}, merges=halves)
    for _ in range(3):
        put([None], lambda i: {}, height=22)
    put([None, *gap, head.signer_name or ""], lambda i: {"bold": True, "horizontal": "center"}, merges=halves)
