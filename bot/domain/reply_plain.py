"""A clause's status and note, and whether a message is *plain*: stored at once, never read back (pure).

Plain forms (README, "What a focal point may write"): courtesy words, then a task reference (a task, a list,
a range, or 'tất cả'), then exactly one status phrase (optionally with a percentage that agrees with it),
then at most a note; clause after clause. The note must hold no second status word, no negation, no plan or
question or exception or correction word, and no number that could be a task. Anything else is read back
for confirmation, asked with buttons, or routed to the office.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.enums import Status
from bot.domain.reply_lexer import FILLERS, Kind, Token
from bot.domain.reply_words import MARKERS


@dataclass(frozen=True)
class Clause:
    """One task group and what was said about it."""

    numbers: tuple[int, ...] = ()
    all_tasks: bool = False
    excluded: tuple[int, ...] = ()  # with all_tasks: 'tất cả trừ NV7', 'các nhiệm vụ còn lại'
    status: Status | None = None
    unsure: bool = False  # status words were there, but negated, planned or contradicting: ask, never guess
    negated: bool = False  # the text denied a status in so many words ('3 chưa xong')
    note: str | None = None

    @property
    def names_tasks(self) -> bool:
        return bool(self.numbers) or self.all_tasks


_SKIP = (Kind.FILLER, Kind.LIST, Kind.CLAUSE_END)
# Nothing of these may be in a plain note: it could be a second status, a task, or a change of meaning.
_NOT_IN_NOTE = {Kind.STATUS, Kind.NEG_STATUS, Kind.NEGATION, Kind.PARTIAL, Kind.PERCENT, Kind.NUMBER, Kind.PREFIX,
                Kind.ALL, Kind.DENIED, Kind.TASK_NOUN, Kind.RANGE, *MARKERS}


def _agrees(status: Status, percent: float) -> bool:
    return (percent >= 100) == (status == Status.done) and percent > 0


def clause_plain(clause: Clause, before: list[Token], body: list[Token], group) -> bool:
    """Tasks first (courtesy words before them), one status phrase, a clean note."""
    if clause.status is None or clause.unsure or (group is not None and (group.bad_range or group.rest)):
        return False
    if any(t.kind != Kind.FILLER for t in before):
        return False
    i = 0
    while i < len(body) and body[i].kind in _SKIP and body[i].value != "?":
        i += 1
    if i < len(body) and body[i].kind == Kind.STATUS:
        i += 1
        while i < len(body) and body[i].kind == Kind.FILLER and i + 1 < len(body) and body[i + 1].kind in (
                Kind.FILLER, Kind.PERCENT):
            i += 1  # 'đang làm được khoảng 70%'
        if i < len(body) and body[i].kind == Kind.PERCENT:
            if not _agrees(body[i - 1].value, body[i].value):
                return False  # 'hoàn thành 80%': read back
            i += 1
    elif i < len(body) and body[i].kind == Kind.PERCENT and 0 < body[i].value:
        i += 1  # '5 60%'
    else:
        return False
    return not any(t.kind in _NOT_IN_NOTE or (t.kind == Kind.NOTE_NUMBER and t.value in ("unclear", "part"))
                   or (t.kind == Kind.CLAUSE_END and t.value == "?") for t in body[i:])


def message_plain(tokens: list[Token], marks) -> bool:
    """No marker anywhere: no plan, question, exception, correction, history."""
    # DENIED comes only from the markers (bot/domain/reply_scope.py): without them there is nothing to look for
    return not marks.markers and not marks.question_parts and not (
        marks.part_of and any(t.kind is Kind.DENIED for t in tokens))


def _resolve(signals: list[tuple[Status, bool]], partial: bool, percents: list[float],
             parts: bool) -> tuple[Status | None, bool]:
    """(status, unsure) from the status words of a clause; negated words never count for their status."""
    said = {s for s, negated in signals if not negated}
    denied = {s for s, negated in signals if negated}
    if any(p <= 0 for p in percents):
        return None, True  # '0%' is not progress, and not a status to guess
    if percents:
        if all(p >= 100 for p in percents) and not partial:
            said.add(Status.done)
        else:
            partial = True
    if partial:
        said.discard(Status.done)
        said.add(Status.in_progress)
    elif parts and Status.done in said:
        said.discard(Status.done)  # 'xong cho 5 phòng': some of the work; ask unless more was said
        denied.add(Status.done)
    said -= denied
    if not said:
        return None, bool(denied)
    if len(said) == 1:
        return next(iter(said)), False
    if said == {Status.in_progress, Status.blocked}:
        return Status.blocked, False  # 'đang làm nhưng vướng kinh phí': the blocker is the news
    return None, True


_FILLER, _WORD = Kind.FILLER, Kind.WORD


def _signals(tokens: list[Token]) -> tuple[list[tuple[Status, bool]], bool, list[float], bool, bool]:
    """(status words with 'negated', partial, percents, counts of parts, a negation word was there)."""
    signals: list[tuple[Status, bool]] = []
    partial, percents, parts, negation = False, [], False, False
    negate_next = 0  # a negation reaches over at most two fillers ('không có khó khăn gì')
    previous = None  # the last token that is not a filler
    for token in tokens:
        kind = token.kind
        if kind is _FILLER:  # most tokens of a long text: one comparison each
            if negate_next:
                negate_next -= 1
            continue
        if kind is _WORD:
            previous, negate_next = token, 0
            continue
        if kind is Kind.NOTE_NUMBER and token.value == "unclear" and previous is not None \
                and previous.kind is Kind.STATUS and previous.value == Status.done:
            parts = True  # 'hoàn thành 2/3': a fraction of the work, or a date? Not a plain 'done'
        previous = token
        if kind is Kind.NEGATION or kind is Kind.NOT_THIS:  # 'chứ không phải xong'
            negate_next, negation = 3, True
            continue
        if kind is Kind.STATUS:
            signals.append((token.value, negate_next > 0))
            negation |= negate_next > 0
        elif kind is Kind.NEG_STATUS:
            signals.append((token.value, True))
            negation = True
        elif kind is Kind.DENIED:
            signals.append((token.value, True))
        elif kind is Kind.PARTIAL:
            partial = True
        elif kind is Kind.PERCENT:
            percents.append(token.value)
        elif kind is Kind.NOTE_NUMBER and token.value == "part":
            parts = True
        negate_next = 0
    return signals, partial, percents, parts, negation


_NEXT_ITEM = re.compile(r"(?:^|[\s.;])(?:\d{1,2}|[a-z])[.)]\s*$")  # '… 2.', '… b)': the next item's mark
# Courtesy particles at the ends of a note, matched by the regular-expression engine in one pass: the one at
# the end on the reversed text, so a run of 'ạ ạ ạ …' costs its length, never its square.
_LEADING_PARTICLES = re.compile(r"(?:(?:a|ah|nhe|nha|roi|ne|oi|vang)(?![a-z])[ \t\n,.!;:]*)*")
_TRAILING_PARTICLES_REVERSED = re.compile(r"[ \t\n.!]*(?:(?:a|ha|ehn|ahn|ior|en|io|gnav)(?![a-z])[ \t\n,.!]*)+")


def _particles_start(folded: str, start: int, end: int) -> int:
    """Where the run of courtesy particles that ends folded[start:end] begins, with the separators before it
    (`end` when there is none)."""
    found = _TRAILING_PARTICLES_REVERSED.match(folded[start:end][::-1])
    return end - found.end() if found else end


def _after_particles(folded: str, start: int, end: int) -> int:
    """Past the courtesy particles (and separators) that open folded[start:end]."""
    return _LEADING_PARTICLES.match(folded, start, end).end()


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
    if start:
        start = _after_particles(folded, start, end)  # 'xong rồi ạ, em gửi kèm file': the note is the file
    while end > start and original[end - 1] in " \t\n;,":
        end -= 1
    cut = _particles_start(folded, start, end)
    if cut == start and cut < end:
        return None
    end = cut
    if numbering := _NEXT_ITEM.search(folded[start:end]):
        end = start + numbering.start()  # '1. Nhiệm vụ 1: đã hoàn thành. 2. Nhiệm vụ 2 …': the next item's number
    note = original[start:end].strip()
    if not any(ch.isalnum() for ch in note):
        return None
    if not note or all(w in FILLERS for w in re.findall(r"[a-z]+", folded[start:end])) and not re.search(
            r"\d", folded[start:end]):
        return None
    return note


_SAID = {Kind.STATUS, Kind.NEG_STATUS, Kind.DENIED}
_CORE = (Kind.STATUS, Kind.NEG_STATUS, Kind.NEGATION, Kind.FILLER, Kind.LIST, Kind.CLAUSE_END, Kind.RANGE,
         Kind.DENIED)


def make_clause(original: str, folded: str, group, body: list[Token], end_pos: int, tasks_end: int) -> Clause:
    """A clause's status and note. `body`: its tokens other than the task group's."""
    core_end, said = 0, []  # the status part: status words, negations, fillers, separators
    while core_end < len(body) and body[core_end].kind in _CORE:
        if body[core_end].kind in _SAID:
            said.append(body[core_end])
        core_end += 1
    whole = _signals(body)
    signals, partial, percents, parts, negation = whole if core_end == len(body) else _signals(body[:core_end])
    if not said:
        # No status word right after the tasks: one later in the sentence counts if it is unambiguous.
        signals, partial, percents, parts, negation = whole
        note_from = 0 if group is None else next((t.start for t in body if t.start >= tasks_end), end_pos)
    elif core_end < len(body) and body[core_end].kind in (Kind.PARTIAL, Kind.PERCENT):
        # 'xong một phần', 'đạt 80%': the figure is the note, with the words that qualify it;
        # after a plain status phrase ('đang làm 60%') the figure alone.
        signals, partial, percents, parts, negation = whole
        note_from = body[core_end].start if body[core_end].kind == Kind.PERCENT else said[0].start
    else:
        # The note starts after the last status word ('đã hoàn thành, đã ban hành QĐ 123' keeps its 'đã').
        note_from = max(said[-1].end, tasks_end)
        if core_end < len(body) and body[core_end].kind == Kind.PREPOSITION:
            # 'gặp khó khăn về kinh phí': the note keeps the words that say what the blocker is.
            note_from = said[-1].start
        parts = whole[3]
    # Every status word of the clause counts, not only the first: 'xong phần tuyên truyền, còn phần tập huấn
    # đang làm' is not done. (A percentage or 'một phần' counts only next to the status or the tasks.)
    signals, _, _, _, negated_later = whole
    negation = negation or negated_later
    status, unsure = _resolve(signals, partial, percents, parts)
    if group and group.bad_range:  # '5-3 xong': which tasks is not clear; ask
        status, unsure = None, True
    note = _note(original, folded, note_from, end_pos) if note_from < end_pos else None
    return Clause(
        numbers=tuple(dict.fromkeys(group.numbers)) if group else (),
        all_tasks=bool(group and group.all_tasks),
        status=status, unsure=unsure, negated=unsure and negation, note=note,
    )
