"""Building blocks of an administrative document in the layout of Decree 30/2020/NĐ-CP (python-docx, which
is imported only when a document is written): A4, Times New Roman, the header block with the issuing body
and the national motto, the place and date, "Nơi nhận" and the signature block."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.documents.cells import clean_text
from bot.documents.letterhead import Letterhead

FONT = "Times New Roman"
BODY_PT = 14


def new_document():
    """A4 portrait, margins of the decree (top/bottom 20 mm, left 30 mm, right 15 mm), Times New Roman 14."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Vietnamese runs may be tagged east-Asian
    normal.paragraph_format.space_after = Pt(0)
    _page_numbers(section)
    return doc


def _page_numbers(section) -> None:
    """A PAGE field centred in the header (the decree puts page numbers at the top, from page 2 on)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def para(container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=False,
         space_before=0, space_after=0, justify=False, indent_mm=0, lead: str = ""):
    """One paragraph; `lead`: bold words before the text (a heading run into its paragraph); `indent`: the
    first-line indent of body text; `indent_mm`: a left indent (a letter's addressees after "Kính gửi:")."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    for words, strong in ((lead, True), (text, bold)):
        if words:
            run = paragraph.add_run(clean_text(words))
            run.bold, run.italic = strong or None, italic or None
            if size:
                run.font.size = Pt(size)
    fmt = paragraph.paragraph_format
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif justify:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        fmt.first_line_indent = Mm(10)
    if indent_mm:
        fmt.left_indent = Mm(indent_mm)
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    return paragraph


def body(container, text: str, **kwargs):
    """Body text: justified, first line indented, 6 pt between paragraphs."""
    return para(container, text, indent=True, justify=True, space_after=6, **kwargs)


def set_widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths, in the grid (which LibreOffice reads) and in every cell (which Word reads)."""
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _two_columns(doc, widths_mm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    set_widths(table, list(widths_mm))
    for cell in table.rows[0].cells:
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # start empty
    return table.rows[0].cells


def header_block(doc, head: Letterhead, *, number: str, on: date, subject_line: str | None = None) -> None:
    """Issuing body and number on the left, Quốc hiệu and Tiêu ngữ and the place and date on the right;
    a letter's "V/v" line under its number."""
    left, right = _two_columns(doc, (62, 103))
    para(left, head.parent, size=13, align="center")
    para(left, head.office_upper, bold=True, size=13, align="center")
    para(left, "————", size=8, align="center")
    para(left, number, size=13, align="center", space_before=4)
    if subject_line:
        para(left, subject_line, size=12, align="center", space_before=4)
    para(right, texts.DOC_NATION, bold=True, size=12, align="center")
    para(right, texts.DOC_MOTTO, bold=True, size=14, align="center")
    para(right, "———————————", size=8, align="center")
    para(right, head.place_date(on), italic=True, size=14, align="center", space_before=4)


def signature_block(doc, head: Letterhead, recipients: list[str]) -> None:
    """"Nơi nhận" on the left, the signer's title and room for the signature on the right."""
    left, right = _two_columns(doc, (80, 85))
    para(left, texts.DOC_RECIPIENTS, bold=True, italic=True, size=12, space_before=12)
    for line in [*recipients, texts.DOC_ARCHIVE]:
        para(left, line, size=11)
    for index, line in enumerate(head.signer_lines):
        para(right, line, bold=True, size=14, align="center", space_before=12 if index == 0 else 0)
    for _ in range(4):
        para(right, "")


def landscape_section(doc):
    """A new A4 landscape section (the appendix table)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False  # the appendix's first page is numbered too
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    return section


def repeat_as_header(row) -> None:
    """The table's first row is printed again at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)
