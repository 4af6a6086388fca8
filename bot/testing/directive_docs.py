"""Directives as the office receives them, made on the fly for the tests and the demo: a text laid out as a
Decree 30/2020/NĐ-CP document (.docx, python-docx), its PDF (LibreOffice) and a scan of it (an image-only PDF,
pages rendered by pypdfium2 and saved by Pillow), so that no test depends on a file nobody can regenerate.

The layout follows Appendix I of Decree 30/2020/NĐ-CP (the issuing body and number top left, Quốc hiệu and
Tiêu ngữ top right, the place and date under them, "V/v" under the number of a công văn or the kind of
document and its subject centred, then the body, "Nơi nhận" and the signature)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.documents.word import body, new_document, para, set_widths


@dataclass(frozen=True)
class DirectiveDoc:
    body_lines: tuple[str, str]  # ("ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU")
    number: str
    place: str
    issued_on: date
    subject: str  # "V/v …" for a công văn; the subject line under `kind` otherwise
    kind: str | None = None  # "KẾ HOẠCH", "CHỈ THỊ", …; None: a công văn
    to: tuple[str, ...] = ()  # Kính gửi
    preamble: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()  # each "1. …"; lines starting "a)" or "-" become paragraphs of their own
    closing: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ("- Như trên;", "- Lưu: VT.")
    signer: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    extra: dict = field(default_factory=dict)


def write_docx(spec: DirectiveDoc, out: Path) -> Path:
    doc = new_document()
    table = doc.add_table(rows=1, cols=2)
    set_widths(table, [62, 103])
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    para(left, spec.body_lines[0], size=13, align="center")
    para(left, spec.body_lines[1], bold=True, size=13, align="center")
    para(left, f"Số: {spec.number}", size=13, align="center", space_before=6)
    if spec.kind is None:
        para(left, spec.subject, size=12, align="center", space_before=4)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align="center")
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align="center")
    month = f"{spec.issued_on.month:02d}" if spec.issued_on.month <= 2 else str(spec.issued_on.month)
    para(right, f"{spec.place}, ngày {spec.issued_on.day:02d} tháng {month} năm {spec.issued_on.year}",
         italic=True, size=14, align="center", space_before=6)
    if spec.kind:
        para(doc, spec.kind, bold=True, align="center", space_before=18)
        para(doc, spec.subject, bold=True, align="center", space_after=12)
    if spec.to:
        para(doc, "Kính gửi:", space_before=12, indent_mm=30)
        for line in spec.to:
            para(doc, line, indent_mm=45)
        para(doc, "", space_after=6)
    for text in spec.preamble:
        body(doc, text)
    for task in spec.tasks:
        for line in task.split("\n"):
            body(doc, line)
    for text in spec.closing:
        body(doc, text)
    sign = doc.add_table(rows=1, cols=2)
    set_widths(sign, [80, 85])
    left, right = sign.rows[0].cells
    para(left, "Nơi nhận:", bold=True, italic=True, size=12, space_before=12)
    for line in spec.recipients:
        para(left, line, size=11)
    for index, line in enumerate(spec.signer):
        para(right, line, bold=True, align="center", space_before=12 if index == 0 else 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, outdir: Path, *, profile: Path) -> Path:
    """LibreOffice's PDF of a .docx (headless, its own profile so parallel runs do not share one)."""
    result = subprocess.run(
        [soffice() or "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(docx)], capture_output=True, text=True, timeout=180)
    pdf = outdir / f"{docx.stem}.pdf"
    if result.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"LibreOffice could not convert {docx}: {result.stderr.strip()}")
    return pdf


def scanned(pdf: Path, out: Path, *, dpi: int = 200) -> Path:
    """The PDF as a scanner gives it: every page an image, no text layer."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]
    finally:
        document.close()
    images[0].save(str(out), "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


def directive_2410() -> DirectiveDoc:
    """The bundled directive 2410/UBND-KSTT (a news item on the web) laid out as the công văn it reports on:
    the same seven tasks, word for word, and the body of the news item as its preamble."""
    from bot.domain.directive_parser import parse_directive
    from bot.operations.seed import bundled_text

    source = bundled_text("directive-2410-UBND-KSTT-2020.txt").decode("utf-8")
    paragraphs = [p.strip() for p in source.split("\n") if p.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("Theo đó"))
    preamble = [paragraphs[start].removeprefix("Theo đó, t").join(("T", "")), *paragraphs[start + 1:start + 3]]
    tasks = [f"{t.number}. {t.text}" for t in parse_directive(source)]
    return DirectiveDoc(
        body_lines=("ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"), number="2410/UBND-KSTT", place="Lai Châu",
        issued_on=date(2020, 10, 28),
        subject="V/v chấn chỉnh, khắc phục một số tồn tại, hạn chế qua kiểm tra công tác cải cách hành chính "
                "năm 2020",
        to=("- Các sở, ban, ngành tỉnh;", "- UBND các huyện, thành phố."), preamble=tuple(preamble),
        tasks=tuple(tasks),
        closing=("Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các "
                 "huyện, thành phố nghiêm túc triển khai thực hiện./.",),
        recipients=("- Như trên;", "- TT. Tỉnh ủy (b/c);", "- TT. HĐND tỉnh (b/c);", "- Chủ tịch, các PCT UBND tỉnh;",
                    "- Sở Nội vụ;", "- Lưu: VT, KSTT."))


def letter_without_tasks() -> DirectiveDoc:
    """A công văn that asks for nothing numbered (an invitation): not a directive with tasks."""
    return DirectiveDoc(
        body_lines=("UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ"), number="15/SNV-CCHC", place="Lai Châu",
        issued_on=date(2026, 3, 4), subject="V/v mời dự hội nghị tập huấn công tác cải cách hành chính",
        to=("- Các sở, ban, ngành tỉnh;", "- UBND các xã, phường."),
        preamble=("Sở Nội vụ tổ chức hội nghị tập huấn công tác cải cách hành chính năm 2026 vào 08 giờ 00 "
                  "ngày 12/3/2026 tại Hội trường tầng 3, nhà D, khu Hành chính - Chính trị tỉnh.",
                  "Đề nghị các cơ quan, đơn vị cử 01 công chức phụ trách công tác cải cách hành chính tham dự./."),
        signer=("GIÁM ĐỐC",))
