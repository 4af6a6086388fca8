"""The print-ready workbook, the CSVs as data only, the units' official order and the document settings."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from bot.documents.cells import data_text
from bot.domain.units_csv import UnitsCsvError, parse_units_csv
from bot.settings import SettingsError, settings_from_env
from tests.helpers import ADMIN, assignment_of, register
from tests.kit import person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2020, 12, 20, 10, 0, tzinfo=TZ)


@pytest.fixture
async def reported(kit):
    await register(kit, "SNV", person(501))
    await register(kit, "HTD", person(601, "Hoàng Văn E"))
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020"))
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 5 15/12/2020 HTD"))
    await kit.send(kit.text(person(501), "1,2,3 xong"))
    await kit.send(kit.text(person(601), "4 vướng mắc: thiếu kinh phí"))
    await kit.send(kit.text(person(601), "5 vướng mắc: chờ hướng dẫn"))  # past its deadline: overdue AND blocked
    kit.clock.current = NOW
    return kit


async def export(kit):
    await kit.send(kit.text(ADMIN, "/export"))
    _, content = next(iter(kit.api.sent("sendDocument")[-1].files.values()))
    return load_workbook(BytesIO(content))


async def test_summary_sheet_is_a_printable_form_in_official_order(reported):
    sheet = (await export(reported))["Tổng hợp"]
    setup = sheet.page_setup
    # One page wide, as many tall as needed (0): never shrunk below the 12 pt it is written in.
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_options.horizontalCentered
    assert sheet.print_title_rows == "$6:$6" and "&P" in sheet.oddFooter.center.text
    assert sheet.freeze_panes == "C7"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "UBND TỈNH LAI CHÂU" and values[0][3] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = values[1].index("Độc lập - Tự do - Hạnh phúc")
    assert values[1][0] == "SỞ NỘI VỤ" and motto >= 3
    # The line under the motto: the bottom border of the cells the motto spans (its merged range), nothing else.
    motto_range = next(r for r in sheet.merged_cells.ranges if r.min_row == 2 and r.min_col == motto + 1)
    bordered = [c.column for c in sheet[2] if c.border.bottom and c.border.bottom.style == "thin"]
    assert bordered == list(range(motto_range.min_col, motto_range.max_col + 1))
    assert values[2][0] == "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN VĂN BẢN SỐ 2410/UBND-KSTT NGÀY 28/10/2020"
    assert values[3][0].startswith("của Ủy ban nhân dân (UBND) tỉnh Lai Châu về việc chấn chỉnh, khắc phục")
    assert values[4][0] == "(Số liệu tính đến 10 giờ 00 ngày 20/12/2020)"
    assert values[5] == ["STT", "Tên cơ quan, đơn vị", *[f"NV{n}" for n in range(1, 8)], "Số NV hoàn thành",
                         "Số NV quá hạn", "Số NV vướng mắc", "Tỷ lệ hoàn thành (%)"]
    first_column = [(row[0], row[1]) for row in values[6:40] if row[1]]
    assert first_column[:3] == [("I", "Sở, ban, ngành"), (1, "Văn phòng UBND tỉnh"), (2, "Sở Nội vụ")]
    assert first_column[20:24] == [(20, "Ban Quản lý Khu kinh tế tỉnh"), (None, "Cộng I"),
                                   ("II", "UBND các huyện, thành phố"), (1, "UBND Thành phố Lai Châu")]
    assert first_column[-3:] == [(8, "UBND huyện Nậm Nhùn"), (None, "Cộng II"), (None, "Tổng cộng")]
    rows = {row[1]: row for row in values[6:40]}
    assert rows["UBND huyện Tam Đường"][2:13] == ["–", "–", "Q", "V", "Q/V", "–", "–", 0, 2, 2, 0]
    assert rows["Sở Nội vụ"][2:13] == ["Đ", "Đ", "Đ", "–", "–", "–", "–", 3, 0, 0, pytest.approx(3 / 7)]
    # Sums: task columns count units that finished the task, the others count cells (task × unit).
    assert rows["Cộng I"][2:12] == [1, 1, 1, 0, 0, 0, 0, 3, 19, 0]
    assert rows["Cộng II"][2:12] == [0, 0, 0, 0, 0, 0, 0, 0, 9, 2]
    assert rows["Tổng cộng"][2:13] == [1, 1, 1, 0, 0, 0, 0, 3, 28, 2, pytest.approx(3 / 196)]
    assert sheet.cell(7, 1).font.name == "Times New Roman" and sheet.cell(10, 2).font.name == "Times New Roman"
    assert any(str(r) == "A1:C1" for r in sheet.merged_cells.ranges)
    legend = next(i for i, row in enumerate(values) if str(row[0]).startswith("Ký hiệu: Đ – hoàn thành đúng hạn"))
    assert "lượt (nhiệm vụ × đơn vị)" in values[legend + 1][0]
    # The place and date, "Người lập biểu" and the signer under the table: a form to sign.
    signatures = [v for row in values[legend + 2:] for v in row if v]
    assert signatures[:3] == ["Lai Châu, ngày 20 tháng 12 năm 2020", "NGƯỜI LẬP BIỂU", "GIÁM ĐỐC"]


async def test_data_sheets_have_real_dates_autofilter_and_a_frozen_header(reported):
    wb = await export(reported)
    tasks = wb["Nhiệm vụ"]
    assert tasks["C4"].value == datetime(2020, 12, 15) and tasks["C4"].number_format == "dd/mm/yyyy"
    assert [c.value for c in tasks[6]][4:8] == [0, 1, 1, 28]  # task 5: HTD overdue and blocked
    assert tasks["C6"].value is None and tasks["D6"].value == 1  # 27 units have no deadline, HTD its own
    detail = wb["Chi tiết"]
    assert detail.freeze_panes == "A2" and detail.auto_filter.ref == "A1:K197"
    rows = {(r[0].value, r[2].value): r for r in detail.iter_rows(min_row=2)}
    htd5 = rows[("UBND huyện Tam Đường", 5)]
    assert htd5[3].value == datetime(2020, 12, 15) and htd5[3].number_format == "dd/mm/yyyy"
    assert (htd5[5].value, htd5[6].value, htd5[7].value) == ("Quá hạn", "Có", "chờ hướng dẫn")
    assert isinstance(htd5[9].value, datetime) and htd5[9].number_format == "dd/mm/yyyy hh:mm"
    history = wb["Lịch sử"]
    assert history.auto_filter.ref == "A1:I6" and history.freeze_panes == "A2"
    assert isinstance(history["A2"].value, datetime) and history["I2"].value == "tin nhắn"
    assert wb["Đơn vị"].auto_filter.ref == "A1:H29"
    assert wb["Đơn vị"]["A2"].value == "Văn phòng UBND tỉnh"  # official order, names first


async def test_formula_notes_and_control_characters_export_as_text(kit, tmp_path):
    """A note is data: `=HYPERLINK(…)` stays text in every sheet and CSV, and `\\x0b` breaks nothing."""
    from bot.documents.csv_export import export_history_csv
    from bot.domain.enums import Status
    from db.directives import get_directive
    from db.models import FocalPoint, StatusReport

    await register(kit, "SNV", person(501, "=cmd|' /C calc'!A0"))
    with kit.session() as session:  # notes exactly as stored, whatever the reader made of the message
        focal = session.exec(select(FocalPoint)).one()
        for number, note in ((4, '=HYPERLINK("http://x.example","bấm")'), (5, "thiếu\x0bkinh phí"), (6, "-1+2")):
            session.add(StatusReport(assignment_id=assignment_of(kit, "SNV", number).id, focal_point_id=focal.id,
                                     status=Status.blocked, note=note, reported_at=NOW))
        session.commit()
    wb = await export(kit)
    notes = [r[5].value for r in wb["Lịch sử"].iter_rows(min_row=2)]
    assert notes == ["'=HYPERLINK(\"http://x.example\",\"bấm\")", "thiếukinh phí", "'-1+2"]
    who = {r[6].value for r in wb["Lịch sử"].iter_rows(min_row=2)}
    assert who == {"'=cmd|' /C calc'!A0"}
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with kit.session() as session:
        path, _ = export_history_csv(session, directive=get_directive(session, number="2410/UBND-KSTT"), tz=TZ,
                                     out=tmp_path / "h.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "\x0b" not in text and ",'-1+2," in text


async def test_unit_names_are_data_in_the_csv_and_the_summary(kit, tmp_path):
    from bot.documents.csv_export import export_csv
    from db.directives import assign_directive, get_directive
    from db.units import import_units, list_units

    with kit.session() as session:
        import_units(session, rows=parse_units_csv('code,name,kind\nEVIL,"@SUM(1+1)*cmd",other\n'))
        session.flush()
        directive = get_directive(session, number="2410/UBND-KSTT")
        assign_directive(session, directive_id=directive.id, unit_ids=[u.id for u in list_units(session)])
        session.commit()
        export_csv(session, directive=directive, now=NOW, tz=TZ, out=tmp_path / "a.csv")
    assert "EVIL,'@SUM(1+1)*cmd,1," in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    names = [r[1].value for r in (await export(kit))["Tổng hợp"].iter_rows(min_row=7)]
    assert "'@SUM(1+1)*cmd" in names


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-", "'-"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\r=x", "'\r=x"), ("a\x00b\x1fc\x0b", "abc"), ("\x0b=x", "'=x"), ("Sở Nội vụ", "Sở Nội vụ"), ("", ""),
    (3, 3), (None, None), (date(2020, 1, 2), date(2020, 1, 2)),
])
def test_data_text_escapes_what_a_spreadsheet_would_evaluate(value, expected):
    assert data_text(value) == expected


def test_units_csv_order_column():
    rows = parse_units_csv("code,name,kind,order\nB,Sở B,department,2\nA,Sở A,department,1\n")
    assert [(r.code, r.order) for r in rows] == [("B", 2), ("A", 1)]
    assert [r.order for r in parse_units_csv("code,name,kind\nB,Sở B,department\nA,Sở A,so\n")] == [1, 2]
    with pytest.raises(UnitsCsvError) as info:
        parse_units_csv("code,name,kind,order\nB,Sở B,department,hai\nA,Sở A,department,-1\n")
    assert info.value.problems == ["Dòng 2: thứ tự 'hai' không hợp lệ (số nguyên từ 0 đến 999999).",
                                   "Dòng 3: thứ tự '-1' không hợp lệ (số nguyên từ 0 đến 999999)."]


async def test_reimported_order_moves_units_in_the_summary(kit):
    from db.units import import_units

    with kit.session() as session:
        import_units(session, rows=parse_units_csv(
            "code,name,kind,order\nHNN,UBND huyện Nậm Nhùn,district,0\n"))
        session.commit()
    names = [r[1].value for r in (await export(kit))["Tổng hợp"].iter_rows(min_row=7) if r[1].value]
    assert names[names.index("UBND các huyện, thành phố") + 1] == "UBND huyện Nậm Nhùn"


def test_document_settings():
    default = settings_from_env({})
    assert (default.province_name, default.office_name, default.office_signer) == (
        "Lai Châu", "Sở Nội vụ tỉnh Lai Châu", None)
    s = settings_from_env({"PROVINCE_NAME": "Điện Biên", "OFFICE_NAME": "Sở Nội vụ  tỉnh Điện Biên",
                           "OFFICE_SIGNER": "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"})
    assert (s.province_name, s.office_name) == ("Điện Biên", "Sở Nội vụ tỉnh Điện Biên")
    from bot.documents.letterhead import Letterhead

    head = Letterhead.from_settings(s)
    assert (head.parent, head.office, head.office_upper) == ("UBND TỈNH ĐIỆN BIÊN", "Sở Nội vụ", "SỞ NỘI VỤ")
    assert head.signer_lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert head.place_date(date(2021, 1, 5)) == "Điện Biên, ngày 05 tháng 01 năm 2021"
    assert head.place_date(date(2021, 12, 25)) == "Điện Biên, ngày 25 tháng 12 năm 2021"
    with pytest.raises(SettingsError, match="^OFFICE_NAME is malformed"):
        settings_from_env({"OFFICE_NAME": "x" * 121})


def test_an_overdue_blocker_is_both_in_the_mark(reported):
    """(the fixture's HTD task 5) — checked through the pure summary too, without a workbook."""
    from bot.documents.facts import load_facts
    from bot.documents.summary import summary_lines
    from db.directives import get_directive

    assert assignment_of(reported, "HTD", 5).deadline == date(2020, 12, 15)
    with reported.session() as session:
        facts = load_facts(session, directive=get_directive(session, number="2410/UBND-KSTT"), now=NOW, tz=TZ)
    line = next(x for x in summary_lines(facts) if x.label == "UBND huyện Tam Đường")
    assert line.marks[4] == "Q/V" and (line.overdue, line.blocked) == (2, 2)
    assert facts.units[1].name == "Sở Nội vụ" and [u.kind for u in facts.units][19:21] == ["department", "district"]
