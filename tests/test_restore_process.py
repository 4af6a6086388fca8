"""Issue 20 point 3, real processes: yesterday's backup is restored into a stopped installation, the bot is
started on it, and every report and pending message of that moment is there (and what came later is not).

The order of events: two reports are stored and 35 task cards wait in the outbox; the leader's backup of
yesterday 02:30 is made; the bot then sends the cards and stores a third report; today's backup is made.
`cchc-bot restore` is refused while the bot runs; stopped, yesterday's copy goes back; started again, the bot
sends the 35 cards again (what a restore repeats, docs/operations.md) and has exactly the two reports.
"""

import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.domain.enums import ReportSource, Status
from bot.operations.backups import list_backups, make_backup
from bot.operations.reporting import apply_report
from db.engine import make_engine
from db.models import Assignment, FocalPoint, OutboundMessage, OutboundState, StatusReport, Task
from tests.process_kit import BotProcess, seed_database, task_deliveries

pytestmark = pytest.mark.process
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def report(url: str, chat: int, task: int, status: Status, now: datetime) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        focal = session.exec(select(FocalPoint).where(FocalPoint.chat_id == chat)).one()
        assignment = session.exec(select(Assignment).join(Task).where(
            Assignment.unit_id == focal.unit_id, Task.number == task)).one()
        apply_report(session, focal=focal, assignment_id=assignment.id, status=status, source=ReportSource.text,
                     now=now)
        session.commit()
    engine.dispose()


def state(url: str) -> tuple[set, int]:
    """(chat, task, status) of every report, and how many outbox rows are pending."""
    engine = make_engine(url)
    with Session(engine) as session:
        reports = {(f.chat_id, t.number, r.status) for r, f, t in session.exec(
            select(StatusReport, FocalPoint, Task).join(FocalPoint, StatusReport.focal_point_id == FocalPoint.id)
            .join(Assignment, StatusReport.assignment_id == Assignment.id).join(Task, Assignment.task_id == Task.id))}
        pending = len(session.exec(select(OutboundMessage.id).where(
            OutboundMessage.state == OutboundState.pending)).all())
    engine.dispose()
    return reports, pending


def cli(bot: BotProcess, *args: str) -> subprocess.CompletedProcess:
    """`cchc-bot …` as the IT officer runs it, with the bot's settings and BACKUP_DIR (the bots here run with
    BACKUP_DIR=off, so that their own daily job cannot add a copy while the test counts them)."""
    env = {**bot.env, "BACKUP_DIR": str(bot.workdir / "backups")}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, cwd=bot.workdir,
                          capture_output=True, text=True, timeout=300)


def restore_scenario(server, bots, tmp_path, url: str, capsys) -> None:
    backups = tmp_path / "backups"
    chats = seed_database(tmp_path / "bot.db", units=5, url=None if url.startswith("sqlite") else url,
                          queue_push=True)
    today = datetime.now(TZ)
    yesterday = (today - timedelta(days=1)).replace(hour=2, minute=30, second=0, microsecond=0)
    report(url, chats[0], 1, Status.done, yesterday - timedelta(hours=10))
    report(url, chats[1], 4, Status.blocked, yesterday - timedelta(hours=9))
    at_backup = state(url)
    assert len(at_backup[0]) == 2 and at_backup[1] == 35
    make_backup(url, backups, now=yesterday)

    bot = BotProcess(server, url, tmp_path, BACKUP_DIR="off", RATE_LIMIT_PER_SECOND=100, RATE_LIMIT_PER_CHAT=50)
    bots.append(bot.start())
    cards = {(chat, n) for chat in chats for n in range(1, 8)}
    assert server.wait_for(lambda: set(task_deliveries(server)) >= cards, 60), bot.log()
    server.user_text(chats[2], "Đầu mối", "3 xong")  # after the backup: a restore loses it
    assert server.wait_for(lambda: len(state(url)[0]) == 3, 30), bot.log()
    assert server.wait_for(lambda: state(url)[1] == 0, 30), bot.log()
    made_now = cli(bot, "backup")  # today's copy, by hand while the bot runs; the officer picks yesterday's
    assert made_now.returncode == 0 and "Đã sao lưu vào" in made_now.stdout, made_now.stderr
    copies = list_backups(backups, TZ)
    assert len(copies) == 2 and copies[0].made_at == yesterday and copies[1].made_at.date() == today.date()
    yesterdays = copies[0].path

    refused = cli(bot, "restore", str(yesterdays))  # the bot holds the database
    assert refused.returncode == 1 and "Đang có tiến trình cchc-bot" in refused.stderr, refused.stderr
    assert len(state(url)[0]) == 3
    bot.stop()
    restored = cli(bot, "restore", str(yesterdays))
    assert restored.returncode == 0, restored.stderr
    assert "2 báo cáo, 35 tin nhắn chờ gửi" in restored.stdout
    assert state(url) == at_backup

    sent_before = task_deliveries(server)
    again = BotProcess(server, url, tmp_path, BACKUP_DIR="off", RATE_LIMIT_PER_SECOND=100, RATE_LIMIT_PER_CHAT=50)
    bots.append(again.start())
    resent = lambda: {k for k, n in task_deliveries(server).items() if n > sent_before[k]}  # noqa: E731
    assert server.wait_for(lambda: resent() >= cards, 60), again.log()  # every pending message of that moment
    assert server.wait_for(lambda: state(url) == (at_backup[0], 0), 30), again.log()  # every report, no later one
    with capsys.disabled():
        print(f"\n[restore {url.split(':')[0]}] yesterday's copy: {len(at_backup[0])} reports and {at_backup[1]} "
              f"pending cards back; the report made after it is gone; the cards were sent again")


def test_restore_yesterdays_sqlite_backup_and_start_the_bot_on_it(server, bots, tmp_path, capsys):
    restore_scenario(server, bots, tmp_path, f"sqlite:///{tmp_path / 'bot.db'}", capsys)
    kept = list(tmp_path.glob("bot.db.before-restore-*"))
    assert len(kept) == 1 and state(f"sqlite:///{kept[0]}")[0] != state(f"sqlite:///{tmp_path / 'bot.db'}")[0]


def test_restore_yesterdays_postgresql_backup_and_start_the_bot_on_it(server, bots, tmp_path, capsys):
    url = os.environ.get("CCHC_TEST_PG_URL")
    if not url:
        pytest.skip("PostgreSQL not available here: set CCHC_TEST_PG_URL (.ci/run starts a server and does)")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed (.ci/run installs postgresql-client)")
    restore_scenario(server, bots, tmp_path, url, capsys)
    assert len(list((tmp_path / "backups").glob("before-restore-*.dump"))) == 1
