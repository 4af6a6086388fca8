"""What a focal point's text means for their unit: one decision, made once, by one pure function.

From (the reading of the text, the unit's open tasks, the conversation state) to: these reports to
store at once (a plain message only), these reports to read back for the official's confirmation (any
other message with a reading), at most one question to ask with buttons, an explanation, and whether
the message asks the office something. The handlers only apply it; the fast path for "3 xong" stores
exactly what this function would decide (see handlers/replies.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.enums import Status
from bot.domain.reply_reader import MAX_TASKS, MAX_TEXT_CHARS, Clause, Reading

MAX_NOTE_CHARS = 1000


@dataclass(frozen=True)
class OpenTask:
    """One open assignment of the unit, as the reader needs to know it."""

    assignment_id: int
    number: int
    status: Status
    label: str  # short button label: 'NV3 · 2410/UBND-KSTT: Thực hiện …'


@dataclass(frozen=True)
class Entry:
    """A report to store: `status=None` keeps the task's status and adds the note."""

    task: OpenTask
    status: Status | None
    note: str | None


@dataclass(frozen=True)
class AskStatus:
    """Status buttons for these tasks (a row each); the note waits for the answer."""

    tasks: tuple[OpenTask, ...]
    note: str | None
    negated: bool  # the text denied a status ('3 chưa xong'): say so in the question
    unclear: bool = False  # a plan, a part, '0%', or an exception the reader cannot resolve: say so


@dataclass(frozen=True)
class AskTask:
    """'Which task?' buttons, the status riding along; `unknown` numbers are not the unit's tasks."""

    status: Status
    note: str | None
    choices: tuple[OpenTask, ...]
    unknown: tuple[int, ...] = ()
    valid: tuple[int, ...] = ()  # every task number of the unit, when some were unknown


@dataclass(frozen=True)
class Explain:
    """Nothing stored, nothing asked: a text from bot/texts.py with its values."""

    key: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    store: tuple[Entry, ...] = ()  # stored at once
    question: AskStatus | AskTask | None = None
    explain: Explain | None = None
    readback: tuple[Entry, ...] = ()  # stored only when the official presses ✅ under exactly these lines
    to_office: bool = False  # the message asks the office something: route it
    question_tasks: tuple[int, ...] = ()  # the task numbers the question names


def _choices(tasks: Sequence[OpenTask]) -> tuple[OpenTask, ...]:
    """Buttons for 'which task?': the unfinished ones first, at most 20."""
    unfinished = [t for t in tasks if t.status != Status.done]
    return tuple((unfinished or list(tasks))[:20])


def decide(reading: Reading, *, tasks: Sequence[OpenTask], target: int | None = None,
           waiting: int | None = None) -> Decision:
    """`target`: the assignment a reply points at (a task message or a note prompt); `waiting`: the
    assignment whose note may follow (a button pressed less than 30 minutes ago). A clause that names
    its tasks always goes to them; only a clause without tasks goes to the target or the waiting task."""
    if reading.too_long:
        return Decision(explain=Explain("TEXT_TOO_LONG", {"limit": MAX_TEXT_CHARS}))
    if reading.too_many:
        return Decision(explain=Explain("TOO_MANY_TASKS", {"limit": MAX_TASKS}))
    if not tasks:
        return Decision(explain=Explain("NO_OPEN_TASKS"))
    for clause in reading.clauses:
        if clause.note and len(clause.note) > MAX_NOTE_CHARS:
            return Decision(explain=Explain("NOTE_TOO_LONG", {"length": len(clause.note), "limit": MAX_NOTE_CHARS}))
    office = {"to_office": reading.question, "question_tasks": reading.question_tasks or tuple(
        n for c in reading.clauses for n in c.numbers)}
    if not reading.clauses:
        return Decision(**office) if reading.question else Decision(explain=Explain("NOT_UNDERSTOOD"))
    if reading.unresolved:  # 'xong hết trừ phần kinh phí': which tasks is a guess; ask for each
        return Decision(question=AskStatus(_choices(tasks)[:10], None, False, unclear=True), **office)
    by_number: dict[int, list[OpenTask]] = {}
    for task in tasks:
        by_number.setdefault(task.number, []).append(task)
    by_id = {t.assignment_id: t for t in tasks}
    store: list[tuple[Entry, bool]] = []  # each report, and whether 'tất cả' said it
    question: AskStatus | AskTask | None = None
    for clause in reading.clauses:
        if reading.question and not clause.names_tasks and clause.status is None and not clause.unsure:
            continue  # the words of a question are not a note for the task a button left waiting
        if clause.names_tasks:
            chosen, ask = _named(clause, tasks, by_number)
        else:
            chosen, ask = _unnamed(clause, tasks, by_id, target if target is not None else waiting)
            if chosen is None and ask is None:
                if reading.question:
                    break
                return _confirmed_only(reading, store, question, Explain("NOT_UNDERSTOOD"), office)
        question = question or ask
        if not chosen:
            continue
        if clause.status is None and (clause.unsure or clause.names_tasks):
            # A task with no status word, or a negated one: never a silent note, never a guess.
            question = question or AskStatus(tuple(chosen[:10]), clause.note, clause.negated,
                                             unclear=clause.unsure and not clause.negated)
            continue
        store.extend((Entry(task, clause.status, clause.note), clause.all_tasks) for task in chosen)
    entries, conflicts = _one_per_task(store, corrected=reading.corrected)
    if conflicts:  # 'NV1 xong. NV1 đang làm': two statuses for one task, no correction word: ask
        question = question or AskStatus(conflicts[:10], None, False, unclear=True)
    return _confirmed_only(reading, entries, question, None, office)


