"""The data the bot ships with: the Lai Châu units of 2020, directive 2410/UBND-KSTT on them, and the units of
the two-tier structure of 2025 (bot/data/units-laichau-2025.csv, its sources in its notes)."""

from __future__ import annotations

from datetime import date, time
from importlib import resources
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.domain.directive_parser import parse_directive
from bot.domain.units_csv import parse_units_csv
from bot.domain.workcal import WorkCalendar, parse_calendar_toml
from db.directives import assign_directive, create_directive, get_directive
from db.units import import_units, units_on

SEED_NUMBER = "2410/UBND-KSTT"
SEED_DATE = date(2020, 10, 28)
SEED_ISSUER = "UBND tỉnh Lai Châu"
SEED_TITLE = (
    "Về việc chấn chỉnh, khắc phục một số tồn tại, hạn chế qua kiểm tra công tác cải cách hành chính năm 2020"
)


def bundled_text(name: str) -> bytes:
    return resources.files("bot.data").joinpath(name).read_bytes()


UNITS_2020 = "units-laichau-2020.csv"
UNITS_2025 = "units-laichau-2025.csv"


def load_bundled(session: Session) -> dict[str, int]:
    """Idempotent: add the 2020 units and directive 2410 (assigned to the units of its date) if absent.

    Once 2410 exists the 2020 list is not imported again: it would reopen the units the 2025 list ended."""
    counts = {"added": 0, "updated": 0, "unchanged": 0, "retired": 0}
    created = 0
    if get_directive(session, number=SEED_NUMBER) is None:
        counts = import_units(session, rows=parse_units_csv(bundled_text(UNITS_2020)))
        session.flush()
        source = bundled_text("directive-2410-UBND-KSTT-2020.txt").decode("utf-8")
        directive = create_directive(
            session, number=SEED_NUMBER, issued_on=SEED_DATE, tasks=parse_directive(source),
            title=SEED_TITLE, issuer=SEED_ISSUER, source_text=source,
        )
        created = assign_directive(
            session, directive_id=directive.id, unit_ids=[u.id for u in units_on(session, on=SEED_DATE)]
        )
    return {**counts, "assignments": created}


def load_current_units(session: Session) -> dict[str, int]:
    """`cchc-bot init`: the 2025 list becomes current (the districts and merged sở end, dated, history kept;
    the sở that continue keep their rows, focal points and invite links). Idempotent."""
    counts = import_units(session, rows=parse_units_csv(bundled_text(UNITS_2025)))
    session.flush()
    return counts


def load_calendar(tz: ZoneInfo, hours: tuple[tuple[time, time], ...], toml_text: str | None = None) -> WorkCalendar:
    if toml_text is None:
        toml_text = bundled_text("calendar.toml").decode("utf-8")
    days_off, working = parse_calendar_toml(toml_text)
    return WorkCalendar(tz=tz, hours=hours, days_off=days_off, working_days=working)
