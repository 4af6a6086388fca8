"""Shared pieces: a bot on a file SQLite with the fake transport, and timing helpers."""

from __future__ import annotations

import statistics
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.app import build_application
from bot.domain.units_csv import UnitRow
from bot.operations.seed import load_bundled
from bot.services import ManualClock
from bot.settings import Settings
from bot.testing.fake_bot_api import FakeBotAPI
from bot.testing.fake_updates import UpdateFactory
from db.directives import assign_directive, get_directive
from db.engine import create_schema, make_engine
from db.models import FocalPoint
from db.units import import_units, list_units

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = {"id": 100, "is_bot": False, "first_name": "Văn phòng"}


def seeded_engine(path: Path, *, units: int):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    with Session(engine) as session:
        load_bundled(session)
        extra = units - len(list_units(session))
        if extra > 0:
            import_units(session, rows=[UnitRow(f"B{i:05d}", f"Đơn vị {i}", "other") for i in range(extra)])
        session.flush()
        all_units = list_units(session)[:units]
        directive = get_directive(session, number="2410/UBND-KSTT")
        assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in all_units])
        for index, unit in enumerate(all_units):
            session.add(FocalPoint(unit_id=unit.id, tg_user_id=20_000 + index, chat_id=20_000 + index,
                                   name=f"Đầu mối {unit.code}"))
        session.commit()
    return engine


def bot_on(engine, *, rate_limit: bool, api: FakeBotAPI | None = None):
    settings = Settings(token="123456:BENCH", admin_ids=(ADMIN["id"],), office_chat_id=None,
                        rate_limit=rate_limit, timezone=TZ, flood_limit_per_minute=10_000_000)
    clock = ManualClock(datetime(2020, 11, 2, 9, 0, tzinfo=TZ))
    api = api or FakeBotAPI()
    app = build_application(settings, engine=engine, request=api, clock=clock)
    return app, api, UpdateFactory(app.bot, clock)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(fn, repeat: int = 5) -> float:
    """Median wall time in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
