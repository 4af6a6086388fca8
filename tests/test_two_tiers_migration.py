"""Revision 0008 on a database of revision 0005: kinds unchanged, the bundled 2020 districts end on 30/06/2025,
nothing else dated; then `cchc-bot init`'s 2025 list makes today's units current."""

from datetime import date

import pytest
from sqlmodel import Session, select

from bot.operations.seed import load_current_units
from db.engine import make_engine
from db.migrate import head_revision, upgrade
from db.models import Assignment, Unit
from db.units import units_on
from tests.test_migrations import _empty_postgresql, _first_revision_database


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_revision_0008_dates_the_bundled_districts_only(tmp_path, backend):
    from alembic import command

    from db.migrate import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'u.db'}") if backend == "sqlite" else _empty_postgresql()
    _first_revision_database(engine, keep_version=True)
    command.upgrade(alembic_config(engine), "0005")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO unit (id, code, name, kind, active, sort_order) VALUES "
                                   "(2, 'HTD', 'UBND huyện Tam Đường', 'district', TRUE, 2), "
                                   "(3, 'HX', 'UBND huyện Khác', 'district', TRUE, 9), "
                                   "(4, 'TPLC', 'UBND thành phố (tên khác)', 'district', TRUE, 1)")
        connection.exec_driver_sql("INSERT INTO assignment (task_id, unit_id, deadline, status) VALUES "
                                   "(1, 2, '2020-12-15', 'done')")
    assert upgrade(engine) == ("0005", head_revision(engine))
    with Session(engine) as session:
        units = {u.code: u for u in session.exec(select(Unit))}
        assert {c: (str(u.kind), u.valid_to) for c, u in units.items()} == {
            "SNV": ("department", None),
            "HTD": ("district", date(2025, 6, 30)),  # the bundled district, as the bundled list names it
            "HX": ("district", None),  # a district the office imported itself: left for it to date
            "TPLC": ("district", None),  # a name that is not the bundled one: left too
        }
        assert len(session.exec(select(Assignment).where(Assignment.unit_id == 2)).all()) == 1
    if backend == "postgresql":  # the rows above were written with their ids
        with engine.begin() as connection:
            connection.exec_driver_sql("SELECT setval('unit_id_seq', (SELECT max(id) FROM unit))")
    with Session(engine) as session:
        load_current_units(session)
        session.commit()
    with Session(engine) as session:
        today = {u.code for u in units_on(session, on=date(2026, 1, 5))}
        assert "X-MUONGKIM" in today and "P-TANPHONG" in today and "HTD" not in today and "SNV" in today
        assert session.exec(select(Unit.kind).where(Unit.code == "P-TANPHONG")).one() == "phuong"
    engine.dispose()
