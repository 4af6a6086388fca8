"""Heavy office work (the Excel export, the chart) in a worker process, off the bot's interpreter.

A worker thread keeps such work off the event loop but not off the GIL: openpyxl and matplotlib's Agg
renderer hold it for tens of milliseconds at a time, and a focal point's confirmation then waited up to
120 ms behind a 1,000-unit export (P5 in bench/). One spawned worker process, started at the first export
or chart and kept, runs them with its own interpreter and its own database connection.

An in-memory SQLite database exists only in this process, so work on it stays in a thread (tests, `demo`
without a file); `Services.offload` turns the process off (the offline test kit).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.models import Directive

_pool: ProcessPoolExecutor | None = None
_worker_engines: dict[str, Engine] = {}  # in the worker process: one engine per database URL


def _in_memory(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "", ":memory:")


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: the bot process has threads and an event loop a forked child must not inherit
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _work(engine: Engine, directive_id: int, work, kwargs: dict):
    with Session(engine) as session:
        return work(session, directive=session.get(Directive, directive_id), **kwargs)


def _in_worker(url: str, directive_id: int, work, kwargs: dict):
    """Runs in the worker process."""
    from db.engine import make_engine

    if url not in _worker_engines:
        _worker_engines[url] = make_engine(url)
    return _work(_worker_engines[url], directive_id, work, kwargs)


def run_on_directive(svc, directive_id: int, work, session: Session | None = None, **kwargs):
    """`work(session, directive=…, **kwargs)` (a module-level function, e.g. export_directive) in the worker
    process, waiting for its result; in this process when that is not possible, in `session` when given (a
    caller in the middle of a transaction: an in-memory database has one connection for all sessions).
    Call it from a thread."""
    engine = svc.engine
    if not getattr(svc, "offload", True) or _in_memory(engine):
        if session is not None:
            return work(session, directive=session.get(Directive, directive_id), **kwargs)
        return _work(engine, directive_id, work, kwargs)
    url = engine.url.render_as_string(hide_password=False)
    return _executor().submit(_in_worker, url, directive_id, work, kwargs).result()


async def on_directive(svc, directive_id: int, work, **kwargs):
    """`run_on_directive` without holding the event loop (the thread only waits for the worker)."""
    return await asyncio.to_thread(run_on_directive, svc, directive_id, work, **kwargs)


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
