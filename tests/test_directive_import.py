"""Directives in as the office receives them: the bundled 2410 laid out as a Decree 30 công văn, saved as .docx,
converted to PDF by LibreOffice and scanned to an image-only PDF (all made here), read back to the same
number, date, issuer and seven tasks; a letter with no numbered tasks is refused with the reason."""

from datetime import date

import pytest

from bot.cli.main import main
from bot.domain.directive_parser import parse_directive
from bot.operations.directive_files import DirectiveFileError, ocr_available
from bot.operations.directive_import import preview_directive
from bot.operations.seed import SEED_DATE, SEED_ISSUER, SEED_NUMBER, SEED_TITLE, bundled_text
from bot.testing.directive_docs import (
    directive_2410,
    letter_without_tasks,
    scanned,
    soffice,
    to_pdf,
    write_docx,
)

TODAY = date(2026, 3, 10)
needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed here; .ci/run "
                                   "installs libreoffice-writer-nogui")


def bundled_tasks() -> list[tuple[int, str]]:
    return [(t.number, t.text) for t in parse_directive(bundled_text("directive-2410-UBND-KSTT-2020.txt").decode())]


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """cv-2410.docx always; its PDF and scan and the letter's PDF where LibreOffice is installed."""
    folder = tmp_path_factory.mktemp("directives")
    made = {"docx": write_docx(directive_2410(), folder / "cv-2410.docx"),
            "letter_docx": write_docx(letter_without_tasks(), folder / "cv-moi-hop.docx")}
    if soffice():
        made["pdf"] = to_pdf(made["docx"], folder, profile=folder / "profile")
        made["letter_pdf"] = to_pdf(made["letter_docx"], folder, profile=folder / "profile")
        made["scan"] = scanned(made["pdf"], folder / "cv-2410-scan.pdf")
    return made


def read(path, **overrides):
    return preview_directive(path.name, path.read_bytes(), today=TODAY, **overrides)


def assert_is_2410(preview, *, ocr: bool = False):
    assert (preview.number, preview.issued_on) == (SEED_NUMBER, SEED_DATE)
    got = [(t.number, t.text) for t in preview.tasks]
    if ocr:  # OCR: the number, the date and seven tasks (a diacritic here and there may differ)
        assert [n for n, _ in got] == list(range(1, 8))
        assert all(text.split()[:2] == want.split()[:2] for (_, text), (_, want) in zip(got, bundled_tasks(),
                                                                                         strict=True))
        return
    assert preview.issuer == SEED_ISSUER
    assert preview.title == SEED_TITLE
    assert got == bundled_tasks()


def test_the_word_file_reads_as_the_bundled_directive(documents):
    preview = read(documents["docx"])
    assert preview.source == "docx"
    assert_is_2410(preview)
    assert "Căn cứ" not in " ".join(t.text for t in preview.tasks) and "Nơi nhận" not in preview.tasks[-1].text


@needs_soffice
def test_its_pdf_reads_as_the_bundled_directive(documents):
    preview = read(documents["pdf"])
    assert preview.source == "pdf"
    assert_is_2410(preview)
    assert not any("Như trên" in t.text or "Lưu: VT" in t.text for t in preview.tasks)


@needs_soffice
@pytest.mark.skipif(not ocr_available(), reason="Tesseract with Vietnamese data is not installed here (Debian's "
                    "tesseract-ocr and tesseract-ocr-vie; .ci/run installs them)")
def test_its_scan_reads_by_ocr(documents):
    preview = read(documents["scan"])
    assert preview.source == "ocr"
    assert_is_2410(preview, ocr=True)


@needs_soffice
def test_a_scan_without_ocr_is_refused_with_the_reason(documents):
    with pytest.raises(DirectiveFileError, match="bản quét .*Tesseract"):
        preview_directive("scan.pdf", documents["scan"].read_bytes(), today=TODAY, ocr=False)


@needs_soffice
def test_a_letter_without_numbered_tasks_is_refused_saying_why(documents):
    with pytest.raises(DirectiveFileError) as caught:
        read(documents["letter_pdf"])
    assert "không có danh sách nhiệm vụ đánh số" in str(caught.value)
    assert "không phải là văn bản giao nhiệm vụ" in str(caught.value)


def test_command_line_values_override_the_header(documents):
    preview = read(documents["docx"], number="2410/UBND-KSTT-BS", issued="29/10/2020", title="Về việc khác",
                   issuer="UBND tỉnh Điện Biên")
    assert (preview.number, preview.issued_on, preview.title, preview.issuer) == (
        "2410/UBND-KSTT-BS", date(2020, 10, 29), "Về việc khác", "UBND tỉnh Điện Biên")


