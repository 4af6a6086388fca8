"""Health and metrics in the process (issue 20 point 1): what the handlers and the sender count, the outbox
read at scrape time, and the rules /healthz answers by (the HTTP side runs in tests/test_health_process.py)."""

import sqlite3
from datetime import timedelta

from sqlmodel import Session

from bot.health import OutboxCollector, database_problem, job_problem
from bot.metrics import REGISTRY
from bot.services import Services
from bot.settings import Settings
from bot.testing.fake_bot_api import Failure
from db.engine import create_schema, make_engine
from db.outbox import enqueue
from tests.helpers import ADMIN, register
from tests.kit import person


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def counts() -> dict[str, float]:
    return {
        "text": value("cchc_updates_total", kind="text"), "command": value("cchc_updates_total", kind="command"),
        "button": value("cchc_updates_total", kind="button"),
        "at_once": value("cchc_replies_total", path="at_once"), "asked": value("cchc_replies_total", path="asked"),
        "read_back": value("cchc_replies_total", path="read_back"),
        "sent direct": value("cchc_messages_sent_total", via="direct"),
        "429 direct": value("cchc_messages_refused_total", via="direct", reason="429"),
        "sent outbox": value("cchc_messages_sent_total", via="outbox"),
        "403 outbox": value("cchc_messages_refused_total", via="outbox", reason="403"),
    }


def moved(before: dict, after: dict) -> dict:
    return {k: after[k] - before[k] for k in before if after[k] != before[k]}


async def test_updates_replies_and_sends_are_counted_through_the_real_handlers(kit):
    await register(kit, "SNV", person(501))
    before, mark = counts(), len(kit.api.calls)
    await kit.send(kit.text(person(501), "3 xong"))  # plain: stored at once (the hot path)
    await kit.send(kit.text(person(501), "4 vướng mắc: thiếu kinh phí, 5 đang làm"))  # stored at once
    await kit.send(kit.text(person(501), "NV5 đã có Kế hoạch 12, đang làm"))  # not plain: read back (issue 19)
    asked = await kit.send(kit.text(person(501), "xong rồi"))  # no task named: "which task?" buttons
    await kit.send(kit.callback(person(501), asked[0].buttons[0]["callback_data"], message=asked[0]))
    await kit.send(kit.text(ADMIN, "/tonghop"))
    answers = [c for c in kit.api.calls[mark:] if c.method in ("sendMessage", "editMessageText", "sendPhoto")]
    assert len(answers) >= 6  # four answers, the button's edit and its confirmation, /tonghop
    assert moved(before, counts()) == {"text": 4, "command": 1, "button": 1, "at_once": 2, "asked": 1,
                                       "read_back": 1, "sent direct": len(answers)}

    before = counts()
    kit.api.fail_next(Failure.retry_after(3), method="sendMessage")
    await kit.app.process_update(kit.text(person(501), "6 xong"))  # the answer is refused, goes to the outbox
    kit.clock.advance(seconds=5)
    kit.app.bot_data["services"].limiter.pause(0)
    await kit.drain()
    kit.api.blocked_chats.add(501)
    with Session(kit.engine) as session:  # a message to a chat that has blocked the bot
        enqueue(session, kind="digest", chat_id=501, dedupe_key="to-blocked", payload={"text": "x"}, now=kit.clock())
        session.commit()
    await kit.drain()
    after = moved(before, counts())
    # sent from the outbox: the refused answer, then the office's alert that unit's focal point is unreachable
    assert (after["429 direct"], after["sent outbox"], after["403 outbox"]) == (1, 2, 1), after


async def test_the_outbox_is_read_at_scrape_time_by_kind(kit):
    collector = OutboxCollector(kit.engine)

    def scrape() -> dict:
        return {(s.name, s.labels.get("kind")): s.value for family in collector.collect() for s in family.samples}

    assert scrape() == {}
    with Session(kit.engine) as session:
        for i, kind in enumerate(["task", "task", "nudge"]):
            enqueue(session, kind=kind, chat_id=1000 + i, dedupe_key=f"k{i}", payload={"text": "x"},
                    now=kit.clock() - timedelta(minutes=10 * i))
        session.commit()
    first = scrape()
    assert first[("cchc_outbox_pending", "task")] == 2 and first[("cchc_outbox_pending", "nudge")] == 1
    # ages come from the wall clock; the rows were queued on the kit's clock (2020), 10 and 20 minutes apart
    assert first[("cchc_outbox_oldest_pending_age_seconds", "nudge")] - \
        first[("cchc_outbox_oldest_pending_age_seconds", "task")] == 600
    await kit.drain()
    assert scrape() == {("cchc_outbox_pending", "task"): 0, ("cchc_outbox_pending", "nudge"): 0,
                        ("cchc_outbox_oldest_pending_age_seconds", "task"): 0,
                        ("cchc_outbox_oldest_pending_age_seconds", "nudge"): 0}  # drained: zero, not gone


def test_the_database_check_opens_the_path_afresh(tmp_path):
    path = tmp_path / "bot.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    assert database_problem(engine) is None
    path.rename(tmp_path / "away.db")  # the pool still answers from the moved file: the path does not
    assert database_problem(engine) in ("unable to open database file", "disk I/O error")  # -wal left behind
    path.mkdir()
    assert database_problem(engine) in ("unable to open database file", "disk I/O error")
    path.rmdir()
    engine.dispose()
    for leftover in tmp_path.glob("bot.db-*"):  # the WAL of the moved file, so only the new file is read
        leftover.unlink()
    path.write_bytes(b"not a database at all" * 100)
    assert "not a database" in database_problem(engine)
    path.unlink()
    sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.close()
    assert "no such table: alembic_version" in database_problem(engine)
    engine.dispose()


def test_on_the_leader_the_sweep_and_sender_must_have_run_within_their_period():
    svc = Services(settings=Settings(), engine=make_engine("sqlite://"), clock=lambda: None)
    check = dict(started=1000.0, sweep_every=60, send_every=5)
    assert job_problem(svc, now=1015, **check) is None  # just started: neither has had its time yet
    assert job_problem(svc, now=1100, **check) == "outbox sender not run since start 100 s ago (period 5 s)"
    assert job_problem(svc, now=1190, **check) == "reminder sweep not run since start 190 s ago (period 60 s)"
    svc.sweep_ran_at = 1180
    assert job_problem(svc, now=1190, **check) == "outbox sender not run since start 190 s ago (period 5 s)"
    svc.sender_ran_at = 1189
    assert job_problem(svc, now=1190, **check) is None
    assert job_problem(svc, now=1210, **check) == "outbox sender last ran 21 s ago (period 5 s)"
    svc.sender_ran_at = 1400
    assert job_problem(svc, now=1400, **check) == "reminder sweep last ran 220 s ago (period 60 s)"

    class Follower:
        is_leader = False

    svc.leadership = Follower()
    assert job_problem(svc, now=5000, **check) is None  # a follower runs neither
