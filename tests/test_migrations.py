"""Alembic: an empty database upgrades to head, a pre-migration database is adopted, models == head."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from bot.cli import main
from bot.domain.enums import Status
from db.engine import create_schema, make_engine
from db.migrate import current_revision, head_revision, upgrade
from db.models import NUDGE_RECOMPUTE, Assignment, Unit


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


def _first_revision_database(engine, *, keep_version: bool) -> None:
    """The schema of revision 0001 with the bundled units and 2410 assigned to them (rows written by hand:
    today's models have columns 0001 lacks)."""
    from alembic import command

    from db.migrate import alembic_config

    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        if not keep_version:
            connection.exec_driver_sql("DROP TABLE alembic_version")
        connection.exec_driver_sql("INSERT INTO unit (id, code, name, kind, active) VALUES (1, 'SNV', 'Sở Nội vụ', "
                                   "'department', TRUE)")
        connection.exec_driver_sql("INSERT INTO directive (id, number, issued_on, issuer, title, source_text, "
                                   "is_open, created_at) VALUES (1, '2410/UBND-KSTT', '2020-10-28', '', '', '', TRUE, "
                                   "'2020-10-28 01:00:00.000000')")
        connection.exec_driver_sql("INSERT INTO task (id, directive_id, number, text) VALUES (1, 1, 1, 'x'), "
                                   "(2, 1, 2, 'y')")
        connection.exec_driver_sql("INSERT INTO assignment (task_id, unit_id, deadline, status) VALUES "
                                   "(1, 1, '2020-12-15', 'not_started'), (2, 1, '2020-12-15', 'done')")


def test_database_from_before_migrations_is_adopted_with_its_rows(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    _first_revision_database(engine, keep_version=False)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    with Session(engine) as session:
        assert [u.code for u in session.exec(select(Unit))] == ["SNV"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_revision_0002_plans_every_existing_assignment_again(tmp_path, backend):
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    else:
        engine = _empty_postgresql()
    _first_revision_database(engine, keep_version=True)
    assert upgrade(engine) == ("0001", head_revision(engine))
    with Session(engine) as session:
        rows = session.exec(select(Assignment.status, Assignment.next_nudge_at).order_by(Assignment.id)).all()
    assert rows == [(Status.not_started, NUDGE_RECOMPUTE), (Status.done, NUDGE_RECOMPUTE)]
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("assignment")}
    assert indexes["ix_assignment_next_nudge"]["column_names"] == ["next_nudge_at"]
    if backend == "sqlite":
        with engine.connect() as connection:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN SELECT id FROM assignment WHERE next_nudge_at "
                                              "<= '2021-01-01' AND status != 'done'").fetchall()
        assert "ix_assignment_next_nudge" in str(plan)
    engine.dispose()


def test_revision_0005_keeps_reports_and_adds_conversation_state(tmp_path, backend):
    from db.models import ConversationState, StatusReport

    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}") if backend == "sqlite" else _empty_postgresql()
    _first_revision_database(engine, keep_version=True)
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO statusreport (assignment_id, status, note, source, reported_at) "
                                   "VALUES (1, 'blocked', 'thiếu kinh phí', 'text', '2020-11-02 02:00:00.000000')")
    upgrade(engine)
    with Session(engine) as session:
        report = session.exec(select(StatusReport)).one()
        assert (report.status, report.note, report.chat_id, report.message_id, report.corrected_at) == (
            Status.blocked, "thiếu kinh phí", None, None, None)
        assert session.exec(select(ConversationState)).all() == []
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("statusreport")}
    assert "ix_report_message" in indexes
    engine.dispose()


def test_schema_made_from_the_models_is_recorded_at_head(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    create_schema(engine)
    create_schema(engine)  # idempotent
    assert current_revision(engine) == head_revision(engine)
    assert upgrade(engine) == (head_revision(engine), head_revision(engine))


def test_cli_db_commands_and_backup(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.strip().startswith(head_revision(make_engine(f"sqlite:///{tmp_path / 'd.db'}")))
    assert main(["backup", str(tmp_path / "copy.db")]) == 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        # init: the 28 units of 2020, then the 2025 list adds 2 merged sở and the 38 xã and phường
        assert copy.execute("select count(*) from unit").fetchone() == (68,)
    assert main(["backup", str(tmp_path / "copy.db")]) == 1  # never overwrites


def _empty_postgresql():
    from tests.conftest import fresh_engine

    engine = fresh_engine("postgresql")  # skipped, with the reason, where no server is configured
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        for enum in ("unitkind", "focalrole", "focalstate", "officerole", "status", "reportsource",
                     "outboundstate", "extensionstate"):
            connection.exec_driver_sql(f"DROP TYPE IF EXISTS {enum}")
    return engine


def test_postgresql_empty_database_upgrades_to_head_without_diff():
    engine = _empty_postgresql()
    before, after = upgrade(engine)
    assert before is None and after == head_revision(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                SQLModel.metadata)
    assert diff == []
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_revision_0003_lets_an_extension_request_be_superseded(tmp_path, backend):
    from alembic import command

    from db.migrate import alembic_config
    from db.models import ExtensionRequest, ExtensionState

    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}") if backend == "sqlite" else _empty_postgresql()
    _first_revision_database(engine, keep_version=True)
    command.upgrade(alembic_config(engine), "0002")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO focalpoint (id, unit_id, tg_user_id, chat_id, name, role, state, "
                                   "created_at, updated_at) VALUES (1, 1, 501, 501, 'A', 'primary', 'active', "
                                   "'2020-10-28 01:00:00.000000', '2020-10-28 01:00:00.000000')")
        connection.exec_driver_sql("INSERT INTO extensionrequest (assignment_id, focal_point_id, new_deadline, "
                                   "reason, state, created_at) VALUES (1, 1, '2020-12-31', '', 'pending', "
                                   "'2020-10-28 01:00:00.000000')")
    assert upgrade(engine) == ("0002", head_revision(engine))
    with Session(engine) as session:
        request = session.exec(select(ExtensionRequest)).one()
        request.state = ExtensionState.superseded
        session.add(request)
        session.commit()
    with Session(engine) as session:
        assert session.exec(select(ExtensionRequest.state)).one() == ExtensionState.superseded
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_revision_0004_gives_existing_units_an_order(tmp_path, backend):
    """Units from before the `order` column sort as 0 (then by name) until their CSV is imported again."""
    from bot.domain.units_csv import parse_units_csv
    from db.units import import_units

    engine = make_engine(f"sqlite:///{tmp_path / 'o.db'}") if backend == "sqlite" else _empty_postgresql()
    _first_revision_database(engine, keep_version=True)
    upgrade(engine)
    with Session(engine) as session:
        assert [(u.code, u.sort_order) for u in session.exec(select(Unit))] == [("SNV", 0)]
        counts = import_units(session, rows=parse_units_csv("code,name,kind,order\nSNV,Sở Nội vụ,department,2\n"))
        session.commit()
        assert counts["updated"] == 1 and session.exec(select(Unit.sort_order)).one() == 2
    engine.dispose()
