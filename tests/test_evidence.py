"""Evidence kept by the province (issue 20, point 2), through the real handlers and the archive job: files
downloaded into EVIDENCE_DIR by hash once per Telegram file, retried with backoff, the zip by unit and task
with its index, the archived copy sent when Telegram forgot the file, and `cchc-bot evidence verify`."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from bot import texts
from bot.domain.evidence import archive_path, member_name, retry_delay, safe_part
from bot.metrics import REGISTRY
from bot.settings import Settings
from bot.testing.fake_bot_api import Failure
from db.engine import make_engine
from jobs.evidence import archive_due
from tests.helpers import ADMIN, register, reports_of, task_messages
from tests.kit import ADMIN_ID, OFFICE_CHAT_ID, TZ, BotKit, person

SNV = person(501, "Nguyễn Văn A")
PDF = b"%PDF-1.4\n" + b"ke hoach cai cach hanh chinh 2021\n" * 200
SHA = hashlib.sha256(PDF).hexdigest()


@pytest.fixture
async def kit(tmp_path):
    settings = Settings(token="123456:TEST-TOKEN", admin_ids=(ADMIN_ID,), office_chat_id=OFFICE_CHAT_ID,
                        rate_limit=False, timezone=TZ, database_url=f"sqlite:///{tmp_path / 'bot.db'}",
                        evidence_dir=tmp_path / "evidence")
    kit = await BotKit(settings=settings, engine=make_engine(settings.database_url)).start()
    kit.cards = task_messages(await register(kit, "SNV", SNV), SNV["id"])
    kit.api.uploads["F-KH-CCHC.pdf"] = PDF
    yield kit
    await kit.stop()
    kit.engine.dispose()


def archived(kit) -> float:
    return REGISTRY.get_sample_value("cchc_evidence_archived_total")


async def test_a_file_is_kept_by_its_hash_once_per_telegram_file(kit, tmp_path):
    before = archived(kit)
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", size=len(PDF), reply_to=kit.cards[0]))
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", size=len(PDF), reply_to=kit.cards[1]))  # again
    assert await archive_due(kit.app) == 2
    path = archive_path(tmp_path / "evidence", SHA)
    assert path.read_bytes() == PDF
    assert len(kit.api.sent("getFile")) == 1  # the second report's file is the same Telegram file
    for number in (1, 2):
        report = reports_of(kit, "SNV", number)[-1]
        assert (report.evidence_sha256, report.evidence_size) == (SHA, len(PDF))
        assert report.evidence_archived_at is not None and report.evidence_retry_at is None
    assert archived(kit) == before + 2
    assert await archive_due(kit.app) == 0  # nothing left to do


async def test_a_failed_download_is_retried_with_backoff_and_a_forgotten_file_given_up(kit, tmp_path):
    failed = REGISTRY.get_sample_value("cchc_evidence_failed_total")
    kit.api.fail_next(Failure.server_error(), method="getFile")
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", size=len(PDF), reply_to=kit.cards[0]))
    assert await archive_due(kit.app) == 0
    report = reports_of(kit, "SNV", 1)[-1]
    assert report.evidence_attempts == 1 and report.evidence_sha256 is None
    assert report.evidence_retry_at == kit.clock.current + retry_delay(1)
    calls = len(kit.api.sent("getFile"))
    assert await archive_due(kit.app) == 0 and len(kit.api.sent("getFile")) == calls  # not due yet
    kit.clock.advance(minutes=2)
    assert await archive_due(kit.app) == 1
    assert archive_path(tmp_path / "evidence", SHA).read_bytes() == PDF
    # A file Telegram no longer knows is given up at once, its reason kept for the index.
    kit.api.forget("F-gone.pdf")
    await kit.send(kit.document(SNV, file_name="gone.pdf", reply_to=kit.cards[2]))
    assert await archive_due(kit.app) == 0
    gone = reports_of(kit, "SNV", 3)[-1]
    assert gone.evidence_retry_at is None and gone.evidence_sha256 is None and "invalid file_id" in gone.evidence_error.lower()
    assert REGISTRY.get_sample_value("cchc_evidence_failed_total") == failed + 2
    assert [retry_delay(n) for n in (1, 2, 3, 20)] == [timedelta(minutes=m) for m in (1, 2, 4, 360)]


async def test_minhchung_sends_the_zip_by_unit_and_task_with_its_index(kit, monkeypatch):
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", size=len(PDF), reply_to=kit.cards[0]))
    kit.api.forget("F-gone.pdf")
    await kit.send(kit.document(SNV, file_name="gone.pdf", reply_to=kit.cards[2]))
    await archive_due(kit.app)
    calls = await kit.send(kit.text(ADMIN, "/minhchung"))
    sent = [c for c in calls if c.method == "sendDocument"]
    assert len(sent) == 1 and sent[0].chat_id == ADMIN_ID
    name, content = next(iter(sent[0].files.values()))
    assert name.startswith("minh-chung-2410-UBND-KSTT-") and name.endswith(".zip")
    assert "1 tệp" in sent[0].text and "Có 1 tệp chưa lưu trữ được" in sent[0].text
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        names = zf.namelist()
        assert names == ["danh-muc.xlsx", "02 Sở Nội vụ/Nhiệm vụ 1/2020-11-02 KH-CCHC.pdf"]  # SNV is 2nd in order
        assert zf.read(names[1]) == PDF
        rows = list(load_workbook(io.BytesIO(zf.read("danh-muc.xlsx"))).active.iter_rows(values_only=True))
    assert rows[1] == texts.EVIDENCE_INDEX_HEADER
    listed = {row[6]: row for row in rows[2:]}
    assert listed["KH-CCHC.pdf"][:5] == (2, "Sở Nội vụ", "SNV", 1, "Nguyễn Văn A")
    assert listed["KH-CCHC.pdf"][7:] == (len(PDF), SHA, names[1])
    assert listed["gone.pdf"][8:] == (None, texts.EVIDENCE_INDEX_NOT_ARCHIVED)
    # A unit with no evidence; an unknown code; over what a chat may carry: the index and the command line.
    none = await kit.send(kit.text(ADMIN, "/minhchung 2410/UBND-KSTT HTD"))
    assert none[0].text == texts.EVIDENCE_NONE.format(number="2410/UBND-KSTT")
    assert "XYZ" in (await kit.send(kit.text(ADMIN, "/minhchung XYZ")))[0].text
    monkeypatch.setattr("handlers.evidence.CHAT_ZIP_BYTES", 100)
    big = [c for c in await kit.send(kit.text(ADMIN, "/minhchung 2410/UBND-KSTT SNV")) if c.method == "sendDocument"]
    assert next(iter(big[0].files.values()))[0].endswith("-danh-muc.xlsx")
    assert "cchc-bot evidence export 2410/UBND-KSTT" in big[0].text
    refused = await kit.send(kit.text(SNV, "/minhchung"))  # a focal point is not the office
    assert not [c for c in refused if c.method == "sendDocument"]


async def test_send_me_the_file_falls_back_to_the_archived_copy(kit):
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", size=len(PDF), reply_to=kit.cards[0]))
    await archive_due(kit.app)
    kit.api.forget("F-KH-CCHC.pdf")
    view = (await kit.send(kit.text(ADMIN, "/donvi SNV")))[-1]
    button = next(b for b in view.buttons if "KH-CCHC.pdf" in b["text"])
    calls = await kit.send(kit.callback(ADMIN, button["callback_data"], message=view))
    documents = [c for c in calls if c.method == "sendDocument"]
    assert documents[0].error and documents[0].params["document"] == "F-KH-CCHC.pdf"  # Telegram forgot it
    assert documents[1].files["document"] == ("KH-CCHC.pdf", PDF) and not documents[1].error


async def test_cli_verify_and_export(kit, tmp_path, monkeypatch, capsys):
    from bot.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", kit.settings.database_url)
    monkeypatch.delenv("EVIDENCE_DIR", raising=False)  # the default: `evidence` beside the database file
    kit.api.uploads["F-b.pdf"] = b"second file"
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", reply_to=kit.cards[0]))
    await kit.send(kit.document(SNV, file_name="b.pdf", reply_to=kit.cards[1]))
    assert await archive_due(kit.app) == 2
    assert main(["evidence", "verify"]) == 0 and "Cả 2 tệp" in capsys.readouterr().out
    assert main(["evidence", "export", "2410/UBND-KSTT", "--out", "x.zip", "--units", "SNV"]) == 0
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        assert zf.namelist() == ["danh-muc.xlsx", "02 Sở Nội vụ/Nhiệm vụ 1/2020-11-02 KH-CCHC.pdf",
                                 "02 Sở Nội vụ/Nhiệm vụ 2/2020-11-02 b.pdf"]
    assert main(["evidence", "export", "2410/UBND-KSTT", "--out", "x.zip"]) == 1  # never overwrites
    archive_path(tmp_path / "evidence", SHA).write_bytes(b"changed")
    archive_path(tmp_path / "evidence", hashlib.sha256(b"second file").hexdigest()).unlink()
    capsys.readouterr()
    assert main(["evidence", "verify"]) == 1
    out = capsys.readouterr()
    assert f"ĐÃ THAY ĐỔI {SHA}" in out.out and f"THIẾU {hashlib.sha256(b'second file').hexdigest()}" in out.out
    assert "2 trong 2 tệp" in out.err


def test_names_inside_the_zip():
    taken: set[str] = set()
    day = date(2020, 11, 2)
    first = member_name(order=3, width=2, unit_name="Sở Tư pháp", task=4, day=day, file_name="QĐ 12/2020.pdf",
                        taken=taken)
    again = member_name(order=3, width=2, unit_name="Sở Tư pháp", task=4, day=day, file_name="QĐ 12/2020.pdf",
                        taken=taken)
    assert (first, again) == ("03 Sở Tư pháp/Nhiệm vụ 4/2020-11-02 QĐ 12 2020.pdf",
                              "03 Sở Tư pháp/Nhiệm vụ 4/2020-11-02 QĐ 12 2020 (2).pdf")
    assert safe_part("../../etc/passwd") == "etc passwd" and safe_part("x" * 300 + ".pdf").endswith("x.pdf")
    assert len(safe_part("x" * 300 + ".pdf")) == 120


async def test_the_mini_apps_send_me_the_file_falls_back_too(tmp_path):
    import dataclasses

    from bot.services import services
    from tests.conftest import fresh_engine
    from tests.webapp_kit import VIEWER, client, dashboard_kit, office_scenario

    dash = await dashboard_kit(fresh_engine("sqlite"))
    try:
        svc = services(dash.app)
        svc.settings = dataclasses.replace(svc.settings, evidence_dir=tmp_path / "evidence")
        dash.api.uploads["F-KH-CCHC.pdf"] = PDF
        await office_scenario(dash)  # SNV sends KH-CCHC.pdf for task 1
        assert await archive_due(dash.app) == 1
        dash.api.forget("F-KH-CCHC.pdf")
        dash.api.clear()
        async with client(dash, VIEWER) as viewer:
            report = (await viewer.get("api/cell", params={"unit": "SNV", "task": 1})).json()["reports"][0]
            sent = await viewer.post("api/evidence", json={"report": report["id"], "unit": "SNV", "task": 1})
        assert sent.status_code == 200 and "KH-CCHC.pdf" in sent.json()["message"]
        by_id, upload = dash.api.sent("sendDocument")
        assert by_id.error and upload.chat_id == VIEWER["id"] and upload.files["document"] == ("KH-CCHC.pdf", PDF)
    finally:
        await dash.stop()
        dash.engine.dispose()
