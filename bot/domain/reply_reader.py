"""Read a focal point's status reply, clause by clause: which tasks, which status, which note, and whether
the message is plain enough to store at once (pure).

A small grammar over the folded text (lower case, no diacritics, one character per character of the
original, so a note is cut from the original text at the same positions):

    message  := courtesy* clause (separator clause)*
    clause   := tasks status* note?  |  status+ tasks? note?
    tasks    := item ((',' | 'và' | '&' | '+' | ' ') item)*  |  'tất cả' | 'toàn bộ' | 'cả 7 nhiệm vụ'
              | 'các nhiệm vụ còn lại' | 'còn lại'  (with 'trừ N' / 'ngoài N ra' excepted)
    item     := prefix? NUMBER (('-' | 'đến' | 'tới') prefix? NUMBER)?
    status   := negation? (done | progress | blocked | not started) | 'một phần' | PERCENT

A bare number is a task only at the head of the message, right before a status word, or after 'trừ';
a date, a document number or a count never is (bot/domain/reply_lexer.py). 'mục', 'ý', 'việc', 'nội
dung' name a task only at the head of a clause. Plans, questions, exceptions and corrections change what
the status words mean (bot/domain/reply_scope.py). Only a *plain* message (bot/domain/reply_plain.py) is
stored at once; every step is linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.domain.reply_lexer import Kind, Token, clean_text, lex
from bot.domain.reply_plain import Clause, clause_plain, make_clause, message_plain
from bot.domain.reply_scope import scope
from bot.domain.textnorm import fold

__all__ = ["MAX_TASKS", "MAX_TEXT_CHARS", "Clause", "Reading", "clean_text", "read_reply"]

MAX_TEXT_CHARS = 4000  # Telegram's own limit is 4,096; nobody reports a status in more
MAX_TASKS = 50  # task numbers in one message; more is not a status reply
MAX_RANGE = 50

_SIGNAL_KINDS = (Kind.STATUS, Kind.NEG_STATUS, Kind.PARTIAL, Kind.PERCENT, Kind.DENIED)
_HEAD_BEFORE = (Kind.LIST, Kind.CLAUSE_END, Kind.EXCEPT, Kind.CORRECTION)


@dataclass(frozen=True)
class Reading:
    """Immutable: the same reading of a short text is shared (see read_reply's cache)."""

    clauses: tuple[Clause, ...]
    too_long: bool = False
    too_many: bool = False
    plain: bool = False  # store at once; otherwise read back, ask, or route the question
    question: bool = False  # the message asks the office something
    question_tasks: tuple[int, ...] = ()
    unresolved: bool = False  # an exception the reader cannot resolve ('xong hết trừ phần kinh phí')
    corrected: bool = False  # 'nhầm', 'ý em là': a later clause about a task replaces an earlier one

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
    rest: bool = False  # 'còn lại': every task the message does not name
    excepted: bool = False  # after 'trừ' / 'ngoài'
    set_aside: bool = False  # after 'chứ không phải': not a task the message reports on


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
        nxt = j + 1 if j < len(tokens) and tokens[j].kind == Kind.LIST else j
        if nxt < len(tokens) and (tokens[nxt].kind == Kind.NUMBER or (
                tokens[nxt].kind == Kind.PREFIX and tokens[nxt].value == "strong")):
            j = nxt
            continue
        break
    if not numbers:
        return None
    return _Group(numbers, False, prefixed, i, j, bad_range)


def _rest_group(tokens: list[Token], i: int, excepting: bool) -> _Group | None:
    """'các nhiệm vụ còn lại', 'các việc khác', 'còn lại' at the head of a part, or (after 'trừ N')
    'các nhiệm vụ': every open task the message does not name otherwise."""
    token = tokens[i]
    if token.kind == Kind.TASK_NOUN:
        if i + 1 < len(tokens) and tokens[i + 1].kind == Kind.REST:
            return _Group([], True, True, i, i + 2, rest=True)
        if excepting and i > 0 and tokens[i - 1].kind == Kind.FILLER and tokens[i - 1].value in ("các", "cac", "những", "nhung"):
            return _Group([], True, True, i, i + 1, rest=True)
        return None
    if token.kind == Kind.REST and _at_head(tokens, i) and not (i > 0 and tokens[i - 1].kind == Kind.TASK_NOUN):
        return _Group([], True, True, i, i + 1, rest=True)
    return None


def _at_head(tokens: list[Token], i: int) -> bool:
    """Token i starts a clause: only courtesy words since the message or the last separator."""
    j = i - 1
    while j >= 0 and tokens[j].kind == Kind.FILLER:
        j -= 1
    return j < 0 or tokens[j].kind in _HEAD_BEFORE


def _after_status(tokens: list[Token], i: int) -> bool:
    """A status word comes right before token i, courtesy words aside."""
    j = i - 1
    while j >= 0 and tokens[j].kind == Kind.FILLER:
        j -= 1
    return j >= 0 and tokens[j].kind == Kind.STATUS


def _followed_by_status(tokens: list[Token], j: int) -> bool:
    """Whether a status word comes next, past separators and fillers ('3: đã xong', '3 thì đang làm')."""
    while j < len(tokens) and tokens[j].kind in (Kind.FILLER, Kind.LIST, Kind.RANGE):
        j += 1
    return j < len(tokens) and tokens[j].kind in (
        Kind.STATUS, Kind.NEG_STATUS, Kind.NEGATION, Kind.PARTIAL, Kind.PERCENT, Kind.DENIED)


CACHED_CHARS = 100  # short replies repeat across units ("3 xong"): their readings are kept


def read_reply(text: str, *, with_numbers: bool = True) -> Reading:
    """Read a reply (see _read); a short text's reading comes from a bounded cache."""
    if text is not None and len(text) <= CACHED_CHARS:
        return _read_short(text, with_numbers)
    return _read(text, with_numbers=with_numbers)


@lru_cache(maxsize=4096)
def _read_short(text: str, with_numbers: bool) -> Reading:
    return _read(text, with_numbers=with_numbers)


def _read(text: str, *, with_numbers: bool = True) -> Reading:  # noqa: C901 - one loop over the tokens
    """Read a reply. `with_numbers=False` (a reply to a task message): only prefixed task names
    ('NV4 xong') count as tasks; a bare number is the note's ('123/QĐ-SNV đã ban hành').

    Never raises on a string. Over MAX_TEXT_CHARS the text is not read at all (`too_long`)."""
    original = clean_text(text)
    if len(original) > MAX_TEXT_CHARS:
        return Reading((), too_long=True)
    folded = fold(original)
    tokens = lex(folded, original)
    marks = scope(tokens, folded)
    head = True  # only fillers so far: a bare number here is a task ('3', 'Em báo cáo 3 xong')
    spans: list[tuple[_Group | None, int]] = []  # (task group or None, first token) of each clause
    current_has_status = False
    excepting = False  # a 'trừ' / 'ngoài' was seen
    unresolved = False
    count = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.kind
        if kind is Kind.FILLER:  # courtesy words change nothing here
            i += 1
            continue
        if kind is Kind.WORD or kind is Kind.PREPOSITION or kind is Kind.NOTE_NUMBER:  # the words of a note
            if not spans:
                spans.append((None, 0))  # the clause (and a note without status) starts with the message
            head = False
            i += 1
            continue
        after_except = i > 0 and tokens[i - 1].kind in (Kind.EXCEPT, Kind.NOT_THIS)
        group = None
        if token.kind in (Kind.PREFIX, Kind.NUMBER, Kind.ALL):
            group = _task_group(tokens, i)
        elif token.kind in (Kind.TASK_NOUN, Kind.REST):
            group = _rest_group(tokens, i, excepting)
        if group is not None and token.kind == Kind.PREFIX and token.value == "weak" and not _at_head(tokens, i):
            if _after_status(tokens, i):
                token.kind = Kind.PARTIAL  # 'NV2 xong mục 1': a part of the task is done, not the task
            i = group.end  # 'theo mục 3 Kế hoạch 45': a part of a document, not a task
            continue
        if group is not None and not group.prefixed and not (with_numbers and (
                head or after_except or _followed_by_status(tokens, group.end))):
            group = None
        if group is not None:
            group.excepted = after_except
            group.set_aside = after_except and tokens[i - 1].kind == Kind.NOT_THIS
            count += len(group.numbers)
            if count > MAX_TASKS:
                return Reading((), too_many=True)
            if spans and spans[-1][0] is None and not current_has_status:
                spans[-1] = (group, spans[-1][1])  # courtesy words before the first task
            elif spans and spans[-1][0] is None and current_has_status and group.prefixed and not group.all_tasks:
                spans[-1] = (group, spans[-1][1])  # 'đã hoàn thành nhiệm vụ 3'
            elif (spans and not current_has_status and spans[-1][0] is not None and not group.all_tasks
                  and not spans[-1][0].all_tasks and not after_except and _adjacent(tokens, spans, i)):
                merged = spans[-1][0]  # 'NV3 và NV4' read as two groups joined by 'và'
                merged.numbers.extend(group.numbers)
                merged.end = group.end
                merged.bad_range |= group.bad_range
            else:
                spans.append((group, i - 1 if after_except else i))  # 'trừ' is not the previous clause's note
                current_has_status = False
            head = False
            i = group.end
            if after_except and i < len(tokens) and tokens[i].kind == Kind.WORD and tokens[i].value == "ra":
                spans.append((None, i))  # 'trừ NV2 ra thì đều xong': what follows 'ra' is said of the others
            continue
        if token.kind == Kind.EXCEPT:
            excepting = True
            unresolved |= not (i + 1 < len(tokens) and tokens[i + 1].kind in (Kind.PREFIX, Kind.NUMBER))
        if token.kind in _SIGNAL_KINDS:
            if not spans:
                spans.append((None, 0))
            current_has_status = True
            head = False
        elif token.kind not in (Kind.FILLER, Kind.LIST, Kind.CLAUSE_END, Kind.RANGE):
            if not spans:
                spans.append((None, 0))  # the clause (and a note without status) starts with the message
            head = False
        i += 1
    return _reading(original, folded, tokens, marks, spans, unresolved)


def _adjacent(tokens: list[Token], spans, i: int) -> bool:
    """Only a list separator lies between the previous task group and token i."""
    previous = spans[-1][0]
    between = tokens[previous.end:i]
    return all(t.kind in (Kind.LIST, Kind.FILLER) for t in between)


def _reading(original, folded, tokens, marks, spans, unresolved) -> Reading:
    """The clauses of the spans, without what a question, an exception or a correction takes out."""
    if not spans:
        clause = make_clause(original, folded, None, [], len(original), 0)
        return Reading((clause,) if clause.note else (), plain=False, question=bool(marks.question_parts))
    built: list[tuple[Clause, _Group | None, bool]] = []
    for index, (group, first) in enumerate(spans):
        last = spans[index + 1][1] if index + 1 < len(spans) else len(tokens)
        end_pos = tokens[last].start if last < len(tokens) else len(original)
        if group is not None:
            asking = None
            if marks.question_parts:
                own = marks.part_of[group.start]
                asking = next((t for t in range(group.end, last) if marks.part_of[t] != own
                               and marks.part_of[t] in marks.question_parts), None)
            if asking is not None:  # 'NV3 xong, nhưng có cần bổ sung minh chứng không?': the question is no note
                last, end_pos = asking, tokens[asking].start
            body = tokens[group.end:last]
            before = tokens[first:group.start]
            if not any(t.kind in _SIGNAL_KINDS for t in body):
                body = before + body  # 'đã hoàn thành nhiệm vụ 3': the status came first
            tasks_end = tokens[group.end - 1].end
        else:
            before, body, tasks_end = [], tokens[first:last], 0
        clause = make_clause(original, folded, group, body, end_pos, tasks_end)
        plain = clause_plain(clause, before, body, group)
        built.append((clause, group, plain))
    question_tasks: list[int] = []
    excluded: list[int] = []
    kept: list[tuple[Clause, _Group | None, bool]] = []
    for clause, group, plain in built:
        silent = clause.status is None and not clause.unsure
        if group is not None and silent and marks.question_parts and marks.part_of[group.start] in marks.question_parts:
            question_tasks.extend(clause.numbers)  # 'NV1 xong chưa ạ?': the question's task, not a report
        elif group is not None and silent and group.set_aside:
            continue  # 'NV4 vướng mắc chứ không phải NV3'
        elif group is not None and silent and group.excepted:
            excluded.extend(clause.numbers)  # 'trừ NV7': the task the others are said without
        elif group is not None and marks.last_correction > group.start and any(
                g is not None and g.start > marks.last_correction for _, g, _ in built):
            continue  # 'NV1 xong, à không, NV2 xong': withdrawn by the correction
        else:
            kept.append((clause, group, plain))
    named = [n for clause, _, _ in kept for n in clause.numbers]
    if excluded and not any(c.all_tasks for c, _, _ in kept):
        # 'Trừ NV2 ra thì đều xong hết rồi': the status said without tasks is said of the others
        kept = [(Clause(all_tasks=True, status=c.status, unsure=c.unsure, negated=c.negated),
                 _Group([], True, True, 0, 0, rest=True), False)
                if g is None and (c.status is not None or c.unsure) else (c, g, p) for c, g, p in kept]
    if any(g is not None and g.rest for _, g, _ in kept) and not (excluded or named):
        unresolved = True  # 'các nhiệm vụ còn lại đang làm' with nothing named: the rest of what?
    clauses = []
    for clause, group, _ in kept:
        if clause.all_tasks and (excluded or (group is not None and group.rest)):
            skip = excluded + (named if group.rest else [])
            clause = Clause(all_tasks=True, excluded=tuple(dict.fromkeys(skip)), status=clause.status,
                            unsure=clause.unsure, negated=clause.negated, note=clause.note)
        clauses.append(clause)
    if excluded and not any(c.all_tasks for c in clauses):
        unresolved = True  # 'trừ NV7' and nothing it is an exception to
    plain = (message_plain(tokens, marks) and bool(kept) and all(p for _, _, p in kept) and not unresolved
             and len(named) == len(set(named))  # 'NV1 xong. NV1 đang làm': which one is meant?
             and not (named and any(c.all_tasks for c in clauses)))  # 'tất cả xong, NV7 đang làm'
    return Reading(tuple(clauses), plain=plain, question=bool(marks.question_parts),
                   question_tasks=tuple(dict.fromkeys(question_tasks)), unresolved=unresolved,
                   corrected=marks.last_correction >= 0)
