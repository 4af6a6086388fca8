"""Issue 20's evidence process test: `cchc-bot run` against the HTTP fake Bot API (getFile and the download).

A focal point sends a PDF as a reply to a task; it appears in EVIDENCE_DIR under its SHA-256; the directive's
zip (`cchc-bot evidence export`) holds it under the unit's and task's folder and danh-muc.xlsx lists it; with
the fake API forgetting the file, the office's "send me the file" button still delivers the archived copy.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import time
import zipfile

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from db.engine import make_engine
from db.models import FocalPoint, Unit
from tests.fake_http_api import press_update
from tests.process_kit import ADMIN_ID, BotProcess, ask, seed_database

pytestmark = pytest.mark.process
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + "Kế hoạch CCHC năm 2021\n".encode() * 500
SHA = hashlib.sha256(PDF).hexdigest()


def _document_update(chat: int, task_message: dict) -> dict:
    return {"message": {
        "message_id": 900_001, "date": int(time.time()),
        "chat": {"id": chat, "type": "private", "first_name": "Đầu mối"},
        "from": {"id": chat, "is_bot": False, "first_name": "Đầu mối"},
        "document": {"file_id": "PDF-FILE-1", "file_unique_id": "PDF-UNIQUE-1", "file_name": "Kế hoạch CCHC.pdf",
                     "mime_type": "application/pdf", "file_size": len(PDF)},
        "reply_to_message": task_message,
    }}


def test_evidence_is_archived_zipped_and_sent_back_when_telegram_forgot_it(tmp_path, server, bots):
    chats = seed_database(tmp_path / "bot.db", units=2, queue_push=True)
    evidence = tmp_path / "kho-minh-chung"
    bot = BotProcess(server, tmp_path / "bot.db", tmp_path, EVIDENCE_DIR=evidence)
    bots.append(bot)
    bot.start()
    chat = chats[0]
    assert server.wait_for(lambda: any(r.call.chat_id == chat and r.call.buttons for r in server.calls("sendMessage")),
                           30), bot.log()
    card = next(r for r in server.calls("sendMessage") if r.call.chat_id == chat and r.call.buttons)
    server.upload("PDF-FILE-1", PDF)
    server.push_update(_document_update(chat, dict(card.call.result)))

    kept = evidence / SHA[:2] / SHA
    assert server.wait_for(kept.exists, 30), bot.log()
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == SHA and server.state.downloads == ["PDF-FILE-1"]
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    with Session(engine) as session:
        unit = session.exec(select(Unit).join(FocalPoint).where(FocalPoint.chat_id == chat)).one()
    engine.dispose()
    task = int(card.call.text.split("Nhiệm vụ ", 1)[1].split("/")[0])

    out = tmp_path / "minh-chung.zip"
    env = {**bot.env}
    exported = subprocess.run([sys.executable, "-m", "bot.cli", "evidence", "export", "2410/UBND-KSTT", "--out",
                               str(out)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(out) as zf:
        files = [n for n in zf.namelist() if n != "danh-muc.xlsx"]
        assert len(files) == 1 and files[0].endswith(" Kế hoạch CCHC.pdf"), files
        folder, task_folder, _ = files[0].split("/")
        assert folder.endswith(f" {unit.name}") and task_folder == f"Nhiệm vụ {task}"
        assert zf.read(files[0]) == PDF
        sheet = load_workbook(io.BytesIO(zf.read("danh-muc.xlsx"))).active
        listed = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(listed) == 1 and listed[0][1] == unit.name and listed[0][3] == task
    assert listed[0][6:9] == ("Kế hoạch CCHC.pdf", len(PDF), SHA)

    server.forget("PDF-FILE-1")  # Telegram no longer knows the file (a replaced token, a dropped file)
    ask(server, f"/donvi {unit.code}")
    assert server.wait_for(lambda: any("📎" in b["text"] for r in server.calls("sendMessage")
                                       if r.call.chat_id == ADMIN_ID for b in r.call.buttons), 30), bot.log()
    view = next(r for r in server.calls("sendMessage") if r.call.chat_id == ADMIN_ID
                and any("📎" in b["text"] for b in r.call.buttons))
    button = next(i for i, b in enumerate(view.call.buttons) if "📎" in b["text"])
    server.push_update(press_update(ADMIN_ID, "Văn phòng CCHC", view, button))

    def uploaded():
        return [r for r in server.calls("sendDocument") if r.call.files and r.status == 200]

    assert server.wait_for(uploaded, 30), bot.log()
    refused = [r for r in server.calls("sendDocument") if r.call.params.get("document") == "PDF-FILE-1"]
    assert refused and refused[0].status == 400  # asked by file id first: Telegram refused
    name, content = uploaded()[0].call.files["document"]
    assert uploaded()[0].call.chat_id == ADMIN_ID and content == PDF and name == "Kế hoạch CCHC.pdf"
    bot.stop()
    assert bot.proc.returncode == 0, bot.log()


def test_a_download_cut_short_by_a_crash_is_done_after_the_restart(tmp_path, server, bots):
    chats = seed_database(tmp_path / "bot.db", units=1, queue_push=True)
    evidence = tmp_path / "evidence"
    bot = BotProcess(server, tmp_path / "bot.db", tmp_path, EVIDENCE_DIR=evidence)
    bots.append(bot)
    bot.start()
    chat = chats[0]
    assert server.wait_for(lambda: any(r.call.chat_id == chat and r.call.buttons for r in server.calls("sendMessage")),
                           30), bot.log()
    card = next(r for r in server.calls("sendMessage") if r.call.chat_id == chat and r.call.buttons)
    server.upload("PDF-FILE-1", PDF)
    server.fail(None, method="getFile", delay=20)  # Telegram is slow to answer: the bot dies meanwhile
    server.push_update(_document_update(chat, dict(card.call.result)))
    assert server.wait_for(lambda: server.calls("getFile"), 30), bot.log()
    bot.kill()
    assert not (evidence / SHA[:2] / SHA).exists()
    bot.start()  # the report row is still queued: the new process downloads it
    assert server.wait_for((evidence / SHA[:2] / SHA).exists, 30), bot.log()
    bot.stop()
