"""bot/operations/offload.py: exports and charts run in a spawned worker process (their own GIL), except on an
in-memory database or when the service turns it off."""

import os
from types import SimpleNamespace

from sqlmodel import Session

from bot.operations import offload
from bot.operations.seed import load_bundled
from db.directives import get_directive
from db.engine import create_schema, make_engine


def where_it_ran(session, *, directive, suffix: str) -> tuple[int, str]:
    """Module level, so the worker process can import it."""
    return os.getpid(), directive.number + suffix


def _database(url: str):
    engine = make_engine(url)
    create_schema(engine)
    with Session(engine) as session:
        load_bundled(session)
        session.commit()
        directive_id = get_directive(session, number="2410/UBND-KSTT").id
    return engine, directive_id


def test_work_on_a_file_database_runs_in_the_worker_process(tmp_path):
    engine, directive_id = _database(f"sqlite:///{tmp_path / 'o.db'}")
    svc = SimpleNamespace(engine=engine, offload=True)
    try:
        first = offload.run_on_directive(svc, directive_id, where_it_ran, suffix="!")
        second = offload.run_on_directive(svc, directive_id, where_it_ran, suffix="?")
    finally:
        offload.shutdown()
    assert first[1] == "2410/UBND-KSTT!" and second[1] == "2410/UBND-KSTT?"
    assert first[0] != os.getpid() and first[0] == second[0]  # another process, started once and kept


async def test_in_memory_or_switched_off_stays_in_this_process(tmp_path):
    memory, memory_id = _database("sqlite://")
    assert (await offload.on_directive(SimpleNamespace(engine=memory, offload=True), memory_id, where_it_ran,
                                       suffix=""))[0] == os.getpid()
    engine, directive_id = _database(f"sqlite:///{tmp_path / 'p.db'}")
    assert offload.run_on_directive(SimpleNamespace(engine=engine, offload=False), directive_id, where_it_ran,
                                    suffix="")[0] == os.getpid()
