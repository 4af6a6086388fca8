"""Which process runs the schedulers and the sender when several share one PostgreSQL database.

All processes handle incoming updates; one leader runs the outbox sender, the reminder sweep and the
digest. Leadership is a PostgreSQL advisory lock held on a dedicated connection: when the leader dies,
its connection closes, the lock is released, and another process takes over on its next try.
SQLite deployments are one process, which is always the leader.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from db.engine import LEADER_LOCK_KEY

log = logging.getLogger(__name__)
LOCK_KEY = LEADER_LOCK_KEY  # "CCHC"; `cchc-bot restore` takes it too


class Leadership:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.single_process = engine.url.get_backend_name() != "postgresql"
        self._connection: Connection | None = None
        self.is_leader = self.single_process

    def refresh(self) -> bool:
        """Keep or try to take leadership; returns whether this process leads now."""
        if self.single_process:
            return True
        try:
            if self._connection is None:
                self._connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            if self.is_leader:
                self._connection.execute(text("SELECT 1"))  # the lock lives as long as this connection
            else:
                got = self._connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
                if got.scalar():
                    self.is_leader = True
                    log.info("this process is now the leader (sender, reminders, digest)")
        except DBAPIError as exc:
            if self.is_leader:
                log.warning("lost leadership with the database connection: %s", exc)
            self.is_leader = False
            self._drop_connection()
        return self.is_leader

    def _drop_connection(self) -> None:
        # invalidate(), not close(): a pooled connection would keep the session-level lock alive.
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except DBAPIError:
                pass
            self._connection = None

    def release(self) -> None:
        self.is_leader = self.single_process
        self._drop_connection()
