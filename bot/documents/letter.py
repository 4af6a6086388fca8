"""The chasing letter "V/v đôn đốc thực hiện văn bản số …" (/dondoc, `cchc-bot letter`).

Addressed to every unit with an overdue task, or to the units named; a unit that has done every task, and the
issuing office itself, are never addressed. Units that owe the same tasks are named together in one sentence, a
long list of addressees is "Các cơ quan, đơn vị có tên tại mục 1", and each task is quoted whole. The reply is asked for by a date five working days ahead on the office's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import texts
from bot.documents.facts import load_facts
from bot.documents.letterhead import Letterhead, about, as_of, issuer_of
from bot.documents.summary import DirectiveFacts, UnitFacts, group_heading
from bot.documents.word import (
    body,
    header_block,
    new_document,
    para,
    signature_block,
    write_out_abbreviations,
)
from bot.domain.dates import fmt_date
from bot.domain.enums import Status
from bot.domain.review import StatusClass, is_blocker
from bot.domain.unit_groups import grouped
from bot.domain.workcal import WorkCalendar
from db.models import Directive

REPLY_WORKING_DAYS = 5


class LetterError(ValueError):
    """Nobody to chase, or units named that the directive does not have; the message is for the user."""


@dataclass(frozen=True)
class ChasedTask:
    number: int
    deadline: date | None
    working_days_late: int | None  # None: not yet past its deadline (a unit named by the office)
    blocked: bool


@dataclass(frozen=True)
class LetterPlan:
    addressees: list[tuple[UnitFacts, list[ChasedTask]]]
    reply_by: date
    skipped_done: list[str]  # names of units named by the office that have done everything


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def plan_letter(facts: DirectiveFacts, calendar: WorkCalendar, *, codes: list[str] | None = None,
                head: Letterhead | None = None) -> LetterPlan:
    """Who is addressed and for which tasks (pure). Raises LetterError when nobody is. The issuing office
    (`head`) is never addressed: a letter does not chase its own sender."""
    today = facts.now.astimezone(calendar.tz).date()
    head = head or Letterhead()
    by_code = {u.row.code: u for u in facts.units}
    wanted = [c.strip().upper() for c in codes or [] if c.strip()]
    if unknown := [c for c in wanted if c not in by_code]:
        raise LetterError(texts.LETTER_UNITS_UNKNOWN.format(codes=", ".join(unknown)))

    def own(unit) -> bool:
        return _same_name(unit.name, head.office) or _same_name(unit.name, head.office_name)

    if wanted and all(own(by_code[c]) for c in wanted):
        raise LetterError(texts.LETTER_NOT_OWN_OFFICE.format(office=head.office))
    # In the province's official order, as every list of the documents, whatever order they were named in.
    candidates = [u for u in facts.units if (not wanted or u.row.code in wanted) and not own(u)]
    addressees, skipped = [], []
    for unit in candidates:
        entries = list(zip(unit.row.cells, unit.row.classes, strict=True))
        if all(cell.status == Status.done for cell, _ in entries):
            skipped.append(unit.name)
            continue
        late = [(c, k) for c, k in entries if k == StatusClass.overdue]
        chosen = late or ([(c, k) for c, k in entries if c.status != Status.done] if wanted else [])
        if not chosen:
            continue
        addressees.append((unit, [ChasedTask(
            cell.task_number, cell.deadline,
            calendar.working_days_after(cell.deadline, today) if klass == StatusClass.overdue and cell.deadline
            else None, is_blocker(cell)) for cell, klass in chosen]))
    if not addressees:
        raise LetterError(texts.LETTER_UNITS_DONE.format(names=", ".join(skipped)) if wanted and skipped
                          else texts.LETTER_NOBODY)
    return LetterPlan(addressees, calendar.add_working_days(today, REPLY_WORKING_DAYS),
                      skipped if wanted else [])


LIST_MAX = 4  # more addressees than this: Kính gửi points to the list in the body instead of repeating it


def _task_phrase(task: ChasedTask) -> str:
    values = {"task": task.number, "deadline": fmt_date(task.deadline), "blocked": ""}
    if task.working_days_late is None:
        return texts.LETTER_TASK_OPEN.format(**values)
    if task.working_days_late == 0:
        return texts.LETTER_TASK_LATE_TODAY.format(**values)
    return texts.LETTER_TASK_LATE.format(days=task.working_days_late, **values)


def group_addressees(plan: LetterPlan) -> list[tuple[tuple[ChasedTask, ...], list[tuple[UnitFacts, list[int]]]]]:
    """Units that owe the same tasks (same deadlines, as late) in one group, in the order of their first unit;
    each unit with the numbers of the tasks it reported blocked."""
    groups: dict[tuple, list] = {}
    for unit, tasks in plan.addressees:
        key = tuple((t.number, t.deadline, t.working_days_late) for t in tasks)
        groups.setdefault(key, []).append((unit, tasks))
    return [(tuple(ChasedTask(n, d, late, False) for n, d, late in key),
             [(unit, [t.number for t in tasks if t.blocked]) for unit, tasks in members])
            for key, members in groups.items()]


def _group_line(letter: str, tasks: tuple[ChasedTask, ...], members) -> str:
    phrase = texts.LETTER_TASKS_AND.join(_task_phrase(t) for t in tasks)
    names = [unit.name for unit, _ in members]
    kinds = grouped([unit for unit, _ in members], lambda u: u.kind)
    # Named under the groups of the directive's units ("UBND các xã, phường: …") when it has more than one.
    listing = ", ".join(names) if len(kinds) == 1 else "; ".join(
        f"{group_heading(group)}: {', '.join(u.name for u in units)}" for group, units in kinds)
    line = (texts.LETTER_GROUP_ONE.format(letter=letter, unit=names[0], tasks=phrase) if len(names) == 1
            else texts.LETTER_GROUP.format(letter=letter, tasks=phrase, units=listing))
    blocked = [(unit.name, numbers) for unit, numbers in members if numbers]
    if blocked:
        said = [name if len(tasks) == 1 else texts.LETTER_BLOCKED_TASK.format(
            unit=name, tasks=", ".join(map(str, numbers))) for name, numbers in blocked]
        line += " " + texts.LETTER_GROUP_BLOCKED.format(units=", ".join(said))
    return line


def build_letter(facts: DirectiveFacts, plan: LetterPlan, head: Letterhead, tz: ZoneInfo):
    doc = new_document()
    issuer = issuer_of(facts, head)
    header_block(doc, head, number=texts.LETTER_NUMBER.format(abbrev=head.abbrev),
                 on=facts.now.astimezone(tz).date(),
                 subject_line=texts.LETTER_SUBJECT.format(number=facts.number, date=fmt_date(facts.issued_on),
                                                          issuer=issuer))
    names = [unit.name for unit, _ in plan.addressees]
    if len(names) == 1 or len(names) > LIST_MAX:
        one = names[0] + "." if len(names) == 1 else texts.LETTER_TO_LISTED
        para(doc, f"{texts.LETTER_TO} {one}", align="center", space_before=18, space_after=12)
    else:  # under the group headings of the directive's units ("UBND các xã, phường")
        para(doc, texts.LETTER_TO, space_before=18, indent_mm=35)
        index = 0
        for group, members in grouped([unit for unit, _ in plan.addressees], lambda u: u.kind):
            para(doc, f"{group_heading(group)}:", indent_mm=45)
            for unit in members:
                index += 1
                para(doc, f"- {unit.name}{'.' if index == len(names) else ';'}", indent_mm=50)
        para(doc, "", space_after=6)
    body(doc, texts.LETTER_OPENING.format(number=facts.number, date=fmt_date(facts.issued_on), issuer=issuer,
                                          title=about(facts.title), as_of=as_of(facts.now, tz, inline=True),
                                          office=head.office, count=len(names)))
    body(doc, texts.LETTER_PART_UNITS, bold=True)
    for index, (tasks, members) in enumerate(group_addressees(plan)):
        body(doc, _group_line("abcdđeghiklmnopqrstuvxy"[index % 23], tasks, members))
    body(doc, texts.LETTER_PART_TASKS, bold=True)
    chased = {t.number for _, tasks in plan.addressees for t in tasks}
    for task in facts.tasks:
        if task.number in chased:  # the task's whole text: a letter that cuts it misquotes the directive
            body(doc, texts.LETTER_TASK_TEXT.format(task=task.number, text=" ".join(task.text.split())))
    body(doc, texts.LETTER_REQUEST.format(office=head.office, reply_by=fmt_date(plan.reply_by),
                                          days=REPLY_WORKING_DAYS))
    body(doc, texts.LETTER_CLOSING.format(office=head.office))
    signature_block(doc, head, [line.format(issuer=issuer, office=head.office) for line in texts.LETTER_RECIPIENTS])
    subject = [p for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text.startswith("V/v")]
    write_out_abbreviations([*subject, *doc.paragraphs])
    return doc


def write_letter(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path,
                 head: Letterhead, calendar: WorkCalendar, codes: list[str] | None = None) -> LetterPlan:
    """/dondoc and `cchc-bot letter`: plan the letter from the database and write it to `out`.
    Raises LetterError (nothing written) when nobody is to be addressed."""
    facts = load_facts(session, directive=directive, now=now, tz=tz, with_notes=False)
    plan = plan_letter(facts, calendar, codes=codes, head=head)
    out.parent.mkdir(parents=True, exist_ok=True)
    build_letter(facts, plan, head, tz).save(str(out))
    return plan