def _confirmed_only(reading: Reading, store: list[Entry], question, explain, office: dict) -> Decision:
    """A plain message's reports are stored at once; any other message's statuses are read back (a note
    without a status, after a button or in reply to a task message, is stored: it changes no status)."""
    if reading.plain:
        return Decision(store=tuple(store), question=question, explain=explain, **office)
    notes = tuple(e for e in store if e.status is None)
    statuses = tuple(e for e in store if e.status is not None)
    return Decision(store=notes, readback=statuses, question=question, explain=explain, **office)


def _named(clause: Clause, tasks: Sequence[OpenTask], by_number: dict[int, list[OpenTask]]):
    """Tasks a clause names, or the question to ask about them."""
    if clause.all_tasks:
        chosen = [t for t in tasks if t.status != Status.done and t.number not in clause.excluded]
        return chosen, None
    unknown = tuple(n for n in clause.numbers if n not in by_number)
    if unknown:
        return [], AskTask(clause.status or Status.done, clause.note, _choices(tasks), unknown, tuple(sorted(by_number))) \
            if clause.status else AskStatus(_choices(tasks)[:10], clause.note, clause.negated, clause.unsure)
    for number in clause.numbers:
        if len(by_number[number]) > 1:  # the same number in two open directives
            if clause.status is None:
                return [], AskStatus(tuple(by_number[number]), clause.note, clause.negated, clause.unsure)
            return [], AskTask(clause.status, clause.note, tuple(by_number[number]))
    return [by_number[n][0] for n in clause.numbers], None


def _unnamed(clause: Clause, tasks: Sequence[OpenTask], by_id: dict[int, OpenTask], fallback: int | None):
    """A clause without tasks: the replied-to or waiting task, the only task, or 'which task?'.
    (None, None): nothing to read at all."""
    if fallback is not None and fallback in by_id:
        task = by_id[fallback]
        if clause.status is not None or clause.note or clause.unsure:
            return [task], None
        return None, None
    if clause.status is not None:
        if len(tasks) == 1:
            return [tasks[0]], None
        return [], AskTask(clause.status, clause.note, _choices(tasks))
    if clause.unsure:  # 'chưa xong' and no task: a row of status buttons per unfinished task
        return [], AskStatus(_choices(tasks)[:10], clause.note, clause.negated, not clause.negated)
    return None, None


def _one_per_task(entries: list[tuple[Entry, bool]], *, corrected: bool) -> tuple[list[Entry], tuple[OpenTask, ...]]:
    """One report per task, and the tasks whose statuses conflict. A task named on its own wins over 'tất cả'
    ('tất cả xong, NV7 đang làm'); named twice with two statuses, the last wins only after a correction word
    ('NV1 xong, à không, NV1 đang làm'), otherwise the task is asked."""
    named: dict[int, list[Entry]] = {}
    for entry, from_all in entries:
        if not from_all:
            named.setdefault(entry.task.assignment_id, []).append(entry)
    last: dict[int, Entry] = {}
    conflicts: list[OpenTask] = []
    for entry, from_all in entries:
        key = entry.task.assignment_id
        if from_all and key in named:
            continue
        if not from_all and not corrected and len({e.status for e in named[key]}) > 1:
            if entry.task not in conflicts:
                conflicts.append(entry.task)
            continue
        last.pop(key, None)
        last[key] = entry
    return list(last.values()), tuple(conflicts)
