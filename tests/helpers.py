"""Shared steps for handler tests."""

from __future__ import annotations

import re

from sqlmodel import select

from db.models import Assignment, StatusReport, Task, Unit
from tests.kit import ADMIN_ID, BotKit, person

ADMIN = person(ADMIN_ID, "Trần Thị B")


async def invite_code(kit: BotKit, unit: str, *extra: str) -> str:
    calls = await kit.send(kit.text(ADMIN, " ".join(["/invite", unit, *extra])))
    match = re.search(r"start=([A-Za-z0-9_-]+)", calls[0].text)
    assert match, calls[0].text
    return match.group(1)


async def register(kit: BotKit, unit: str, user: dict, *extra: str):
    code = await invite_code(kit, unit, *extra)
    return await kit.send(kit.text(user, f"/start {code}"))


def task_messages(calls, chat_id: int):
    return [c for c in calls if c.method == "sendMessage" and c.chat_id == chat_id and c.buttons and not c.error]


def assignment_of(kit: BotKit, unit: str, number: int) -> Assignment:
    with kit.session() as session:
        return session.exec(
            select(Assignment).join(Task).join(Unit, Unit.id == Assignment.unit_id)
            .where(Unit.code == unit, Task.number == number)
        ).one()


def reports_of(kit: BotKit, unit: str, number: int) -> list[StatusReport]:
    assignment = assignment_of(kit, unit, number)
    with kit.session() as session:
        return list(session.exec(
            select(StatusReport).where(StatusReport.assignment_id == assignment.id).order_by(StatusReport.id)
        ))


def add_assigned_units(kit: BotKit, count: int) -> None:
    """`count` more units (X00, X01, …) and directive 2410 assigned to every unit."""
    from bot.domain.units_csv import parse_units_csv
    from db.directives import assign_directive, get_directive
    from db.units import import_units, list_units

    with kit.session() as session:
        import_units(session, rows=parse_units_csv(
            "code,name,kind\n" + "\n".join(f"X{i:02d},Đơn vị {i},other" for i in range(count))))
        session.flush()
        directive = get_directive(session, number="2410/UBND-KSTT")
        assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in list_units(session)])
        session.commit()
