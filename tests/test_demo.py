"""`cchc-bot demo` as a real process: no token, no network, a transcript and an Excel file."""

import os
import re
import subprocess
import sys
from pathlib import Path

from bot.webapp.browser import missing_browser


def test_demo_walkthrough_runs_offline(tmp_path):
    out = tmp_path / "demo-output"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo", "--out", str(out)], stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )
    assert result.returncode == 0, result.stderr
    transcript = result.stdout
    for expected in (
        "Hệ thống đã ghi nhận đồng chí là đầu mối chính của Sở Nội vụ",
        "Nhiệm vụ 7/7",
        "[✅ Hoàn thành] [🔄 Đang thực hiện] [⚠️ Vướng mắc]",
        "Nhiệm vụ 4 — ⚠️ Vướng mắc",
        "Hôm nay là hạn chót",
        "⛔ Sở Nội vụ quá hạn 6 ngày làm việc: nhiệm vụ 3, 5",
        "28 đơn vị × 7 nhiệm vụ = 196 lượt (nhiệm vụ × đơn vị)",
        "NV      1 2 3 4 5 6 7",
        "Quá hạn: ",
        "Đã nhập 66 đơn vị: 40 mới",  # the 2025 list: 2 merged sở, 36 xã and 2 phường are new
        "Danh sách đơn vị (53):",  # today's units: 15 sở, ban, ngành and the 38 xã, phường
    ):
        assert expected in transcript, expected
    assert (out / "tong-hop-2410.xlsx").stat().st_size > 5000
    assert (out / "bieu-do-2410.png").read_bytes()[:4] == b"\x89PNG"
    assert "👤 Trần Thị B (VP CCHC): /vanban" in transcript and "📎 bao-cao-2410-UBND-KSTT-" in transcript
    assert "👤 Trần Thị B (VP CCHC): /dondoc" in transcript and "📎 don-doc-2410-UBND-KSTT-" in transcript
    from docx import Document

    report = "\n".join(p.text for p in Document(str(out / "bao-cao-2410.docx")).paragraphs)
    assert "BÁO CÁO" in report and "Kết quả thực hiện Văn bản số 2410/UBND-KSTT" in report
    letter = Document(str(out / "don-doc-2410.docx"))
    groups = [p.text for p in letter.paragraphs if p.text[:3] in ("a) ", "b) ")]
    # SNV, overdue on tasks 3 and 5, issues the letter: never addressed; HTD did task 3, so a group of its own.
    assert groups[0].startswith("a) Các cơ quan, đơn vị sau chưa hoàn thành nhiệm vụ 3 (") and "Sở Nội vụ" not in groups[0]
    assert groups[1].startswith("b) UBND huyện Tam Đường chưa hoàn thành nhiệm vụ 5 (")
    assert "Biểu đồ:" in transcript and "📎 " in transcript
    # 2026: the second directive arrives as a PDF made on the fly, is previewed, saved with ✅ and documented.
    assert "Văn bản số 125/UBND-KSTT ngày 02/03/2026" in transcript and "[✅ Lưu] [✖ Hủy]" in transcript
    assert "Đã nhập văn bản 125/UBND-KSTT ngày 02/03/2026 với 4 nhiệm vụ" in transcript
    from bot.testing.directive_docs import soffice

    assert (out / "van-ban-125-UBND-KSTT.pdf").exists() == (soffice() is not None)
    for name in ("tong-hop-125.xlsx", "bao-cao-125.docx", "don-doc-125.docx", "bieu-do-125.png"):
        assert (out / name).stat().st_size > 5000, name
    letter_2026 = [p.text for p in Document(str(out / "don-doc-125.docx")).paragraphs]
    assert any(p.startswith("a) Các cơ quan, đơn vị sau chưa hoàn thành nhiệm vụ 1 (hạn hoàn thành 13/03/2026")
               for p in letter_2026)
    assert "Traceback" not in result.stderr
    assert Path(out / "demo.db").exists()
    # The dashboard ran on 127.0.0.1 with a launch link signed for the demo office user, and stopped with the demo.
    assert re.search(r"Bảng theo dõi .*: http://127\.0\.0\.1:\d+/#tgWebAppData=auth_date%3D\d+%26user%3D.*%26hash%3D[0-9a-f]{64}",
                     transcript)
    if missing_browser() is None:  # CI installs Chromium: the phone-width screenshots are the artefacts
        for name in ("bang-theo-doi-360.png", "bang-theo-doi-o-360.png", "bang-theo-doi-qua-han-360.png",
                     "bang-theo-doi-man-hinh-dau-360.png", "bang-theo-doi-toi-360.png", "mau-bao-cao-dau-moi-360.png",
                     "mau-bao-cao-dau-moi-da-gui-360.png"):
            png = (out / name).read_bytes()
            assert png[:4] == b"\x89PNG" and int.from_bytes(png[16:20], "big") == 720, name  # 360 CSS px at 2x


def test_demo_serve_keeps_the_dashboard_open_until_stopped(tmp_path):
    """`cchc-bot demo --serve`: after the walkthrough the printed link works (signed launch data only) until
    SIGTERM, then the process ends cleanly."""
    import json
    import signal
    import urllib.error
    import urllib.parse
    import urllib.request

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL"))}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "demo", "--out", str(tmp_path / "out"), "--serve"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=tmp_path, env=env)
    try:
        link = None
        for line in proc.stdout:  # the transcript, then the link, then the "running" line
            link = link or (re.search(r"http://127\.0\.0\.1:\d+/#tgWebAppData=\S+", line) or [None])[0]
            if "Ctrl-C" in line:
                break
        assert link, proc.stderr.read() if proc.poll() is not None else "no link printed"
        base, fragment = link.split("#", 1)
        init = urllib.parse.parse_qs(fragment)["tgWebAppData"][0]
        signed = urllib.request.Request(base + "api/dashboard", headers={"Authorization": "tma " + init})
        with urllib.request.urlopen(signed, timeout=10) as answer:
            # The dashboard opens on the newest directive: the demo's 125/UBND-KSTT of 2026, assigned to the 53
            # units of that day (the 2025 departments, 36 xã and 2 phường), none of 2410's 8 districts.
            assert json.load(answer)["figures"]["units"] == 53
        try:
            urllib.request.urlopen(base + "api/dashboard", timeout=10)
            raise AssertionError("an unsigned request was answered")
        except urllib.error.HTTPError as refused:
            assert refused.code == 401
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
