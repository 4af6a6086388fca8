"""Housekeeping job: planner statistics on SQLite."""

from sqlalchemy import text

from db.engine import refresh_statistics
from jobs.maintenance import statistics_job


async def test_statistics_job_is_scheduled_and_analyzes_sqlite(kit):
    names = {job.name for job in kit.app.job_queue.jobs()}
    assert {"reminder-sweep", "database-statistics"} <= names
    await statistics_job(type("Ctx", (), {"application": kit.app})())
    if kit.engine.dialect.name == "postgresql":
        assert refresh_statistics(kit.engine) is False  # autovacuum's job there
        return
    with kit.engine.connect() as connection:
        tables = {row[0] for row in connection.execute(text("SELECT tbl FROM sqlite_stat1"))}
    assert {"assignment", "unit", "task"} <= tables
