"""The documents as an office suite prints them: LibreOffice converts them to PDF (Times New Roman is replaced by
the metric-compatible Liberation Serif, Debian's fonts-liberation2, which has the Vietnamese letters), and the
PDF is read back with pypdfium2: pages, font sizes, text. The lines Decree 30/2020/NĐ-CP asks for are read
from the .docx.

One LibreOffice run converts every document: a start of LibreOffice costs seconds, a conversion a fraction.
"""

import ctypes
import re
import shutil
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from sqlmodel import Session, select

from bot import texts
from bot.documents.facts import load_facts
from bot.documents.letter import write_letter
from bot.documents.letterhead import Letterhead
from bot.documents.metrics import text_width_pt
from bot.documents.report import write_report
from bot.documents.word import CELL_MARGIN_PT, HEADER_LEFT_MM, HEADER_RIGHT_MM, PAGE_TEXT_PT, rule_length_pt
from bot.documents.workbook import export_directive, write_summary
from bot.domain.enums import Status
from bot.operations.seed import load_bundled, load_calendar
from bot.settings import Settings
from db.directives import get_directive
from db.engine import create_schema, make_engine
from db.models import Assignment, StatusReport, Task, Unit

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here; .ci/run "
                                "installs libreoffice-calc-nogui, libreoffice-writer-nogui and fonts-liberation2")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2020, 12, 23, 9, 30, tzinfo=TZ)
HEAD = Letterhead(signer="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", signer_name="Nguyễn Văn A")


def province_as_in_the_demo(engine) -> None:
    """The demo's December: tasks 3 and 5 due 15/12 everywhere; Sở Nội vụ did 1, UBND huyện Tam Đường did 3 and
    is blocked on 4; a few more done and blocked here and there, with a reason."""
    with Session(engine) as session:
        load_bundled(session)
        rows = session.exec(select(Assignment, Unit.code, Task.number).join(Unit, Unit.id == Assignment.unit_id)
                            .join(Task)).all()
        for index, (assignment, code, number) in enumerate(rows):
            if number in (3, 5):
                assignment.deadline = date(2020, 12, 15)
            done = (code, number) in {("SNV", 1), ("HTD", 3)} or (number in (1, 2) and index % 3 == 0)
            blocked = (code, number) == ("HTD", 4) or (number == 6 and index % 5 == 0)
            if done:
                assignment.status = Status.done
                assignment.completed_at = assignment.last_report_at = datetime(2020, 12, 1, 9, tzinfo=TZ)
            elif blocked:
                assignment.status = Status.blocked
                assignment.last_report_at = datetime(2020, 12, 2, 9, tzinfo=TZ)
                session.add(StatusReport(assignment_id=assignment.id, status=Status.blocked,
                                         note=f"thiếu kinh phí ({code}, nhiệm vụ {number})",
                                         reported_at=assignment.last_report_at))
        session.commit()


