"""Unit queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlmodel import Session, or_, select

from bot.domain.enums import UnitKind
from db.models import Unit


class UnitsImportError(ValueError):
    """A successor code names no unit (the message is for the office, in Vietnamese)."""


def import_units(session: Session, *, rows: Iterable, current_from: date | None = None) -> dict[str, int]:
    """Upsert units by code; returns counts. Re-importing the same rows changes nothing.

    `current_from`: the list is the whole list of units from that day, so a unit still open that it does not
    name ends the day before (`valid_to`); it is never deleted, and its assignments and history stay.
    A unit the list names keeps its row: its focal points and invite links carry over. A file without the
    date (successor) columns keeps the stored dates (successor); with `current_from` it reopens a unit it names
    that had ended before that day.
    """
    rows = list(rows)
    counts = {"added": 0, "updated": 0, "unchanged": 0, "retired": 0}
    existing = {u.code: u for u in session.exec(select(Unit))}
    named = {row.code for row in rows}
    if unknown := sorted({row.successor for row in rows if row.successor}
                         - named - set(existing)):
        raise UnitsImportError(f"Mã đơn vị kế thừa không có trong danh sách: {', '.join(unknown)}.")
    touched: list[tuple[Unit, object, str]] = []
    for row in rows:
        unit = existing.get(row.code)
        if unit is not None and not row.dated:  # a file without the date columns keeps the stored dates
            reopen = current_from is not None and unit.valid_to is not None and unit.valid_to < current_from
            dates = (unit.valid_from, None if reopen else unit.valid_to)
        else:
            dates = (row.valid_from, row.valid_to)
        values = (row.name, UnitKind(row.kind), row.order, *dates)
        if unit is None:
            unit = Unit(code=row.code, name=row.name, kind=UnitKind(row.kind), sort_order=row.order,
                        valid_from=row.valid_from, valid_to=row.valid_to)
            session.add(unit)
            existing[row.code] = unit
            outcome = "added"
        elif (unit.name, unit.kind, unit.sort_order, unit.valid_from, unit.valid_to) != values or not unit.active:
            unit.name, unit.kind, unit.sort_order, unit.valid_from, unit.valid_to = values
            unit.active = True
            session.add(unit)
            outcome = "updated"
        else:
            outcome = "unchanged"
        touched.append((unit, row, outcome))
    session.flush()  # a successor may be a unit this same list adds: it needs its id
    for unit, row, outcome in touched:
        if not row.succession:
            counts[outcome] += 1
            continue
        successor_id = existing[row.successor].id if row.successor else None
        if unit.successor_id != successor_id:
            unit.successor_id = successor_id
            session.add(unit)
            outcome = "updated" if outcome == "unchanged" else outcome
        counts[outcome] += 1
    if current_from is not None:
        ended = current_from - timedelta(days=1)
        for code, unit in existing.items():
            if code not in named and unit.valid_to is None and (unit.valid_from is None or unit.valid_from <= ended):
                unit.valid_to = ended
                session.add(unit)
                counts["retired"] += 1
    return counts


def units_on(session: Session, *, on: date) -> list[Unit]:
    """The units that existed on a day (a directive's date): the units `--all` assigns it to."""
    query = (select(Unit)
             .where(Unit.active, or_(Unit.valid_from.is_(None), Unit.valid_from <= on),
                    or_(Unit.valid_to.is_(None), Unit.valid_to >= on))
             .order_by(Unit.kind, Unit.sort_order, Unit.code))
    return list(session.exec(query))


def list_units(session: Session, *, active_only: bool = True) -> list[Unit]:
    query = select(Unit).order_by(Unit.kind, Unit.sort_order, Unit.code)
    if active_only:
        query = query.where(Unit.active)
    return list(session.exec(query))


def get_unit_by_code(session: Session, *, code: str) -> Unit | None:
    return session.exec(select(Unit).where(Unit.code == code.strip().upper())).first()


def get_units_by_codes(session: Session, *, codes: Iterable[str]) -> tuple[list[Unit], list[str]]:
    """Units for the codes given, and the codes that matched nothing."""
    wanted = [c.strip().upper() for c in codes if c.strip()]
    found = {u.code: u for u in session.exec(select(Unit).where(Unit.code.in_(wanted)))}
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]


def unit_places(session: Session) -> dict[str, tuple[str, int]]:
    """code -> (kind, official order) of every unit: documents list units in the province's order."""
    return {code: (str(kind), order) for code, kind, order in session.exec(select(Unit.code, Unit.kind,
                                                                                 Unit.sort_order))}
