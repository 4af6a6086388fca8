"""Alembic: an empty database upgrades to head, a pre-migration database is adopted, models == head."""

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from bot.cli import main
from bot.seed import load_bundled
from db.engine import create_schema, make_engine
from db.migrate import current_revision, head_revision, upgrade
from db.models import Unit


def test_empty_database_upgrades_to_head(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    before, after = upgrade(engine)
    assert before is None and after == head_revision(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"unit", "focalpoint", "assignment", "statusreport", "outboundmessage", "nudgerecord"} <= tables
    assert upgrade(engine) == (after, after)  # idempotent


def test_head_read_from_files_matches_alembic(tmp_path):
    from db.migrate import head_from_files, is_current

    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    assert head_from_files() == head_revision(engine)
    assert not is_current(engine)
    upgrade(engine)
    assert is_current(engine)


def test_models_and_head_do_not_differ(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == []


def test_database_from_before_migrations_is_adopted_with_its_rows(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    create_schema(engine)
    with Session(engine) as session:
        load_bundled(session)
        session.commit()
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    with Session(engine) as session:
        assert len(session.exec(select(Unit)).all()) == 28


def test_cli_db_commands_and_backup(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.strip().startswith("0001")
    assert main(["backup", str(tmp_path / "copy.db")]) == 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("select count(*) from unit").fetchone() == (28,)
    assert main(["backup", str(tmp_path / "copy.db")]) == 1  # never overwrites


def test_postgresql_empty_database_upgrades_to_head_without_diff():
    from tests.conftest import fresh_engine

    engine = fresh_engine("postgresql")  # skipped, with the reason, where no server is configured
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        for enum in ("unitkind", "focalrole", "focalstate", "officerole", "status", "reportsource",
                     "outboundstate", "extensionstate"):
            connection.exec_driver_sql(f"DROP TYPE IF EXISTS {enum}")
    before, after = upgrade(engine)
    assert before is None and after == head_revision(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == []
    engine.dispose()
