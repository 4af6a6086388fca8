"""`make bench`: run P1-P7, print a table, write docs/benchmarks.md with the machine and date."""

from __future__ import annotations

import platform
import sys
from datetime import datetime
from pathlib import Path


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


P5_TITLE = ("P5 status replies while the office's /export and /chart of 1,000 units × 20 tasks run back to back "
            "(concurrent updates, file SQLite)")


def p5_rows(p5: dict) -> list[tuple[str, str, str]]:
    return [
        ("reply latency p50 / p99, no office work", f"{p5['quiet_p50_ms']:.1f} / {p5['quiet_p99_ms']:.1f} ms", ""),
        (f"reply latency p50 / p99 during {p5['office_commands']} exports and charts",
         f"{p5['busy_p50_ms']:.1f} / {p5['busy_p99_ms']:.1f} ms", "p99 < 100 ms"),
        ("p99 with office work ÷ p99 without", f"{p5['ratio']:.2f}x", "< 3x"),
    ]


def main() -> int:
    from bench import p1_replies, p2_push, p3_queries, p4_process, p5_concurrency, p6_dashboard

    full = "--full" in sys.argv
    lines = [f"# Benchmarks\n\nMachine: {cpu_name()}, {__import__('os').cpu_count()} cores, Python "
             f"{platform.python_version()}. Date: {datetime.now():%Y-%m-%d %H:%M}. Command: `make bench`.\n"]

    def section(title: str, rows: list[tuple[str, str, str]]) -> None:
        lines.append(f"\n## {title}\n\n| figure | value | target |\n| --- | --- | --- |")
        lines.extend(f"| {a} | {b} | {c} |" for a, b, c in rows)
        print(f"\n{title}")
        for a, b, c in rows:
            print(f"  {a:<58} {b:>16}   {c}")

    p1 = p1_replies.run()
    section("P1 status replies through process_update (file SQLite, WAL)", [
        ("bare python-telegram-bot echo handler", f"{p1['echo_per_s']:.0f}/s", ""),
        ("cchc-bot status reply (parse + store + confirm)", f"{p1['replies_per_s']:.0f}/s", ""),
        ("ratio reply / echo", f"{p1['ratio']:.3f}", ">= 0.2"),
        ("reply latency p50 while a 1,000-unit push drains", f"{p1['p50_ms']:.1f} ms", ""),
        ("reply latency p99 while a 1,000-unit push drains", f"{p1['p99_ms']:.1f} ms", "< 20 ms"),
        ("reply reader on a 4,000-character message, CPU time (slowest of ten adversarial shapes, median of 31: "
         f"{p1['reader_slowest_shape']})", f"{p1['reader_4000_chars_ms']:.2f} ms", "< 5 ms"),
        ("the same, wall clock (includes waiting for a core on a loaded machine)", f"{p1['reader_wall_ms']:.2f} ms",
         ""),
    ])
    p2 = p2_push.run(full=full)
    section("P2 pushing directive 2410 through the real sender (30 msg/s, 1 msg/s per chat)", [
        (f"{r['units']} units: {r['messages']} of {r['expected']} messages in {r['seconds']:.1f} s"
         + ("" if r["messages"] == r["expected"] else " (first 30 s; --full for all)"),
         f"{r['rate']:.1f} msg/s ({r['ratio_to_limit']:.0%})", ">= 95% of 30/s, 0 RetryAfter")
        for r in p2
    ] + [(f"{r['units']} units: errors / queueing the push", f"{r['errors']} / {r['queue_ms']:.0f} ms", "0")
         for r in p2])
    p3 = p3_queries.run()
    rows = []
    for r in p3:
        tag = f"{r['units']:,} units × 20 tasks, {r['reports']:,} reports"
        rows += [(f"{tag}: /summary", f"{r['summary_ms']:.0f} ms", "< 200 ms"),
                 (f"{tag}: /overdue", f"{r['overdue_ms']:.0f} ms", "< 200 ms"),
                 (f"{tag}: reminder sweep, each minute once planned", f"{r['sweep_ms']:.1f} ms", "< 200 ms"),
                 (f"{tag}: first sweep (plans every open task, queues {r['first_sweep_messages']:,} messages)",
                  f"{r['first_sweep_ms'] / 1000:.1f} s", ""),
                 (f"{tag}: hand-written summary SQL (sqlite3)", f"{r['hand_sql_ms']:.1f} ms", ""),
                 (f"{tag}: /summary ÷ hand SQL", f"{r['summary_vs_sql']:.1f}x", "<= 2x")]
        if "export_ms" in r:
            rows.append((f"{tag}: Excel export", f"{r['export_ms'] / 1000:.1f} s", ""))
    if len(p3) == 2:
        keys = ("summary_ms", "overdue_ms", "sweep_ms", "first_sweep_ms", "export_ms")
        rows.append(("growth 1,000 -> 10,000 units: /summary, /overdue, sweep, first sweep, export",
                     " / ".join(f"{p3[1][k] / p3[0][k]:.1f}x" for k in keys), "linear or better (10x)"))
    section("P3 office queries on a generated database", rows)
    p4 = p4_process.run()
    section("P4 `cchc-bot run` as a process (fake HTTP Bot API on 127.0.0.1)", [
        ("start-up to first getUpdates", f"{p4['startup_s']:.2f} s", "< 2 s"),
        ("RSS idle", f"{p4['idle_rss_mb']:.0f} MB", "<= 100 MB"),
        ("peak RSS idle", f"{p4['idle_peak_mb']:.0f} MB", "<= 100 MB"),
        ("CPU while idle (10 s)", f"{p4['idle_cpu_percent']:.1f} %", "no busy polling"),
        ("peak RSS after pushing 420 messages", f"{p4['push_peak_mb']:.0f} MB", ""),
    ])
    p5 = p5_concurrency.run()
    section(P5_TITLE, p5_rows(p5))
    p6 = p6_dashboard.run()
    browser = ([("headless Chromium 360×740 in the stand-in Telegram client (SDK running): navigation to matrix "
                 "on screen, first / median of 3 more",
                 f"{p6['browser_cold_ms']:.0f} / {p6['browser_ms']:.0f} ms", "< 1 s")]
               if "browser_ms" in p6 else [("headless Chromium", "not installed", "")])
    section(f"P6 dashboard first view, {p6['units']:,} units × 20 tasks, 100,000 reports (server on 127.0.0.1)", [
        ("HTTP: page, SDK bundle, scripts, style, /api/me, /api/dashboard: first / median of 5 more",
         f"{p6['http_cold_ms']:.0f} / {p6['http_ms']:.0f} ms", "< 1 s"),
        *browser,
        ("a filtered page (only overdue, name search)", f"{p6['filter_ms']:.0f} ms", ""),
        ("a cell's history", f"{p6['cell_ms']:.0f} ms", ""),
        ("/api/dashboard answer (50 units a page)", f"{p6['dashboard_bytes'] / 1024:.0f} KB", ""),
        ("Telegram's SDK bundle (telegram-sdk.js, minified)", f"{p6['sdk_bytes'] / 1024:.0f} KB", ""),
    ])
    from bench import p7_dashboard_load

    p7 = p7_dashboard_load.run()
    section(p7_dashboard_load.TITLE, p7_dashboard_load.rows(p7))
    out = Path("docs/benchmarks.md")
    out.parent.mkdir(exist_ok=True)
    history = ""
    if out.exists() and "\n## History" in (previous := out.read_text(encoding="utf-8")):
        history = previous[previous.index("\n## History"):]  # hand-kept before/after notes survive a rerun
    out.write_text("\n".join(lines) + "\n" + history, encoding="utf-8")
    print(f"\nWritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
