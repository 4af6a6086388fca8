"""Building blocks of an administrative document in the layout of Decree 30/2020/NĐ-CP (python-docx, which
is imported only when a document is written): A4, Times New Roman, the header block with the issuing body
and the national motto, the place and date, "Nơi nhận" and the signature block."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.documents.cells import clean_text
from bot.documents.letterhead import ABBREVIATIONS, Letterhead, abbreviation_pattern, write_out_first

FONT = "Times New Roman"
BODY_PT = 14
CELL_MARGIN_PT = 5.4  # python-docx's default table cell margins, 108 twips left and right
PAGE_TEXT_PT = 165 * 72 / 25.4  # A4 portrait less the decree's margins (30 mm left, 15 mm right)
LANDSCAPE_TEXT_PT = 262 * 72 / 25.4  # A4 landscape less 20 mm left and 15 mm right (landscape_section)
HEADER_LEFT_MM, HEADER_RIGHT_MM = 62, 103
# Decree 30/2020/NĐ-CP, Appendix I, part II: under the Tiêu ngữ "đường kẻ ngang, nét liền, có độ dài bằng độ
# dài của dòng chữ"; under the issuing body's name and under a trích yếu "có độ dài bằng từ 1/3 đến 1/2 độ dài
# của dòng chữ" (we draw 2/5, the middle of that range).
SHORT_RULE = 0.4


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


def rule(container, length_pt: float, area_pt: float):
    """A drawn horizontal line `length_pt` long, centred in a text area `area_pt` wide: an empty paragraph's
    bottom border, indented from both sides (a border spans the paragraph, so its indents set its length)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    length_pt = min(length_pt, area_pt)
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(round((area_pt - length_pt) / 2, 2))
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")
    return paragraph


def rule_length_pt(paragraph, area_pt: float) -> float | None:
    """The drawn length of a `rule` paragraph (None for any other paragraph): what the layout test reads."""
    if paragraph._p.pPr is None or paragraph._p.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is None:
        return None
    fmt = paragraph.paragraph_format
    return area_pt - (fmt.left_indent.pt if fmt.left_indent else 0) - (fmt.right_indent.pt if fmt.right_indent else 0)


def header_block(doc, head: Letterhead, *, number: str, on: date, subject_line: str | None = None) -> None:
    """Issuing body and number on the left, Quốc hiệu and Tiêu ngữ and the place and date on the right, the
    lines under the body's name and the motto drawn to the decree's lengths; a letter's "V/v" under its number."""
    from bot.documents.metrics import text_width_pt

    left, right = _two_columns(doc, (HEADER_LEFT_MM, HEADER_RIGHT_MM))
    left_area = HEADER_LEFT_MM * 72 / 25.4 - 2 * CELL_MARGIN_PT
    right_area = HEADER_RIGHT_MM * 72 / 25.4 - 2 * CELL_MARGIN_PT
    para(left, head.parent, size=13, align="center")
    para(left, head.office_upper, bold=True, size=13, align="center")
    rule(left, SHORT_RULE * text_width_pt(head.office_upper, 13, bold=True), left_area)
    para(left, number, size=13, align="center", space_before=6)
    if subject_line:
        para(left, subject_line, size=12, align="center", space_before=4)
    para(right, texts.DOC_NATION, bold=True, size=12, align="center")
    para(right, texts.DOC_MOTTO, bold=True, size=14, align="center")
    rule(right, text_width_pt(texts.DOC_MOTTO, 14, bold=True), right_area)
    para(right, head.place_date(on), italic=True, size=14, align="center", space_before=6)


def subject_rule(container, text: str, *, size: float = 14, area_pt: float = PAGE_TEXT_PT):
    """The line under a trích yếu (or an appendix's title): 2/5 of the text's longest printed line."""
    from bot.documents.metrics import text_width_pt

    return rule(container, SHORT_RULE * min(text_width_pt(text, size, bold=True), area_pt), area_pt)


def full_name(name: str) -> str:
    """A name with every abbreviation written out, for Kính gửi: "UBND tỉnh Lai Châu" -> "Ủy ban nhân dân tỉnh …"."""
    for short, full in ABBREVIATIONS.items():
        name = abbreviation_pattern(short).sub(full, name)
    return name[:1].upper() + name[1:]


def write_out_abbreviations(paragraphs) -> None:
    """Decree 30/2020/NĐ-CP, Appendix I: an abbreviation is written out in full at its first use with the
    abbreviation in brackets ("Ủy ban nhân dân (UBND) tỉnh"); later uses keep it short. `paragraphs` in reading
    order; inside a document number ("2410/UBND-KSTT") an abbreviation is part of the number, never expanded."""
    pending = dict(ABBREVIATIONS)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if pending and (written := write_out_first(run.text, pending)) != run.text:
                run.text = written


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
    if head.signer_name:
        para(right, head.signer_name, bold=True, size=14, align="center")


def landscape_section(doc):
    """A new A4 landscape section (the appendix table)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False  # the appendix's first page is numbered too
    # Decree 30, Appendix I: "Số trang của Phụ lục được đánh riêng theo từng Phụ lục": numbering restarts at 1.
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(numbering, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                          "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid")
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
