"""Schema migrations (Alembic, scripts in db/migrations), configured from DATABASE_URL."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*['\"](\w+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"](\w+)['\"]", re.M)


def head_from_files() -> str | None:
    """The newest revision, read from the scripts without importing Alembic (~11 MB we need not keep)."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        if match := _REVISION.search(source):
            revisions.add(match.group(1))
        if match := _DOWN.search(source):
            parents.add(match.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def is_current(engine: Engine) -> bool:
    """True when the database is at head; a cheap check before loading Alembic at start-up."""
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return False
    return version is not None and version == head_from_files()


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def head_revision(engine: Engine) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Apply pending revisions; returns (before, after)."""
    from alembic import command

    before = current_revision(engine)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if before is None and "unit" in inspect(connection).get_table_names():
            # A database made before migrations existed has exactly the first revision's tables.
            command.stamp(config, "0001")
            before = "0001"
        command.upgrade(config, "head")
    after = current_revision(engine)
    if before != after:
        log.info("database migrated from %s to %s", before or "empty", after)
    return before, after
