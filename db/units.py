"""Unit queries."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from bot.domain.enums import UnitKind
from db.models import Unit


def import_units(session: Session, *, rows: Iterable) -> dict[str, int]:
    """Upsert units by code; returns counts. Re-importing the same rows changes nothing."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    existing = {u.code: u for u in session.exec(select(Unit))}
    for row in rows:
        unit = existing.get(row.code)
        if unit is None:
            session.add(Unit(code=row.code, name=row.name, kind=UnitKind(row.kind), sort_order=row.order))
            counts["added"] += 1
        elif (unit.name, unit.kind, unit.sort_order) != (row.name, row.kind, row.order) or not unit.active:
            unit.name, unit.kind, unit.active, unit.sort_order = row.name, UnitKind(row.kind), True, row.order
            session.add(unit)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


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
