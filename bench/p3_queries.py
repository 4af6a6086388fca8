"""P3: /summary, /overdue, the reminder sweep's planning and the export on a generated database."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from bench.common import TZ, timed
from bot.domain.reminders import Policy
from bot.operations.office_views import overdue_lines, summary_page
from bot.operations.seed import load_calendar
from bot.services import Services
from bot.settings import Settings
from db.directives import get_directive
from db.engine import create_schema, make_engine
from db.nudges import replan_nudges
from jobs.nudges import queue_due_nudges

NOW = datetime(2021, 1, 20, 9, 0, tzinfo=TZ)
TASKS = 20
REPORTS_PER_ASSIGNMENT = 5
STATUSES = ["not_started", "in_progress", "done", "blocked"]


def generate(path: Path, units: int) -> None:
    """Raw sqlite3 inserts: units x 20 tasks, 5 reports each, focal point per unit."""
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    engine.dispose()
    rnd = random.Random(7)
    con = sqlite3.connect(path)
    ts = "2020-11-01 02:00:00.000000"
    con.execute("INSERT INTO directive (id, number, issued_on, issuer, title, source_text, is_open, created_at) "
                "VALUES (1, 'BENCH/UBND', '2020-10-28', '', '', '', 1, ?)", (ts,))
    con.executemany("INSERT INTO task (id, directive_id, number, text) VALUES (?, 1, ?, ?)",
                    [(n, n, f"Nhiệm vụ {n}") for n in range(1, TASKS + 1)])
    con.executemany("INSERT INTO unit (id, code, name, kind, active) VALUES (?, ?, ?, 'other', 1)",
                    [(u, f"U{u:05d}", f"Đơn vị {u}") for u in range(1, units + 1)])
    con.executemany("INSERT INTO focalpoint (unit_id, tg_user_id, chat_id, name, role, state, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, 'primary', 'active', ?, ?)",
                    [(u, 30_000 + u, 30_000 + u, f"Đầu mối {u}", ts, ts) for u in range(1, units + 1)])
    assignments, reports = [], []
    base = datetime(2020, 11, 2, 2, 0, tzinfo=UTC)
    aid = 0
    for u in range(1, units + 1):
        for n in range(1, TASKS + 1):
            aid += 1
            status = rnd.choice(STATUSES)
            deadline = date(2020, 12, 1) + timedelta(days=rnd.randint(0, 90))
            last = base + timedelta(hours=rnd.randint(0, 1500))
            completed = last.strftime("%Y-%m-%d %H:%M:%S.%f") if status == "done" else None
            assignments.append((aid, n, u, deadline.isoformat(), status, completed,
                                last.strftime("%Y-%m-%d %H:%M:%S.%f")))
            for k in range(REPORTS_PER_ASSIGNMENT):
                at = base + timedelta(hours=rnd.randint(0, 1500), minutes=k)
                reports.append((aid, rnd.choice(STATUSES), "ghi chú" if k % 2 else None, "text",
                                at.strftime("%Y-%m-%d %H:%M:%S.%f")))
    # next_nudge_at as a migrated database has it: every assignment to be planned by the first sweep
    con.executemany("INSERT INTO assignment (id, task_id, unit_id, deadline, status, completed_at, last_report_at, "
                    "next_nudge_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2000-01-01 00:00:00.000000')", assignments)
    con.executemany("INSERT INTO statusreport (assignment_id, status, note, source, reported_at) "
                    "VALUES (?, ?, ?, ?, ?)", reports)
    con.commit()
    con.execute("ANALYZE")
    con.close()


HAND_SQL = """
SELECT u.code,
       SUM(a.status = 'done') AS done,
       SUM(a.status != 'done' AND a.deadline < :today) AS overdue,
       SUM(a.status = 'done' AND a.deadline IS NOT NULL AND date(a.completed_at, '+7 hours') > a.deadline) AS late
FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
WHERE t.directive_id = :directive AND u.active
GROUP BY u.id ORDER BY overdue DESC, done ASC, u.code LIMIT 30
"""


def measure(units: int, workdir: Path, *, with_export: bool) -> dict:
    path = workdir / f"p3-{units}.db"
    started = time.perf_counter()
    generate(path, units)
    generated_s = time.perf_counter() - started
    engine = make_engine(f"sqlite:///{path}")
    settings = Settings(timezone=TZ)
    svc = Services(settings=settings, engine=engine, clock=lambda: NOW)
    cal = load_calendar(TZ, settings.office_hours)
    out: dict = {"units": units, "assignments": units * TASKS, "reports": units * TASKS * REPORTS_PER_ASSIGNMENT,
                 "generate_s": generated_s}
    with Session(engine) as session:
        directive = get_directive(session, number="BENCH/UBND")

        def summary():
            summary_page(session, svc, directive, 0)  # what /summary runs

        def overdue():
            overdue_lines(session, svc, directive, calendar=cal)

        def first_sweep():  # after a start-up: every open assignment planned again, every due nudge queued
            replan_nudges(session)
            out["first_sweep_messages"] = queue_due_nudges(session, svc, cal, Policy(), now=NOW)[1]
            session.commit()

        minute = iter(range(1, 100))

        def sweep():  # what runs every minute once planned
            queue_due_nudges(session, svc, cal, Policy(), now=NOW + timedelta(minutes=next(minute)))
            session.commit()

        out["summary_ms"] = timed(summary, 3)
        out["overdue_ms"] = timed(overdue, 3)
        out["first_sweep_ms"] = timed(first_sweep, 1)
        out["sweep_ms"] = timed(sweep, 3)
        if with_export:
            from bot.documents.workbook import export_directive

            out["export_ms"] = timed(lambda: export_directive(session, directive=directive, now=NOW, tz=TZ,
                                                              out=workdir / "x.xlsx"), 1)
    con = sqlite3.connect(path)
    out["hand_sql_ms"] = timed(lambda: con.execute(HAND_SQL, {"today": NOW.date().isoformat(),
                                                              "directive": 1}).fetchall(), 5)
    con.close()
    out["summary_vs_sql"] = out["summary_ms"] / out["hand_sql_ms"]
    engine.dispose()
    return out


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        return [measure(1000, Path(tmp), with_export=True), measure(10_000, Path(tmp), with_export=True)]
