"""The Word report (/vanban, `cchc-bot report`) and the chasing letter (/dondoc, `cchc-bot letter`)."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from tests.helpers import ADMIN, register, reports_of
from tests.kit import person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE_TET = datetime(2021, 2, 8, 9, 0, tzinfo=TZ)  # Monday; Tết 2021 keeps offices closed 10-16/02


def all_text(doc) -> str:
    """Every paragraph, in the body and in the tables (header block, signature, appendix)."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


@pytest.fixture
async def late(kit):
    """Task 3 due 15/12/2020 everywhere; SNV has done all 7; HTD is blocked on 4 (in time) and 3 (late)."""
    await register(kit, "SNV", person(501))
    await register(kit, "HTD", person(601, "Hoàng Văn E"))
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020"))
    await kit.send(kit.text(person(501), "1,2,3,4,5,6,7 xong"))
    await kit.send(kit.text(person(601), "4 vướng mắc: thiếu kinh phí"))
    await kit.send(kit.text(person(601), "3 vướng mắc: chờ Sở Tài chính thẩm định"))
    await kit.send(kit.text(person(601), "3 vướng mắc"))  # again, without a reason: the reason above stays
    assert [r.note for r in reports_of(kit, "HTD", 3)] == ["chờ Sở Tài chính thẩm định", None]
    kit.clock.current = BEFORE_TET
    return kit


def sent_docx(calls):
    docs = [c for c in calls if c.method == "sendDocument"]
    assert len(docs) == 1, [c.text for c in calls]
    name, content = next(iter(docs[0].files.values()))
    return name, Document(BytesIO(content)), docs[0].text


async def test_vanban_sends_the_report_in_the_decree_30_layout(late):
    name, doc, caption = sent_docx(await late.send(late.text(ADMIN, "/vanban")))
    assert name == "bao-cao-2410-UBND-KSTT-20210208-0900.docx" and "Đề nghị đồng chí rà soát" in caption
    header = [p.text for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs]
    assert header[:2] == ["UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "Lai Châu, ngày 08 tháng 02 năm 2021" in header and "Số:        /BC-SNV" in header
    body = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in body
    # The first "UBND" of the text is written out (Decree 30); the number's "UBND" is part of the number.
    assert "Kết quả thực hiện Văn bản số 2410/UBND-KSTT ngày 28/10/2020 của Ủy ban nhân dân (UBND) tỉnh Lai Châu" in body
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lai Châu." in body
    assert any("kết quả của từng cơ quan, đơn vị tại Phụ lục kèm theo Báo cáo này" in p for p in body)
    assert "Phụ lục" in body and "PHỤ LỤC" not in body
    assert "(Kèm theo Báo cáo số        /BC-SNV ngày 08 tháng 02 năm 2021 của Sở Nội vụ)" in body
    text = all_text(doc)
    assert "Văn bản giao 7 nhiệm vụ cho 28 cơ quan, đơn vị, tổng cộng 196 lượt (nhiệm vụ × đơn vị)" in text
    assert "- Quá hạn: 27 lượt (13,8%);" in text  # task 3 everywhere but at SNV
    assert "- Có vướng mắc: 2 lượt, trong đó 1 lượt còn hạn và 1 lượt đã quá hạn;" in text
    assert "- Số đơn vị đã hoàn thành toàn bộ nhiệm vụ: 1/28 đơn vị." in text
    assert "- UBND huyện Tam Đường: “thiếu kinh phí”" in body
    assert "- UBND huyện Tam Đường: “chờ Sở Tài chính thẩm định” (đã quá hạn)" in body
    task3 = next(p for p in body if p.startswith("Quá hạn (27 đơn vị): Văn phòng UBND tỉnh, Sở Tư pháp"))
    # Names, never codes (the office's abbreviation belongs in the document's number, /BC-SNV).
    assert "Sở Nội vụ" not in task3 and "HTD" not in text and "SNV" not in text.replace("/BC-SNV", "")
    assert "Nơi nhận:" in text and "GIÁM ĐỐC" in text and "- Lưu: VT, CCHC." in text
    appendix = doc.tables[-1]
    assert len(appendix.rows) == 1 + 2 + 20 + 1 + 8 + 1 + 1  # header, groups, units, subtotals, total
    assert [c.text for c in appendix.rows[0].cells][:3] == ["STT", "Tên cơ quan, đơn vị", "NV1"]
    assert appendix.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeated on every printed page
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in appendix.rows[1:]}
    assert rows["UBND huyện Tam Đường"][2:] == ["–", "–", "Q/V", "V", "–", "–", "–", "0", "1", "2", "0%"]
    assert rows["Tổng cộng"][2:] == ["1", "1", "1", "1", "1", "1", "1", "7", "27", "2", "4%"]
    assert doc.sections[-1].orientation == 1  # the appendix is landscape
    # Page numbers in the header from page 2 (Decree 30), on the appendix's first page too.
    assert doc.sections[0].different_first_page_header_footer and not doc.sections[-1].different_first_page_header_footer
    assert "PAGE" in doc.sections[0].header.paragraphs[0]._p.xml
    assert doc.styles["Normal"].font.name == "Times New Roman"