def test_a_text_without_number_or_date_asks_for_them(tmp_path):
    plain = tmp_path / "nv.txt"
    plain.write_text("1. Rà soát thủ tục.\n\n2. Báo cáo kết quả.\n", encoding="utf-8")
    with pytest.raises(DirectiveFileError, match="số, ký hiệu và ngày ban hành.*--number"):
        read(plain)
    assert len(read(plain, number="5/UBND", issued="05/01/2021").tasks) == 2


def test_damaged_and_old_word_files_are_refused(tmp_path):
    with pytest.raises(DirectiveFileError, match="bị hỏng"):
        preview_directive("x.pdf", b"%PDF-1.4 not really", today=TODAY)
    with pytest.raises(DirectiveFileError, match=r"Word 97-2003 \(\.doc\)"):
        preview_directive("x.doc", b"\xd0\xcf\x11\xe0", today=TODAY)


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/db/cchc.db")

    def run(*argv):
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_previews_with_dry_run_then_saves(cli, documents, tmp_path):
    source = documents["pdf"] if "pdf" in documents else documents["docx"]
    renamed = tmp_path / source.name
    renamed.write_bytes(source.read_bytes())
    args = ("directive", "import", str(renamed), "--number", "2411/UBND-KSTT")
    code, out, err = cli(*args, "--dry-run")
    assert code == 0, err
    assert "Văn bản số 2411/UBND-KSTT ngày 28/10/2020" in out and "Cơ quan ban hành: UBND tỉnh Lai Châu" in out
    assert "7 nhiệm vụ:" in out and "7. Quán triệt" in out and "Chưa lưu" in out
    assert "2411/UBND-KSTT" not in cli("directive", "list")[1]
    code, out, err = cli(*args)
    assert code == 0 and "Đã lưu văn bản 2411/UBND-KSTT ngày 28/10/2020 với 7 nhiệm vụ." in out, err
    code, out, _ = cli("directive", "show", "2411/UBND-KSTT")
    assert "UBND tỉnh Lai Châu" in out and SEED_TITLE in out
    code, _, err = cli(*args)
    assert code == 1 and "đã có trong hệ thống" in err


def test_cli_refuses_a_letter_without_tasks(cli, documents):
    code, _, err = cli("directive", "import", str(documents["letter_docx"]))
    assert code == 1 and "không có danh sách nhiệm vụ đánh số" in err


def test_header_of_a_departments_document():
    from bot.domain.directive_header import read_header

    head = read_header("UBND TỈNH LAI CHÂU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc\n"
                       "Số: 15/SNV-CCHC Lai Châu, ngày 04 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
                       "Kiểm tra công tác cải cách hành chính năm 2026\n\nCăn cứ Kế hoạch số 1/KH-UBND;\n")
    assert (head.number, head.issued_on, head.issuer, head.title) == (
        "15/SNV-CCHC", date(2026, 3, 4), "Sở Nội vụ tỉnh Lai Châu", "Kiểm tra công tác cải cách hành chính năm 2026")


def test_sub_items_stay_with_the_last_task_and_the_recipients_never_join():
    text = ("Căn cứ Nghị quyết số 1/NQ-HĐND;\n\n1. Rà soát thủ tục.\n\n2. Triển khai:\n\na) Mô hình một cửa;\n\n"
            "- Số hóa hồ sơ.\n\nỦy ban nhân dân tỉnh yêu cầu thực hiện./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.")
    tasks = parse_directive(text)
    assert [t.text for t in tasks] == ["Rà soát thủ tục.", "Triển khai:\na) Mô hình một cửa;\n- Số hóa hồ sơ."]



def test_words_automatic_numbering_is_written_out(tmp_path):
    """A Word list numbered by Word itself (w:numPr, no "1." in the text) still gives numbered tasks; its
    sub-items (level 1) stay with their task."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from bot.operations.directive_files import docx_text

    doc = Document()
    doc.add_paragraph("Căn cứ Kế hoạch số 1/KH-UBND;")
    for text, level in (("Rà soát thủ tục.", 0), ("Triển khai một cửa:", 0), ("Số hóa hồ sơ;", 1),
                        ("Báo cáo kết quả.", 0)):
        paragraph = doc.add_paragraph(text)
        numbering = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level)), ("w:numId", "7")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            numbering.append(element)
        paragraph._p.get_or_add_pPr().append(numbering)
    doc.add_paragraph("Nơi nhận:")
    path = tmp_path / "auto.docx"
    doc.save(str(path))
    tasks = parse_directive(docx_text(path.read_bytes()))
    assert [(t.number, t.text) for t in tasks] == [
        (1, "Rà soát thủ tục."), (2, "Triển khai một cửa:\nSố hóa hồ sơ;"), (3, "Báo cáo kết quả.")]
