"""P4: `cchc-bot run` as a process: start-up time, idle RSS and CPU, RSS after a 420-message push."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.fake_http_api import FakeBotServer
from tests.process_kit import BotProcess, ask, seed_database, task_deliveries


def _proc_stats(pid: int) -> tuple[float, float, float]:
    """(RSS MB, peak RSS MB, CPU seconds) from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = {line.split(":")[0]: line.split(":")[1].strip() for line in status.splitlines() if ":" in line}
    rss = int(fields["VmRSS"].split()[0]) / 1024
    hwm = int(fields["VmHWM"].split()[0]) / 1024
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = __import__("os").sysconf("SC_CLK_TCK")
    cpu = (int(stat[11]) + int(stat[12])) / ticks
    return rss, hwm, cpu


def run() -> dict:
    server = FakeBotServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            chats = seed_database(tmp_path / "p4.db", units=60)
            # Measure a normal start: the schema is already at head (the first start after an upgrade
            # also loads Alembic to migrate, about 11 MB more).
            from db.engine import make_engine
            from db.migrate import upgrade

            upgrade(make_engine(f"sqlite:///{tmp_path / 'p4.db'}"))
            bot = BotProcess(server, tmp_path / "p4.db", tmp_path)
            started = time.perf_counter()
            bot.start(timeout=60)
            startup_s = time.perf_counter() - started
            time.sleep(3)
            rss0, _, cpu0 = _proc_stats(bot.proc.pid)
            time.sleep(10)
            rss1, hwm_idle, cpu1 = _proc_stats(bot.proc.pid)
            ask(server, "/push 2410/UBND-KSTT all")
            expected = len(chats) * 7
            pushed = server.wait_for(lambda: len(task_deliveries(server)) >= expected, 120)
            _, hwm_push, _ = _proc_stats(bot.proc.pid)
            bot.stop()
    finally:
        server.stop()
    return {"startup_s": startup_s, "idle_rss_mb": rss1, "idle_peak_mb": hwm_idle,
            "idle_cpu_percent": (cpu1 - cpu0) / 10 * 100, "push_peak_mb": hwm_push, "push_complete": pushed,
            "rss_at_3s_mb": rss0}