class Pdf:
    """Pages, text and the font size and name of every printed character, as pypdfium2 reads them."""

    def __init__(self, path):
        import pypdfium2
        import pypdfium2.raw as raw

        document = pypdfium2.PdfDocument(str(path))
        self.pages, self.text, self.chars = len(document), "", []  # chars: (char, size pt, font name)
        buffer = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            self.text += text + "\n"
            for index, char in enumerate(text):
                if not char.isspace():
                    raw.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256, ctypes.byref(flags))
                    self.chars.append((char, raw.FPDFText_GetFontSize(textpage.raw, index),
                                       buffer.value.decode("utf-8", "replace")))
            textpage.close()
            page.close()
        document.close()

    @property
    def smallest(self) -> float:
        return min(size for _, size, _ in self.chars)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The 28 units of 2410 as in the demo: the summary alone, the whole workbook, the report and the letter."""
    folder = tmp_path_factory.mktemp("print")
    engine = make_engine("sqlite://")
    create_schema(engine)
    province_as_in_the_demo(engine)
    calendar = load_calendar(TZ, Settings().office_hours)
    with Session(engine) as session:
        directive = get_directive(session, number="2410/UBND-KSTT")
        facts = load_facts(session, directive=directive, now=NOW, tz=TZ)
        assert len(facts.units) == 28
        write_summary(folder / "tong-hop.xlsx", facts=facts, head=HEAD, tz=TZ)
        export_directive(session, directive=directive, now=NOW, tz=TZ, out=folder / "xuat.xlsx", head=HEAD)
        write_report(session, directive=directive, now=NOW, tz=TZ, out=folder / "bao-cao.docx", head=HEAD)
        plan = write_letter(session, directive=directive, now=NOW, tz=TZ, out=folder / "don-doc.docx", head=HEAD,
                            calendar=calendar)
    names = ("tong-hop.xlsx", "xuat.xlsx", "bao-cao.docx", "don-doc.docx")
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder / "pdf"), *(str(folder / n) for n in names)],
        capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    pdfs = {n.split(".")[0]: Pdf(folder / "pdf" / f"{n.split('.')[0]}.pdf") for n in names}
    engine.dispose()
    return {"pdf": pdfs, "plan": plan, "folder": folder}


def test_summary_prints_at_10_pt_or_more_on_two_pages_at_most(printed):
    summary = printed["pdf"]["tong-hop"]
    assert summary.smallest >= 10, summary.smallest  # was 8.6 pt: one page tall by shrinking to 72 %
    assert summary.pages <= 2, summary.pages
    assert summary.text.count("Tên cơ quan, đơn vị") == summary.pages  # the header row on every page
    assert "Lai Châu, ngày 23 tháng 12 năm 2020" in summary.text  # place and date, then the signatures
    assert "NGƯỜI LẬP BIỂU" in summary.text and "PHÓ GIÁM ĐỐC" in summary.text and "Nguyễn Văn A" in summary.text
    # The header block prints whole: the motto on one line (a too narrow merged span wrapped it and the row
    # showed only "phúc"), and the line under the office's name (em dashes) under it.
    assert "Độc lập - Tự do - Hạnh phúc" in summary.text
    assert "SỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc\r\n——\r\n" in summary.text, summary.text[:300]


def test_no_column_prints_hashes(printed):
    workbook = printed["pdf"]["xuat"]
    assert "###" not in workbook.text
    assert "02/12/2020 09:00" in workbook.text  # the Lịch sử time column prints its times whole


def test_vietnamese_letters_print_in_a_times_metric_font(printed):
    for name in ("tong-hop", "bao-cao", "don-doc"):
        pdf = printed["pdf"][name]
        fonts = {font for char, _, font in pdf.chars if char == "ệ"}
        assert "ệ" in pdf.text and fonts, name
        # Every "ệ" from the document's own font (Liberation Serif stands in for Times New Roman), none from a
        # fallback font mixed in (which made the letter grow a page).
        assert all("Liberation" in f or "Times" in f for f in fonts), (name, fonts)


def test_report_keeps_its_text_portrait_and_the_appendix_landscape(printed):
    assert 3 <= printed["pdf"]["bao-cao"].pages <= 12


def test_letter_for_the_demo_data_fits_three_pages_and_addresses_each_unit_once(printed):
    letter = printed["pdf"]["don-doc"]
    assert letter.pages <= 3, letter.pages
    doc = Document(str(printed["folder"] / "don-doc.docx"))
    body = [p.text for p in doc.paragraphs]
    assert body[0] == "Kính gửi: Các cơ quan, đơn vị có tên tại mục 1."
    groups = [p for p in body if p[:3] in ("a) ", "b) ", "c) ", "d) ")]
    addressed = [unit.name for unit, _ in printed["plan"].addressees]
    assert len(addressed) == 27 and "Sở Nội vụ" not in addressed  # the issuing office is never addressed
    named = " ".join(g.split(". Trong đó")[0] for g in groups)  # what follows names blocked units again
    for name in addressed:  # each unit named in exactly one group, once
        assert len(re.findall(rf"(?:: |, |\) ){re.escape(name)}(?=[,.;]| chưa)", named)) == 1, name
    assert not any("Sở Nội vụ" in g for g in groups)
    assert "a) Các cơ quan, đơn vị sau chưa hoàn thành nhiệm vụ 3 (hạn hoàn thành 15/12/2020, đã quá hạn 6 ngày " \
           "làm việc) và nhiệm vụ 5" in groups[0]
    task_texts = [p for p in body if p.startswith("- Nhiệm vụ ")]
    assert [t[:13] for t in task_texts] == ["- Nhiệm vụ 3:", "- Nhiệm vụ 5:"]
    assert task_texts[1].endswith("an ninh thông tin trong hoạt động của cơ quan trên môi trường điện tử.")  # whole


def rules(cell_or_doc, area_pt):
    return [(p, length) for p in cell_or_doc.paragraphs if (length := rule_length_pt(p, area_pt)) is not None]


@pytest.mark.parametrize("name", ["bao-cao", "don-doc"])
def test_lines_under_the_motto_and_the_names_have_the_decrees_lengths(printed, name):
    doc = Document(str(printed["folder"] / f"{name}.docx"))
    left, right = doc.tables[0].rows[0].cells
    [(_, office_line)] = rules(left, HEADER_LEFT_MM * 72 / 25.4 - 2 * CELL_MARGIN_PT)
    [(_, motto_line)] = rules(right, HEADER_RIGHT_MM * 72 / 25.4 - 2 * CELL_MARGIN_PT)
    motto = text_width_pt(texts.DOC_MOTTO, 14, bold=True)
    assert abs(motto_line - motto) < 1, (motto_line, motto)  # "bằng độ dài của dòng chữ" (was half of it)
    office = text_width_pt(HEAD.office_upper, 13, bold=True)
    assert office / 3 <= office_line <= office / 2, (office_line, office)
    if name == "bao-cao":  # the report's trích yếu: between a third and a half of its line (was 7 %)
        subject = next(p for p in doc.paragraphs if p.text.startswith("Kết quả thực hiện Văn bản số"))
        line = rule_length_pt(_after(doc, subject), PAGE_TEXT_PT)
        width = min(text_width_pt(subject.text, 14, bold=True), PAGE_TEXT_PT)
        assert width / 3 <= line <= width / 2, (line, width)


def _after(doc, paragraph):
    paragraphs = doc.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p._p is paragraph._p)
    return paragraphs[index + 1]


def test_numbers_carry_the_office_abbreviation_and_the_signer_is_named(printed):
    report, letter = printed["pdf"]["bao-cao"].text, printed["pdf"]["don-doc"].text
    assert "/BC-SNV" in report and "/SNV-CCHC" in letter
    assert "Nguyễn Văn A" in report and "Nguyễn Văn A" in letter
    # "Phụ lục" titled as the decree says, referred to in the text, its pages numbered on their own.
    assert "Phụ lục kèm theo Báo cáo này" in report and "(Kèm theo Báo cáo số" in report
    assert "Ủy ban nhân dân (UBND) tỉnh Lai Châu" in report.replace("\r\n", " ").replace("\n", " ")
