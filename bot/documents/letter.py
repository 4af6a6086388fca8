"""The chasing letter "V/v đôn đốc thực hiện văn bản số …" (/dondoc, `cchc-bot letter`).

Addressed to every unit with an overdue task, or to the units named; a unit that has done every task is
never addressed. The reply is asked for by a date five working days ahead on the office's calendar.
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
from bot.documents.word import body, header_block, new_document, para, signature_block
from bot.domain.dates import fmt_date
from bot.domain.enums import Status
from bot.domain.review import StatusClass, is_blocker
from bot.domain.unit_groups import grouped
from bot.domain.workcal import WorkCalendar
from db.models import Directive

REPLY_WORKING_DAYS = 5
TASK_TEXT_CHARS = 200  # a reminder of each task, not its whole text: the directive itself is cited above


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


def plan_letter(facts: DirectiveFacts, calendar: WorkCalendar, *, codes: list[str] | None = None) -> LetterPlan:
    """Who is addressed and for which tasks (pure). Raises LetterError when nobody is."""
    today = facts.now.astimezone(calendar.tz).date()
    by_code = {u.row.code: u for u in facts.units}
    wanted = [c.strip().upper() for c in codes or [] if c.strip()]
    if unknown := [c for c in wanted if c not in by_code]:
        raise LetterError(texts.LETTER_UNITS_UNKNOWN.format(codes=", ".join(unknown)))
    candidates = [by_code[c] for c in dict.fromkeys(wanted)] if wanted else facts.units
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


def short(text: str, limit: int = TASK_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _task_line(task: ChasedTask) -> str:
    blocked = texts.LETTER_BLOCKED if task.blocked else ""
    values = {"task": task.number, "deadline": fmt_date(task.deadline), "blocked": blocked}
    if task.working_days_late is None:
        return texts.LETTER_TASK_OPEN.format(**values)
    if task.working_days_late == 0:
        return texts.LETTER_TASK_LATE_TODAY.format(**values)
    return texts.LETTER_TASK_LATE.format(days=task.working_days_late, **values)


def build_letter(facts: DirectiveFacts, plan: LetterPlan, head: Letterhead, tz: ZoneInfo):
    doc = new_document()
    issuer = issuer_of(facts, head)
    header_block(doc, head, number=texts.LETTER_NUMBER, on=facts.now.astimezone(tz).date(),
                 subject_line=texts.LETTER_SUBJECT.format(number=facts.number, date=fmt_date(facts.issued_on),
                                                          issuer=issuer))
    names = [unit.name for unit, _ in plan.addressees]
    if len(names) == 1:
        para(doc, f"{texts.LETTER_TO} {names[0]}.", align="center", space_before=18, space_after=12)
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
                                          office=head.office))
    for n, (unit, tasks) in enumerate(plan.addressees, start=1):
        body(doc, "; ".join(_task_line(t) for t in tasks) + ".", lead=texts.LETTER_UNIT.format(n=n, unit=unit.name))
    chased = sorted({t.number for _, tasks in plan.addressees for t in tasks})
    body(doc, texts.LETTER_TASKS_HEAD)
    for task in facts.tasks:
        if task.number in chased:
            body(doc, texts.LETTER_TASK_TEXT.format(task=task.number, text=short(task.text)))
    body(doc, texts.LETTER_REQUEST.format(office=head.office, reply_by=fmt_date(plan.reply_by),
                                          days=REPLY_WORKING_DAYS))
    body(doc, texts.LETTER_CLOSING.format(office=head.office))
    signature_block(doc, head, [line.format(issuer=issuer, office=head.office) for line in texts.LETTER_RECIPIENTS])
    return doc


def write_letter(session: Session, *, directive: Directive, now: datetime, tz: ZoneInfo, out: Path,
                 head: Letterhead, calendar: WorkCalendar, codes: list[str] | None = None) -> LetterPlan:
    """/dondoc and `cchc-bot letter`: plan the letter from the database and write it to `out`.
    Raises LetterError (nothing written) when nobody is to be addressed."""
    facts = load_facts(session, directive=directive, now=now, tz=tz, with_notes=False)
    plan = plan_letter(facts, calendar, codes=codes)
    out.parent.mkdir(parents=True, exist_ok=True)
    build_letter(facts, plan, head, tz).save(str(out))
    return plan
