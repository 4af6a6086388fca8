"""Two-tier local government (issue 21): units dated, a directive of 2026 on today's units, a xã and a phường
grouped "UBND các xã, phường" in every document and view, 2410 still on its 2020 units with their history."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlmodel import Session, select

from bot.domain.directive_parser import parse_directive
from bot.domain.units_csv import parse_units_csv
from bot.operations.seed import bundled_text, load_current_units
from db.directives import assign_directive, create_directive, get_directive
from db.models import Assignment, FocalPoint, Task, Unit
from db.units import import_units, units_on
from tests.helpers import ADMIN, invite_code, register, reports_of
from tests.kit import person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NEW = "15/UBND-KSTT"
NEW_DATE = date(2026, 1, 5)
LATER = datetime(2026, 2, 2, 9, 0, tzinfo=TZ)  # a Monday; both tasks were due 15/01/2026
COMMUNES = "UBND các xã, phường"


def test_the_2025_list_has_the_38_communes_of_resolution_1670():
    units = parse_units_csv(bundled_text("units-laichau-2025.csv"))
    current = [u for u in units if u.valid_to is None]
    xa = [u for u in current if u.kind == "xa"]
    phuong = [u for u in current if u.kind == "phuong"]
    assert (len(xa), len(phuong)) == (36, 2)
    assert [u.name for u in phuong] == ["UBND phường Tân Phong", "UBND phường Đoàn Kết"]
    assert [u.name for u in xa][:2] == ["UBND xã Mường Kim", "UBND xã Khoen On"]
    assert all(u.valid_from == date(2025, 7, 1) for u in xa + phuong)
    assert sorted(u.order for u in xa + phuong) == list(range(1, 39))
    ended = {u.code: (u.valid_to, u.successor) for u in units if u.valid_to}
    assert ended["SKHDT"] == (date(2025, 2, 28), "STC") and ended["SLDTBXH"] == (date(2025, 2, 28), "SNV")
    assert ended["HTD"] == (date(2025, 6, 30), None) and len([u for u in units if u.kind == "district"]) == 8
    text = bundled_text("units-laichau-2025.csv").decode()
    assert "1670/NQ-UBTVQH15" in text and "NOT CONFIRMED" in text  # the file states its sources and its gaps


@pytest.fixture
async def today(kit):
    """2410 on its 2020 units with a report from HTD; then the 2025 list; directive 15/UBND-KSTT of 05/01/2026
    assigned to the units of its date, both tasks due 15/01/2026."""
    await register(kit, "HTD", person(601, "Hoàng Văn E"))
    await register(kit, "STC", person(502, "Lê Thị C"))
    await kit.send(kit.text(person(601), "3 xong"))
    with kit.session() as session:
        load_current_units(session)
        directive = create_directive(session, number=NEW, issued_on=NEW_DATE,
                                     tasks=parse_directive("1. Rà soát thủ tục.\n2. Báo cáo kết quả."),
                                     title="Tiếp tục cải cách hành chính", issuer="UBND tỉnh Lai Châu")
        assign_directive(session, directive_id=directive.id, deadline=date(2026, 1, 15),
                         unit_ids=[u.id for u in units_on(session, on=NEW_DATE)])
        session.commit()
    kit.clock.current = LATER
    return kit


def assigned(kit, number: str) -> list[Unit]:
    with kit.session() as session:
        directive = get_directive(session, number=number)
        return list(session.exec(select(Unit).distinct().join(Assignment, Assignment.unit_id == Unit.id)
                                 .join(Task).where(Task.directive_id == directive.id)))


async def test_a_2026_directive_goes_to_todays_units_and_2410_keeps_its_2020_units(today):
    units = assigned(today, NEW)
    kinds = {u.kind for u in units}
    assert kinds == {"department", "xa", "phuong"}  # no district, nothing merged away
    codes = {u.code for u in units}
    assert {"STC", "SNV", "SNNMT", "SDTTG", "X-MUONGKIM", "P-TANPHONG", "X-TATONG"} <= codes
    assert not {"SKHDT", "SLDTBXH", "BDT", "HTD", "TPLC"} & codes
    old = assigned(today, "2410/UBND-KSTT")
    assert len(old) == 28 and {"HTD", "SKHDT"} <= {u.code for u in old} and "X-MUONGKIM" not in {u.code for u in old}
    assert [r.status for r in reports_of(today, "HTD", 3)] == ["done"]  # its history stays
    text = (await today.send(today.text(ADMIN, "/tonghop 2410/UBND-KSTT")))[-1].text
    assert "28 đơn vị × 7 nhiệm vụ" in text and "• UBND các huyện, thành phố: 8 đơn vị, 1/56 lượt hoàn thành" in text
    assert COMMUNES not in text
    from bot.webapp.views import MatrixFilter, dashboard_json

    with today.session() as session:  # the Mini App too: 2410's districts, ended since, are still there
        page = dashboard_json(session, directive=get_directive(session, number="2410/UBND-KSTT"), now=LATER, tz=TZ,
                              matrix=MatrixFilter.from_args({"kind": "district"}))
    assert page["matched"] == 8 and "HTD" in {r["code"] for r in page["rows"]}


async def test_a_xa_and_a_phuong_share_one_group_in_every_document_and_view(today, monkeypatch):
    kit = today
    # /tonghop
    text = (await kit.send(kit.text(ADMIN, f"/tonghop {NEW}")))[-1].text
    assert f"• {COMMUNES}: 38 đơn vị, 0/76 lượt hoàn thành" in text and "huyện, thành phố" not in text
    # the workbook's printed summary
    await kit.send(kit.text(ADMIN, f"/export {NEW}"))
    _, content = next(iter(kit.api.sent("sendDocument")[-1].files.values()))
    rows = [[c.value for c in row] for row in load_workbook(BytesIO(content))["Tổng hợp"].iter_rows()]
    labels = [row[1] for row in rows]
    heading = next(i for i, row in enumerate(rows) if COMMUNES in [str(v) for v in row])
    assert rows[heading][0] == "II" and not any("huyện, thành phố" in str(v) for row in rows for v in row)
    block = labels[heading + 1: heading + 39]
    assert "UBND xã Mường Kim" in block and "UBND phường Tân Phong" in block and "UBND phường Đoàn Kết" in block
    # the Word report (its grouped appendix)
    docs = [c for c in await kit.send(kit.text(ADMIN, f"/vanban {NEW}")) if c.method == "sendDocument"]
    report = Document(BytesIO(next(iter(docs[0].files.values()))[1]))
    cells = [cell.text for table in report.tables for row in table.rows for cell in row.cells]
    at = cells.index(COMMUNES)
    assert cells.index("UBND xã Mường Kim") > at and cells.index("UBND phường Tân Phong") > at
    assert "UBND các huyện, thành phố" not in cells
    # the chasing letter, addressed under the groups
    docs = [c for c in await kit.send(kit.text(ADMIN, f"/dondoc {NEW} STC,X-MUONGKIM,P-TANPHONG"))
            if c.method == "sendDocument"]
    body = [p.text for p in Document(BytesIO(next(iter(docs[0].files.values()))[1])).paragraphs]
    start = body.index("Kính gửi:")
    assert body[start + 1: start + 6] == ["Sở, ban, ngành:", "- Sở Tài chính;", f"{COMMUNES}:",
                                          "- UBND xã Mường Kim;", "- UBND phường Tân Phong."]
    # the chart
    import bot.documents.chart

    drawn = []
    real = bot.documents.chart.heatmap_png
    monkeypatch.setattr(bot.documents.chart, "heatmap_png",
                        lambda rows, **kw: drawn.append(rows) or real(rows, **kw))
    await kit.send(kit.text(ADMIN, f"/chart {NEW}"))
    headings = [r for r in drawn[0] if isinstance(r, str)]
    assert headings == ["Sở, ban, ngành", COMMUNES]
    names = [r if isinstance(r, str) else r.name for r in drawn[0]]
    assert names.index("UBND xã Mường Kim") > names.index(COMMUNES) < names.index("UBND phường Tân Phong")
    # the Mini App's filter: one group for both
    from bot.webapp.views import MatrixFilter, dashboard_json

    with kit.session() as session:
        page = dashboard_json(session, directive=get_directive(session, number=NEW), now=LATER, tz=TZ,
                              matrix=MatrixFilter.from_args({"kind": "commune"}))
    assert page["matched"] == 38 and {r["kind"] for r in page["rows"]} == {"commune"}
    assert {"X-MUONGKIM", "P-TANPHONG"} <= {r["code"] for r in page["rows"]}


async def test_a_new_list_retires_the_missing_units_and_keeps_everything_else(kit):
    """`/donvi 01/07/2025`: units missing from the list end on 30/06/2025; nothing is deleted; the units that
    continue keep their focal points and invite links; a merged sở names its successor."""
    await register(kit, "HTD", person(601, "Hoàng Văn E"))
    await register(kit, "SNV", person(501))
    await kit.send(kit.text(person(601), "3 xong"))
    link = await invite_code(kit, "STC")  # not yet used
    csv = ("code,name,kind,valid_from,valid_to,successor\nSNV,Sở Nội vụ,department,,,\n"
           "STC,Sở Tài chính,department,,,\nSKHDT,Sở Kế hoạch và Đầu tư,department,,28/02/2025,STC\n"
           "X-MUONGKIM,UBND xã Mường Kim,xa,01/07/2025,,\nP-DOANKET,UBND phường Đoàn Kết,phuong,01/07/2025,,\n")
    kit.api.uploads["F-dv.csv"] = csv.encode()
    calls = await kit.send(kit.document(ADMIN, file_name="dv.csv", size=len(csv.encode()), caption="/donvi 01/07/2025"))
    assert calls[-1].text == ("Đã nhập 5 đơn vị: 2 mới, 3 cập nhật, 0 không đổi. 25 đơn vị không có trong danh "
                              "sách được ghi nhận kết thúc hoạt động ngày 30/06/2025 (giữ nguyên phân công và "
                              "lịch sử báo cáo).")
    with kit.session() as session:
        units = {u.code: u for u in session.exec(select(Unit))}
        assert len(units) == 30  # nothing deleted
        assert units["HTD"].valid_to == date(2025, 6, 30) and units["SNV"].valid_to is None
        assert units["SKHDT"].valid_to == date(2025, 2, 28) and units["SKHDT"].successor_id == units["STC"].id
        assert {u.code for u in units_on(session, on=date(2026, 1, 5))} == {"SNV", "STC", "X-MUONGKIM", "P-DOANKET"}
        assert len(units_on(session, on=date(2020, 10, 28))) == 28
        assert session.exec(select(FocalPoint).where(FocalPoint.unit_id == units["SNV"].id)).one().state == "active"
    assert [r.status for r in reports_of(kit, "HTD", 3)] == ["done"]
    calls = await kit.send(kit.text(person(502, "Lê Thị C"), f"/start {link}"))  # the invite still works
    assert "Sở Tài chính" in calls[-1].text
    # the same list again changes nothing; without a date nothing is retired
    calls = await kit.send(kit.document(ADMIN, file_name="dv.csv", size=len(csv.encode()), caption="/donvi 01/07/2025"))
    assert calls[-1].text == "Đã nhập 5 đơn vị: 0 mới, 0 cập nhật, 5 không đổi."
    with kit.session() as session:
        assert import_units(session, rows=parse_units_csv("code,name,kind\nHTD,UBND huyện Tam Đường,district\n"))[
            "retired"] == 0


def test_a_successor_that_names_no_unit_imports_nothing(tmp_path):
    from db.engine import create_schema, make_engine
    from db.units import UnitsImportError

    engine = make_engine(f"sqlite:///{tmp_path / 'u.db'}")
    create_schema(engine)
    with Session(engine) as session, pytest.raises(UnitsImportError, match="NOPE"):
        import_units(session, rows=parse_units_csv("code,name,kind,valid_to,successor\nA,Một,department,"
                                                   "28/02/2025,NOPE\n"))


def test_cli_assign_all_for_a_2026_directive_assigns_no_district(tmp_path, monkeypatch, capsys):
    from bot.cli import main
    from db.engine import make_engine

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    assert main(["init"]) == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with Session(engine) as session:
        create_directive(session, number=NEW, issued_on=NEW_DATE, tasks=parse_directive("1. Rà soát.\n2. Báo cáo."))
        session.commit()
    capsys.readouterr()
    assert main(["assign", NEW, "--all", "--deadline", "15/01/2026"]) == 0
    assert "Đã giao 15/UBND-KSTT cho 53 đơn vị: 106 phân công mới" in capsys.readouterr().out
    with Session(engine) as session:
        directive = get_directive(session, number=NEW)
        kinds = session.exec(select(Unit.kind).distinct().join(Assignment, Assignment.unit_id == Unit.id)
                             .join(Task).where(Task.directive_id == directive.id)).all()
        assert sorted(kinds) == ["department", "phuong", "xa"]
        old = get_directive(session, number="2410/UBND-KSTT")
        assert len(session.exec(select(Assignment).join(Task).where(Task.directive_id == old.id)).all()) == 196
    assert main(["init"]) == 0  # again: nothing reopens, nothing is added
    assert "0 đơn vị mới, 0 cập nhật theo danh sách 2025; 0 phân công mới" in capsys.readouterr().out
    engine.dispose()


async def test_unit_view_says_when_a_unit_ended_and_who_took_over(today):
    text = (await today.send(today.text(ADMIN, "/donvi SKHDT")))[-1].text
    assert "Đơn vị kết thúc hoạt động ngày 28/02/2025; đơn vị kế thừa: Sở Tài chính." in text
    text = (await today.send(today.text(ADMIN, "/donvi HTD")))[-1].text
    assert "Đơn vị kết thúc hoạt động ngày 30/06/2025." in text
    assert "kết thúc" not in (await today.send(today.text(ADMIN, "/donvi STC")))[-1].text


def test_cli_import_from_a_date_retires_the_units_missing_and_refuses_an_unknown_successor(tmp_path, monkeypatch,
                                                                                            capsys):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    assert main(["init"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind,valid_to,successor\nSNV,Sở Nội vụ,department,30/06/2025,NOPE\n", encoding="utf-8")
    assert main(["units", "import", str(bad), "--from", "01/07/2025"]) == 1
    assert "Mã đơn vị kế thừa không có trong danh sách: NOPE" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text("code,name,kind\nSNV,Sở Nội vụ,department\nX-MUONGKIM,UBND xã Mường Kim,xa\n", encoding="utf-8")
    assert main(["units", "import", str(good), "--from", "01/01/2026"]) == 0
    out = capsys.readouterr().out  # 53 units of today less the two named, plus none of the ended ones
    assert "51 đơn vị không có trong danh sách kết thúc ngày 31/12/2025 (giữ nguyên lịch sử)." in out
    assert main(["units", "list", "--on", "02/01/2026"]) == 0
    assert "Tổng: 2 đơn vị ngày 02/01/2026" in capsys.readouterr().out
    assert main(["units", "list", "--on", "01/06/2025"]) == 0  # a file without dates kept the stored ones
    before = capsys.readouterr().out
    assert "X-MUONGKIM" not in before and "HTD" in before and "SNV" in before
