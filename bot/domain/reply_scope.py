"""What the markers of a reply do to the status words around them (pure, one linear pass).

A message is cut into parts: at a sentence end, and at a comma that does not continue a list of task
numbers ('3, 4 xong' is one part; 'NV3 xong, NV4 đang làm' two). Within a part:

- a question ('?', 'bao giờ', 'ai', 'xong chưa ạ', 'có … không') makes the part a question: its status
  words say nothing ('NV1 xong chưa ạ?' is not a report);
- a plan or a condition ('sẽ', 'dự kiến', 'có gì … em báo sau') takes back every status word after it,
  and a 'done' before it that is not said to be past ('NV3 hoàn thành trước ngày 15', but not 'đã hoàn
  thành'): those words are DENIED, so the reader asks rather than stores them;
- 'trước đây' makes the status words after it history (until 'nay'); 'đã giải quyết', 'tháo gỡ' remove the
  blocker of the part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.reply_words import DEADLINE_KEYS, MARKERS, Kind

_STATUS_WORDS = (Kind.STATUS, Kind.NEG_STATUS)
_ACTIVE = {*MARKERS, Kind.NEGATION}
_VOIDED = (Kind.STATUS, Kind.NEG_STATUS, Kind.NEGATION, Kind.PARTIAL, Kind.PERCENT, Kind.DENIED)
# Fillers keep how they were written: 'đã' asks ('đã xong chưa'), 'dạ' does not ('Dạ NV3 chưa ạ').
_TRAILING = {"ạ", "a", "à", "ah", "nhỉ", "nhi", "hả", "ha", "vậy", "vay", "nhé", "nhe", "nha", "anh", "chị", "chi",
             "ơi", "oi", "thế", "the", "đấy", "day", "em"}
_ASKING_BEFORE = {"có", "co", "được", "duoc", "đc", "dc", "phải", "phai", "đã", "da"}  # 'có … không', 'đã … chưa'
_DENYING = (Kind.NEGATION, Kind.NEG_STATUS, Kind.STATUS)
_TAGS = {"à", "chứ"}  # at the end of a part after a status, they ask: '3 xong à?', '3 xong rồi chứ'
_TRAILING = _TRAILING | _TAGS  # 'chưa xong đâu': emphasis after them, not a question


@dataclass
class Scope:
    part_of: list[int] = field(default_factory=list)  # token index -> part number
    question_parts: set[int] = field(default_factory=set)
    markers: set[Kind] = field(default_factory=set)
    last_correction: int = -1  # token index of the last correction marker


def _parts(tokens) -> list[int]:
    part_of, part = [], 0
    for i, token in enumerate(tokens):
        part_of.append(part)
        if token.kind == Kind.CLAUSE_END or (token.kind == Kind.LIST and token.value == "," and not (
                i > 0 and tokens[i - 1].kind == Kind.NUMBER)):
            part += 1
    return part_of


def _questions(tokens, part_of: list[int]) -> set[int]:
    """Parts that ask: a question word or '?', or a negation that ends a part after a status or 'có'."""
    asking: set[int] = set()
    said: set[int] = set()  # parts with a status word or 'có' so far
    last_word: dict[int, int] = {}  # part -> index of its last token that is not a trailing particle
    question, filler, negation, clause_end = Kind.QUESTION, Kind.FILLER, Kind.NEGATION, Kind.CLAUSE_END
    for i, token in enumerate(tokens):
        kind = token.kind
        part = part_of[i]
        if kind is filler:  # the most common token: a courtesy particle ends nothing, 'có' may start a question
            if token.value in _TRAILING:
                if token.value in _TAGS and part in said:
                    last_word[part] = i  # 'xong à', 'xong rồi chứ': a question tag ends the part
                continue
            last_word[part] = -1
            if token.value in _ASKING_BEFORE:
                said.add(part)
            continue
        if kind is question and token.value == "dau" and _after(tokens, i, _DENYING):
            j = i - 1  # 'chưa xong đâu', 'có khó khăn gì đâu': emphasis, and the status before it is denied
            while tokens[j].kind is filler:
                j -= 1
            if tokens[j].kind is Kind.STATUS and not _after(tokens, j, (negation,)):
                tokens[j].kind = Kind.DENIED
            continue
        if kind is question or (kind is clause_end and token.value == "?"):
            asking.add(part)
        if kind is clause_end or (kind is Kind.LIST and token.value == ","):
            continue
        last_word[part] = i if kind is negation and part in said else -1
        if kind in _STATUS_WORDS:
            said.add(part)
    asking.update(part for part, index in last_word.items() if index >= 0)
    return asking


def _after(tokens, i: int, kinds) -> bool:
    """Token i comes right after one of `kinds`, fillers aside."""
    j = i - 1
    while j >= 0 and tokens[j].kind == Kind.FILLER:
        j -= 1
    return j >= 0 and tokens[j].kind in kinds


def _past_marked(tokens, i: int, folded: str) -> bool:
    """'đã hoàn thành', 'xong rồi': a result, not a plan."""
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return (folded.startswith("da ", tokens[i].start)
            or (before is not None and before.kind == Kind.FILLER and before.value in ("đã", "da"))
            or (after is not None and after.kind == Kind.FILLER and after.value in ("rồi", "roi", "r")))


_NOTHING_TO_DO = Scope()


def scope(tokens, folded: str) -> Scope:
    """Change the kinds of the status words the markers take back (in place); say where the parts are.
    A message without a marker, a negation or a '?' (most of them) is left as it is, in one quick pass."""
    if not any(t.kind in _ACTIVE or (t.kind is Kind.CLAUSE_END and t.value == "?")
               or (t.kind is Kind.FILLER and t.value in _TAGS) for t in tokens):
        return _NOTHING_TO_DO
    result = Scope(part_of=_parts(tokens))
    part_of = result.part_of
    result.question_parts = _questions(tokens, part_of)
    resolved_parts = {part_of[i] for i, t in enumerate(tokens) if t.kind == Kind.RESOLVED
                      and not (i > 0 and tokens[i - 1].kind == Kind.NEGATION)}
    part, hedged, past = -1, False, False
    open_done: list[int] = []  # 'done' words of this part not said to be past: a later plan takes them back
    for i, token in enumerate(tokens):
        if part_of[i] != part:
            part, hedged, past, open_done = part_of[i], False, False, []
        kind = token.kind
        if kind in MARKERS:
            result.markers.add(kind)
            if kind == Kind.CORRECTION:
                result.last_correction = i
        if part in result.question_parts:
            if kind in _VOIDED:
                token.kind = Kind.WORD
            continue
        if kind == Kind.HEDGE:
            hedged = True
            if token.value in DEADLINE_KEYS:
                for j in open_done:
                    tokens[j].kind = Kind.DENIED
                open_done = []
        elif kind == Kind.PAST:
            past = True
        elif kind == Kind.NOW:
            past = False
        elif kind in _STATUS_WORDS:
            if past or (part in resolved_parts and token.value is not None and token.value.value == "blocked"):
                token.kind = Kind.WORD
            elif hedged:
                token.kind = Kind.DENIED
            elif kind == Kind.STATUS and token.value.value == "done" and not _past_marked(tokens, i, folded):
                open_done.append(i)
    return result
