"""Read a focal point's status reply, clause by clause: which tasks, which status, which note (pure).

A small grammar over the folded text (lower case, no diacritics, one character per character of the
original, so a note is cut from the original text at the same positions):

    message  := courtesy* clause (separator clause)*
    clause   := tasks status* note?  |  status+ tasks? note?
    tasks    := item ((',' | 'và' | '&' | '+' | ' ') item)*  |  'tất cả' | 'toàn bộ' | 'cả 7 nhiệm vụ'
    item     := prefix? NUMBER (('-' | 'đến' | 'tới') prefix? NUMBER)?
    prefix   := 'NV' | 'nhiệm vụ' | 'việc' | 'mục' | 'ý' | 'nội dung' ... ('số' | 'thứ')?
    status   := negation? (done | progress | blocked | not started) | 'một phần' | PERCENT

A bare number counts as a task only at the head of the message or right before a status word; anywhere
else it is part of the note ("thiếu 2 cán bộ"). A negated status word never yields that status, and
a clause whose status words disagree has no status: the caller asks instead of guessing.
The words come from bot/domain/reply_lexer.py; both steps are linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.enums import Status
from bot.domain.reply_lexer import FILLERS, Kind, Token, clean_text, lex
from bot.domain.textnorm import fold

__all__ = ["MAX_TASKS", "MAX_TEXT_CHARS", "Clause", "Reading", "clean_text", "read_reply"]

MAX_TEXT_CHARS = 4000  # Telegram's own limit is 4,096; nobody reports a status in more
MAX_TASKS = 50  # task numbers in one message; more is not a status reply
MAX_RANGE = 50

_SIGNAL_KINDS = (Kind.STATUS, Kind.NEG_STATUS, Kind.PARTIAL, Kind.PERCENT)


@dataclass(frozen=True)
class Clause:
    """One task group and what was said about it."""

    numbers: tuple[int, ...] = ()
    all_tasks: bool = False
    status: Status | None = None
    unsure: bool = False  # status words were there, but negated or contradicting: ask, never guess
    note: str | None = None

    @property
    def names_tasks(self) -> bool:
        return bool(self.numbers) or self.all_tasks


@dataclass(frozen=True)
class Reading:
    """Immutable: the same reading of a short text is shared (see read_reply's cache)."""

    clauses: tuple[Clause, ...]
    too_long: bool = False
    too_many: bool = False

    @property
    def names_tasks(self) -> bool:
        return any(c.names_tasks for c in self.clauses)


@dataclass
class _Group:
    numbers: list[int]
    all_tasks: bool
    prefixed: bool
    start: int
    end: int  # index after the group's last token
    bad_range: bool = False
    end_pos: int = 0  # character position after the group


def _task_group(tokens: list[Token], i: int) -> _Group | None:
    """The task group starting at token i ('NV3, NV4', '3-5', 'từ NV3 đến NV5', 'tất cả'), or None."""
    if tokens[i].kind == Kind.ALL:
        return _Group([], True, True, i, i + 1)
    numbers: list[int] = []
    prefixed, bad_range = False, False
    j = i
    while j < len(tokens):
        k = j
        if tokens[k].kind == Kind.PREFIX:
            prefixed = True
            k += 1
        if k >= len(tokens) or tokens[k].kind != Kind.NUMBER:
            break
        first = tokens[k].value
        k += 1
        if k + 1 < len(tokens) and tokens[k].kind == Kind.RANGE:
            m = k + 1 + (tokens[k + 1].kind == Kind.PREFIX)
            if m < len(tokens) and tokens[m].kind == Kind.NUMBER:
                last = tokens[m].value
                if first < last <= first + MAX_RANGE:
                    numbers.extend(range(first, last + 1))
                else:
                    numbers.extend((first, last))
                    bad_range = True
                k = m + 1
            else:
                numbers.append(first)
        else:
            numbers.append(first)
        j = k
        if len(numbers) > MAX_TASKS:
            break
        # Continue the list: ',' 'và' '&' or a plain space before the next (prefixed) number.
        if j < len(tokens) and tokens[j].kind == Kind.LIST:
            nxt = j + 1
        else:
            nxt = j
        if nxt < len(tokens) and tokens[nxt].kind in (Kind.PREFIX, Kind.NUMBER):
            j = nxt
            continue
        break
    if not numbers:
        return None
    return _Group(numbers, False, prefixed, i, j, bad_range)


def _followed_by_status(tokens: list[Token], j: int) -> bool:
    """Whether a status word comes next, past separators and fillers ('3: đã xong', '3 thì đang làm')."""
    while j < len(tokens) and tokens[j].kind in (Kind.FILLER, Kind.LIST, Kind.RANGE):
        j += 1
    return j < len(tokens) and tokens[j].kind in (
        Kind.STATUS, Kind.NEG_STATUS, Kind.NEGATION, Kind.PARTIAL, Kind.PERCENT)


def _resolve(signals: list[tuple[Status, bool]], partial: bool, percents: list[float]) -> tuple[Status | None, bool]:
    """(status, unsure) from the status words of a clause; negated words never count for their status."""
    said = {s for s, negated in signals if not negated}
    denied = {s for s, negated in signals if negated}
    if percents:
        if all(p >= 100 for p in percents) and not partial:
            said.add(Status.done)
        else:
            partial = True
    if partial:
        said.discard(Status.done)
        said.add(Status.in_progress)
    said -= denied
    if not said:
        return None, bool(denied)
    if len(said) == 1:
        return next(iter(said)), False
    if said == {Status.in_progress, Status.blocked}:
        return Status.blocked, False  # 'đang làm nhưng vướng kinh phí': the blocker is the news
    return None, True


def _signals(tokens: list[Token]) -> tuple[list[tuple[Status, bool]], bool, list[float]]:
    signals: list[tuple[Status, bool]] = []
    partial, percents = False, []
    negate_next = 0  # a negation reaches over at most two fillers ('không có khó khăn gì')
    for token in tokens:
        if token.kind == Kind.NEGATION:
            negate_next = 3
            continue
        if token.kind == Kind.STATUS:
            signals.append((token.value, negate_next > 0))
        elif token.kind == Kind.NEG_STATUS:
            signals.append((token.value, True))
        elif token.kind == Kind.PARTIAL:
            partial = True
        elif token.kind == Kind.PERCENT:
            percents.append(token.value)
        negate_next = negate_next - 1 if token.kind == Kind.FILLER else 0
    return signals, partial, percents


_TRAILING_PARTICLES = re.compile(r"(?:[\s,.!]*(?<![a-z])(?:a|ah|nhe|nha|roi|ne|oi|vang)(?![a-z]))+[\s.!]*$")


def _note(original: str, folded: str, start: int, end: int) -> str | None:
    """The note between two positions: without separators and courtesy particles at its ends,
    but with its own leading '-', brackets and final punctuation as written. A note that is the whole
    message (start 0) keeps every mark it starts with."""
    while start and start < end and original[start] in " \t\n:;,–—>":
        start += 1
    if start and start < end and original[start] == "-" and start + 1 < end and original[start + 1] == " ":
        start += 1  # '4 vướng - lý do': a separator; '-' glued to a word is the note's own
    while start < end and original[start].isspace():
        start += 1
    while end > start and original[end - 1] in " \t\n;,":
        end -= 1
    tail = _TRAILING_PARTICLES.search(folded[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    elif tail and tail.start() == 0:
        return None
    note = original[start:end].strip()
    if not note or all(w in FILLERS for w in re.findall(r"[a-z]+", folded[start:end])) and not re.search(
            r"\d", folded[start:end]):
        return None
    return note


CACHED_CHARS = 100  # short replies repeat across units ("3 xong"): their readings are kept


def read_reply(text: str, *, with_numbers: bool = True) -> Reading:
    """Read a reply (see _read); a short text's reading comes from a bounded cache."""
    if text is not None and len(text) <= CACHED_CHARS:
        return _read_short(text, with_numbers)
    return _read(text, with_numbers=with_numbers)


@lru_cache(maxsize=4096)
def _read_short(text: str, with_numbers: bool) -> Reading:
    return _read(text, with_numbers=with_numbers)


def _read(text: str, *, with_numbers: bool = True) -> Reading:
    """Read a reply. `with_numbers=False` (a reply to a task message): only prefixed task names
    ('NV4 xong') count as tasks; a bare number is the note's ('123/QĐ-SNV đã ban hành').

    Never raises on a string. Over MAX_TEXT_CHARS the text is not read at all (`too_long`)."""
    original = clean_text(text)
    if len(original) > MAX_TEXT_CHARS:
        return Reading((), too_long=True)
    folded = fold(original)
    tokens = lex(folded)
    head = True  # only fillers so far: a bare number here is a task ('3', 'Em báo cáo 3 xong')
    spans: list[tuple[_Group | None, int]] = []  # (task group or None, first token) of each clause
    current_has_status = False
    count = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        group = _task_group(tokens, i) if token.kind in (Kind.PREFIX, Kind.NUMBER, Kind.ALL) else None
        if group is not None and not group.prefixed and not (with_numbers and (
                head or _followed_by_status(tokens, group.end))):
            group = None
        if group is not None and not with_numbers and not group.prefixed:
            group = None
        if group is not None:
            count += len(group.numbers)
            if count > MAX_TASKS:
                return Reading((), too_many=True)
            if spans and spans[-1][0] is None and not current_has_status:
                spans[-1] = (group, spans[-1][1])  # courtesy words before the first task
            elif spans and spans[-1][0] is None and current_has_status and group.prefixed:
                spans[-1] = (group, spans[-1][1])  # 'đã hoàn thành nhiệm vụ 3'
            elif spans and not current_has_status and spans[-1][0] is not None and _adjacent(tokens, spans, i):
                merged = spans[-1][0]  # 'NV3 và NV4' read as two groups joined by 'và'
                merged.numbers.extend(group.numbers)
                merged.end = group.end
                merged.bad_range |= group.bad_range
            else:
                spans.append((group, i))
                current_has_status = False
            head = False
            i = group.end
            continue
        if token.kind in (Kind.STATUS, Kind.NEG_STATUS, Kind.PARTIAL, Kind.PERCENT):
            if not spans:
                spans.append((None, 0))
            current_has_status = True
            head = False
        elif token.kind in (Kind.WORD, Kind.PREPOSITION, Kind.NEGATION):
            if not spans:
                spans.append((None, 0))  # the clause (and a note without status) starts with the message
            head = False
        i += 1
    if not spans:
        note = _note(original, folded, 0, len(original))
        return Reading((Clause(note=note),) if note else ())
    clauses = []
    for index, (group, first) in enumerate(spans):
        last = spans[index + 1][1] if index + 1 < len(spans) else len(tokens)
        end_pos = tokens[last].start if last < len(tokens) else len(original)
        if group is not None:
            group.end_pos = tokens[group.end - 1].end
            body = tokens[group.end:last]
            if not any(t.kind in _SIGNAL_KINDS for t in body):
                body = tokens[first:group.start] + body  # 'đã hoàn thành nhiệm vụ 3': the status came first
        else:
            body = tokens[first:last]
        clauses.append(_clause(original, folded, group, body, end_pos))
    return Reading(tuple(clauses))


def _adjacent(tokens: list[Token], spans, i: int) -> bool:
    """Only a list separator lies between the previous task group and token i."""
    previous = spans[-1][0]
    between = tokens[previous.end:i]
    return all(t.kind in (Kind.LIST, Kind.FILLER) for t in between)


def _clause(original: str, folded: str, group: _Group | None, body: list[Token], end_pos: int) -> Clause:
    """A clause's status and note. `body`: its tokens other than the task group's."""
    core_end = 0  # the status part: status words, negations, fillers, separators
    while core_end < len(body) and body[core_end].kind in (
            Kind.STATUS, Kind.NEG_STATUS, Kind.NEGATION, Kind.FILLER, Kind.LIST, Kind.CLAUSE_END, Kind.RANGE):
        core_end += 1
    core = body[:core_end]
    said = [t for t in core if t.kind in (Kind.STATUS, Kind.NEG_STATUS)]
    signals, partial, percents = _signals(core)
    tasks_end = group.end_pos if group else 0
    if not said:
        # No status word right after the tasks: one later in the sentence counts if it is unambiguous.
        signals, partial, percents = _signals(body)
        note_from = 0 if group is None else next((t.start for t in body if t.start >= tasks_end), end_pos)
    elif core_end < len(body) and body[core_end].kind in (Kind.PARTIAL, Kind.PERCENT):
        # 'xong một phần', 'đạt 80%': the figure is the note, with the words that qualify it;
        # after a plain status phrase ('đang làm 60%') the figure alone.
        signals, partial, percents = _signals(body)
        plain = body[core_end].kind == Kind.PERCENT
        note_from = body[core_end].start if plain else said[0].start
    else:
        # The note starts after the last status word ('đã hoàn thành, đã ban hành QĐ 123' keeps its 'đã').
        note_from = max(said[-1].end, tasks_end)
        if core_end < len(body) and body[core_end].kind == Kind.PREPOSITION:
            # 'gặp khó khăn về kinh phí': the note keeps the words that say what the blocker is.
            note_from = said[-1].start
    status, unsure = _resolve(signals, partial, percents)
    if group and group.bad_range:  # '5-3 xong': which tasks is not clear; ask
        status, unsure = None, True
    note = _note(original, folded, note_from, end_pos) if note_from < end_pos else None
    return Clause(
        numbers=tuple(dict.fromkeys(group.numbers)) if group else (),
        all_tasks=bool(group and group.all_tasks),
        status=status, unsure=unsure, note=note,
    )
