"""One engine per process. SQLite gets WAL, a busy timeout and foreign keys."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel, create_engine

from db import models  # noqa: F401  (registers the tables)

APPLICATION_NAME = "cchc-bot"  # how PostgreSQL lists our connections (`cchc-bot restore` looks for them)
LEADER_LOCK_KEY = 0x43434843  # "CCHC": the advisory lock the leader holds (jobs/leader.py) and a restore takes


def make_engine(url: str, *, echo: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True,
                             connect_args={"application_name": APPLICATION_NAME})
    database = parsed.database or ""
    in_memory = database in ("", ":memory:")
    kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 10}}
    if in_memory:
        kwargs["poolclass"] = StaticPool
    else:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        cur = dbapi_conn.cursor()
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return engine


def create_schema(engine: Engine) -> None:
    """Tables straight from the models (tests, the demo), recorded as the newest migration revision."""
    from db.migrate import head_from_files

    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        # Alembic's own table layout, so `db upgrade` later sees an up-to-date database, not an old one.
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
                                   "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        if connection.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 0:
            connection.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{head_from_files()}')")


def refresh_statistics(engine: Engine) -> bool:
    """ANALYZE on SQLite, so its planner knows the table sizes (without them /summary at 10,000 units
    takes the slow join order: 270 ms instead of 130 ms). PostgreSQL's autovacuum does this itself."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return True