async def test_dondoc_chases_overdue_units_and_never_a_unit_that_is_done(late):
    name, doc, caption = sent_docx(await late.send(late.text(ADMIN, "/dondoc")))
    assert name.startswith("don-doc-2410-UBND-KSTT-") and "27 cơ quan, đơn vị" in caption
    assert "hạn báo cáo 22/02/2021" in caption  # five working days after 08/02, Tết skipped
    header = all_text(doc)
    assert "Số:        /SNV-CCHC" in header
    assert ("V/v đôn đốc thực hiện Văn bản số 2410/UBND-KSTT ngày 28/10/2020 của Ủy ban nhân dân (UBND) tỉnh "
            "Lai Châu") in header
    body = [p.text for p in doc.paragraphs]
    # 27 addressees: Kính gửi points to the list instead of repeating it; the office itself is never among them.
    assert body[0] == "Kính gửi: Các cơ quan, đơn vị có tên tại mục 1."
    groups = [p for p in body if p[:3] in ("a) ", "b) ", "c) ")]
    # The same overdue task everywhere: one sentence names all 27 units (not 27 paragraphs).
    assert len(groups) == 1 and groups[0].startswith(
        "a) Các cơ quan, đơn vị sau chưa hoàn thành nhiệm vụ 3 (hạn hoàn thành 15/12/2020, đã quá hạn 38 ngày "
        "làm việc): Sở, ban, ngành: Văn phòng UBND tỉnh, Sở Tư pháp,")
    assert "Ban Quản lý Khu kinh tế tỉnh; UBND các huyện, thành phố: UBND Thành phố Lai Châu," in groups[0]
    assert groups[0].endswith("UBND huyện Nậm Nhùn. Trong đó, UBND huyện Tam Đường đã báo cáo vướng mắc.")
    assert groups[0].count("UBND huyện Tam Đường") == 2 and "Sở Nội vụ" not in groups[0]
    tasks = body[body.index("2. Nội dung các nhiệm vụ chưa hoàn thành") + 1:]
    # The whole task, never cut (task 4, blocked in time, is not chased).
    assert tasks[0] == "- Nhiệm vụ 3: " + " ".join(late_task_text(late, 3).split()) and tasks[1].startswith("Để bảo")
    request = next(p for p in body if p.startswith("Để bảo đảm tiến độ"))
    assert "trước ngày 22/02/2021 (sau 5 ngày làm việc)" in request


def late_task_text(kit, number: int) -> str:
    from sqlmodel import select

    from db.models import Task

    with kit.session() as session:
        return session.exec(select(Task.text).where(Task.number == number)).first()


async def test_dondoc_for_named_units(late):
    _, doc, caption = sent_docx(await late.send(late.text(ADMIN, "/dondoc 2410/UBND-KSTT HTD,STC")))
    assert "2 cơ quan, đơn vị" in caption
    body = [p.text for p in doc.paragraphs]
    to = body.index("Kính gửi:")
    assert body[to + 1:to + 5] == ["Sở, ban, ngành:", "- Sở Tài chính;", "UBND các huyện, thành phố:",
                                  "- UBND huyện Tam Đường."]
    assert any(p.startswith("a) Các cơ quan, đơn vị sau chưa hoàn thành nhiệm vụ 3 (") for p in body)
    _, doc, caption = sent_docx(await late.send(late.text(ADMIN, "/dondoc 2410/UBND-KSTT HTD,snv")))
    assert "1 cơ quan, đơn vị" in caption  # the issuing office is never addressed
    body = [p.text for p in doc.paragraphs]
    assert "Kính gửi: UBND huyện Tam Đường." in body and not any("Sở Nội vụ:" in p for p in body)
    assert any(p.startswith("a) UBND huyện Tam Đường chưa hoàn thành nhiệm vụ 3 (") for p in body)  # overdue only
    refused = await late.send(late.text(ADMIN, "/dondoc SNV"))
    assert [c.method for c in refused] == ["sendMessage"]
    assert refused[0].text == "Không gửi công văn đôn đốc cho chính Sở Nội vụ (cơ quan ban hành công văn)."
    unknown = await late.send(late.text(ADMIN, "/dondoc XYZ,HTD"))
    assert unknown[0].text == "Không có đơn vị mã XYZ trong các đơn vị được giao văn bản này."
    assert (await late.send(late.text(ADMIN, "/dondoc 9/XX")))[0].text == "Không có văn bản số <b>9/XX</b>."


async def test_documents_are_for_the_office_only(late):
    for command in ("/vanban", "/dondoc"):
        calls = await late.send(late.text(person(501), command))
        assert [c.method for c in calls] == ["sendMessage"] and "chỉ dành cho Văn phòng CCHC" in calls[0].text


async def test_nobody_to_chase(kit):
    calls = await kit.send(kit.text(ADMIN, "/dondoc"))  # 02/11/2020: nothing is overdue yet
    assert calls[0].text == "Không có đơn vị nào cần đôn đốc: mọi đơn vị đều chưa quá hạn hoặc đã hoàn thành."


async def test_settings_name_the_speaker(kit):
    from dataclasses import replace

    from bot.services import services

    svc = services(kit.app)
    svc.settings = replace(svc.settings, province_name="Điện Biên", office_name="Sở Nội vụ tỉnh Điện Biên",
                           office_signer="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
    _, doc, _ = sent_docx(await kit.send(kit.text(ADMIN, "/vanban")))
    text = all_text(doc)
    assert "UBND TỈNH ĐIỆN BIÊN" in text and "Điện Biên, ngày 02 tháng 11 năm 2020" in text
    signature = [p.text for p in doc.tables[1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


async def test_documents_are_written_in_a_worker_thread(late, monkeypatch):
    """A report of 1,000 units takes seconds: the event loop keeps answering meanwhile."""
    import threading

    import bot.documents.letter
    import bot.documents.report
    import handlers.documents

    threads = []
    for module, name in ((bot.documents.report, "write_report"), (bot.documents.letter, "write_letter")):
        real = getattr(module, name)

        def spy(*args, real=real, **kwargs):
            threads.append(threading.current_thread() is threading.main_thread())
            return real(*args, **kwargs)

        monkeypatch.setattr(handlers.documents, name, spy)
    await late.send(late.text(ADMIN, "/vanban"))
    await late.send(late.text(ADMIN, "/dondoc"))
    assert threads == [False, False]
