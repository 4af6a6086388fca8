"""Audit entries as the office reads them (pure): Vietnamese actions, names instead of ids and codes.

The log stores compact machine details (`assignment 178: not_started -> done`); they are read here, with
the names looked up once per page (db.audit.audit_names), so old entries read as well as new ones.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from datetime import date

from bot import texts
from bot.domain.dates import fmt_date
from bot.domain.enums import Status

_ASSIGNMENT = re.compile(r"assignment (\d+)")
_STATUS_CHANGE = re.compile(r"^assignment (\d+): (\w+) -> (\w+)( confirmed)?$")
_EXTENSION = re.compile(r"^#(\d+) assignment (\d+) -> (\d{4}-\d{2}-\d{2}) ?(.*)$", re.S)
_QUESTION = re.compile(r"^#(\d+)(?: unit \d+)?: (.*)$", re.S)
_PUSH = re.compile(r"^(\S+) units=(\d+) queued=(\d+)$")
_TG_ACTOR = re.compile(r"^tg:(\d+)$")
_SUPERSEDES = re.compile(r"\s*\(supersedes (#\d+(?:, #\d+)*)\)$")
_REMIND = re.compile(r"^(\S*) (\d+) tin$")


@dataclass(frozen=True)
class AuditNames:
    """What the page's entries refer to, by id or code."""

    people: dict[int, str] = field(default_factory=dict)  # Telegram user id -> name
    units: dict[str, str] = field(default_factory=dict)  # unit code -> name
    units_by_id: dict[int, str] = field(default_factory=dict)
    assignments: dict[int, tuple[str, int]] = field(default_factory=dict)  # id -> (unit name, task number)


@dataclass(frozen=True)
class AuditRefs:
    user_ids: set[int]
    codes: set[str]
    unit_ids: set[int]
    assignment_ids: set[int]


def audit_refs(entries) -> AuditRefs:
    """Ids and codes the entries mention, so the names are fetched in a few queries."""
    refs = AuditRefs(set(), set(), set(), set())
    for e in entries:
        if m := _TG_ACTOR.match(e.actor):
            refs.user_ids.add(int(m.group(1)))
        refs.assignment_ids.update(int(i) for i in _ASSIGNMENT.findall(e.details))
        words = e.details.split()
        if e.action.startswith(("focal.", "invite.")) and words:
            if e.action == "focal.reachable" and words[0].isdigit():
                refs.unit_ids.add(int(words[0]))
            else:
                refs.codes.add(words[0])
        if e.action in ("staff.set", "staff.remove", "focal.unreachable", "focal.revoke"):
            refs.user_ids.update(int(w) for w in words[:2] if w.isdigit())
        if e.action == "deadline.set" and len(words) == 4 and words[3] != "all":
            refs.codes.update(words[3].split(","))
        if e.action == "remind.send" and len(words) == 3 and words[0].lower() != "all":
            refs.codes.update(words[0].split(","))
    return refs


def _status(value: str) -> str:
    try:
        return texts.STATUS_LABEL[Status(value)]
    except ValueError:
        return texts.h(value)


def _person(user_id: int, names: AuditNames) -> str:
    name = names.people.get(user_id)
    return texts.h(name) if name else texts.AUDIT_PERSON.format(user_id=user_id)


def _unit(code: str, names: AuditNames) -> str:
    return texts.h(names.units.get(code, code))


def _task(assignment_id: int, names: AuditNames) -> str:
    unit, task = names.assignments.get(assignment_id, (None, None))
    if unit is None:
        return texts.AUDIT_ASSIGNMENT_GONE.format(id=assignment_id)
    return texts.AUDIT_TASK.format(unit=texts.h(unit), task=task)


def actor_text(actor: str, names: AuditNames) -> str:
    if m := _TG_ACTOR.match(actor):
        return _person(int(m.group(1)), names)
    return texts.AUDIT_ACTORS.get(actor, texts.h(actor))


def details_text(action: str, details: str, names: AuditNames) -> str:  # noqa: C901 - one branch per action
    """The entry's details in words; an entry this version does not know shows its details as stored."""
    words = details.split()
    if action in ("status.change", "status.correct") and (m := _STATUS_CHANGE.match(details)):
        return texts.AUDIT_STATUS.format(task=_task(int(m.group(1)), names), old=_status(m.group(2)),
                                         new=_status(m.group(3))) + (texts.AUDIT_CONFIRMED if m.group(4) else "")
    if action.startswith("extension.") and (m := _EXTENSION.match(details)):
        reason, replaced = m.group(4), ""
        if older := _SUPERSEDES.search(reason):
            reason = reason[:older.start()]
            replaced = texts.AUDIT_SUPERSEDES.format(ids=older.group(1).replace("#", "số "))
        reason = reason.strip()
        return texts.AUDIT_EXTENSION.format(
            id=m.group(1), task=_task(int(m.group(2)), names), date=fmt_date(date.fromisoformat(m.group(3))),
            reason=texts.NOTE_QUOTE.format(note=texts.h(reason[:120])) if reason else "") + replaced
    if action == "remind.send" and (m := _REMIND.match(details)):
        units = texts.AUDIT_ALL_UNITS if m.group(1).lower() in ("all", "") else ", ".join(
            _unit(c, names) for c in m.group(1).split(","))
        return texts.AUDIT_REMIND.format(units=units, messages=m.group(2))
    if action == "directive.push" and (m := _PUSH.match(details)):
        return texts.AUDIT_PUSH.format(number=texts.h(m.group(1)), units=m.group(2), messages=m.group(3))
    if action == "deadline.set" and len(words) == 4:
        units = texts.AUDIT_ALL_UNITS if words[3] == "all" else ", ".join(_unit(c, names) for c in words[3].split(","))
        return texts.AUDIT_DEADLINE.format(number=texts.h(words[0]), task=words[1].removeprefix("NV"),
                                           date=texts.h(words[2]), units=units)
    if action == "policy.set" and len(words) >= 2:
        try:
            policy = json.loads(details.split(" ", 1)[1])
            return texts.AUDIT_POLICY.format(number=texts.h(words[0]), before=", ".join(map(str, policy["before"])),
                                             at=texts.h(policy["at"]), overdue=policy["overdue"],
                                             escalate=policy["escalate"])
        except (ValueError, KeyError, TypeError):
            pass
    if action == "units.import" and len(words) >= 3 and words[1] == "rows":
        try:
            counts = ast.literal_eval(details.split(" ", 2)[2])
            return texts.AUDIT_UNITS_IMPORT.format(rows=words[0], **counts)
        except (ValueError, SyntaxError, KeyError, TypeError):
            pass
    if action == "directive.import" and len(words) == 3 and words[2] == "tasks":
        return texts.AUDIT_DIRECTIVE_IMPORT.format(number=texts.h(words[0]), tasks=words[1])
    if action in ("directive.close", "directive.reopen"):
        return texts.AUDIT_DIRECTIVE.format(number=texts.h(details))
    if action == "staff.set" and len(words) == 2 and words[0].isdigit():
        return texts.AUDIT_STAFF_SET.format(person=_person(int(words[0]), names),
                                            role=texts.OFFICE_ROLE_LABEL.get(words[1], texts.h(words[1])))
    if action == "staff.remove" and details.isdigit():
        return _person(int(details), names)
    if action == "invite.create" and len(words) == 2:
        return texts.AUDIT_FOCAL.format(role=texts.ROLE_LABEL.get(words[1], texts.h(words[1])),
                                        unit=_unit(words[0], names))
    if action == "focal.register" and len(words) >= 2:
        return texts.AUDIT_FOCAL_NAMED.format(name=texts.h(" ".join(words[2:])), unit=_unit(words[0], names),
                                              role=texts.ROLE_LABEL.get(words[1], texts.h(words[1])))
    if action in ("focal.revoke", "focal.unreachable") and len(words) >= 2 and words[1].isdigit():
        name = " ".join(words[2:])
        return texts.AUDIT_FOCAL_PERSON.format(person=texts.h(name) if name else _person(int(words[1]), names),
                                               unit=_unit(words[0], names))
    if action in ("question.ask", "question.answer") and (m := _QUESTION.match(details)):
        return texts.AUDIT_QUESTION.format(id=m.group(1), text=texts.h(m.group(2)[:200]))
    if action == "focal.reachable" and details.isdigit():
        return texts.h(names.units_by_id.get(int(details), details))
    return texts.h(details)


def audit_line(entry, names: AuditNames, at: str) -> str:
    details = details_text(entry.action, entry.details, names)
    return texts.AUDIT_LINE.format(
        at=at, actor=actor_text(entry.actor, names),
        action=texts.AUDIT_ACTION.get(entry.action, texts.AUDIT_ACTION_OTHER),
        details=f" – {details[:300]}" if details else "",
    )
