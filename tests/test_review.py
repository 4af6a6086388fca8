from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.domain.enums import Status
from bot.domain.review import Cell, StatusClass, classify
from tests.helpers import ADMIN, register
from tests.kit import person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2020, 12, 20, 10, 0, tzinfo=TZ)
DL = date(2020, 12, 15)


def cell(status, deadline=DL, completed=None, reported=None):
    return Cell("SNV", "Sở Nội vụ", 1, status, deadline, completed, reported)


@pytest.mark.parametrize(
    "c, expected",
    [
        (cell(Status.done, completed=datetime(2020, 12, 15, 16, 0, tzinfo=TZ), reported=NOW), StatusClass.done_on_time),
        (cell(Status.done, completed=datetime(2020, 12, 16, 8, 0, tzinfo=TZ), reported=NOW), StatusClass.done_late),
        (cell(Status.done, deadline=None, completed=NOW, reported=NOW), StatusClass.done_on_time),
        (cell(Status.in_progress, reported=NOW), StatusClass.overdue),
        (cell(Status.in_progress, deadline=date(2020, 12, 20), reported=NOW), StatusClass.in_progress),
        (cell(Status.blocked, deadline=None, reported=NOW), StatusClass.blocked),
        (cell(Status.blocked, deadline=date(2020, 12, 20), reported=NOW), StatusClass.blocked),
        # Past its deadline a blocker is overdue first (and still a blocker: is_blocker).
        (cell(Status.blocked, reported=NOW), StatusClass.overdue),
        (cell(Status.not_started, deadline=date(2020, 12, 31)), StatusClass.unreported),
        (cell(Status.not_started), StatusClass.overdue),
        # 23:30 UTC on the 15th is already the 16th in Hà Nội: late.
        (cell(Status.done, completed=datetime(2020, 12, 15, 23, 30, tzinfo=ZoneInfo("UTC")), reported=NOW),
         StatusClass.done_late),
    ],
)
def test_class_table(c, expected):
    assert classify(c, NOW, TZ) == expected


@pytest.fixture
async def reviewed(kit):
    await register(kit, "SNV", person(501))
    await register(kit, "HTD", person(601, "Hoàng Văn E"))
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020"))
    await kit.send(kit.text(person(501), "1,2,3 xong"))
    await kit.send(kit.text(person(601), "4 vướng mắc: thiếu kinh phí"))
    kit.clock.current = NOW
    return kit


async def test_summary_lines_worst_first(reviewed):
    kit = reviewed
    calls = await kit.send(kit.text(ADMIN, "/tonghop"))
    text = calls[0].text
    assert "28 đơn vị × 7 nhiệm vụ = 196 lượt (nhiệm vụ × đơn vị) · hoàn thành 2%" in text  # 3 of 196
    assert "⚠️ Vướng mắc (còn hạn): 1 lượt" in text.splitlines()
    assert "❗ Quá hạn: 27 lượt ở 27 đơn vị (⛔ trong đó 0 lượt có vướng mắc)" in text.splitlines()
    key, *lines = text.split("<pre>")[1].split("</pre>")[0].splitlines()
    assert key == "NV      1 2 3 4 5 6 7"  # over the icon columns: the longest code here has 7 letters
    assert len(lines) == 28
    assert lines[-1] == "SNV     ✅✅✅⬜⬜⬜⬜ 3/7"
    assert "HTD     ⬜⬜❗⚠️⬜⬜⬜ 0/7" in lines[:27]
    assert lines.index("HTD     ⬜⬜❗⚠️⬜⬜⬜ 0/7") < 27


async def test_overdue_lists_units_and_unreachable(reviewed):
    kit = reviewed
    text = (await kit.send(kit.text(ADMIN, "/quahan")))[0].text
    assert text.startswith("<b>Quá hạn</b>: 27 lượt (nhiệm vụ × đơn vị) ở 27 đơn vị, trong đó ⛔ 0 lượt có vướng mắc:")
    assert "• <b>UBND huyện Tam Đường</b>: NV 3 (3 ngày làm việc) · đầu mối: Hoàng Văn E" in text
    assert "<b>Sở Nội vụ</b>" not in text.split("Chưa liên lạc")[0]
    blocked = text.split("<b>⚠️ Vướng mắc (còn hạn)</b>: 1 lượt ở 1 đơn vị:\n")[1].splitlines()[0]
    assert blocked == "• <b>UBND huyện Tam Đường</b>: NV 4 (không ghi hạn: «thiếu kinh phí»)"
    unreachable = text.split("Chưa liên lạc được qua hệ thống</b>")[-1]
    assert "Sở Tài chính" in unreachable and "Sở Nội vụ" not in unreachable and "STC" not in unreachable


async def test_export_workbook_cell_by_cell(reviewed):
    kit = reviewed
    calls = await kit.send(kit.text(ADMIN, "/export"))
    doc = kit.api.sent("sendDocument")[-1]
    assert doc in calls
    _, content = next(iter(doc.files.values()))
    wb = load_workbook(BytesIO(content))
    assert wb.sheetnames == ["Tổng hợp", "Nhiệm vụ", "Chi tiết", "Lịch sử", "Đơn vị"]
    summary = wb["Tổng hợp"]
    assert [c.value for c in summary[7]][:4] == ["STT", "Tên cơ quan, đơn vị", "NV1", "NV2"]
    rows = {r[1].value: r for r in summary.iter_rows(min_row=8) if r[1].value}
    assert [c.value for c in rows["Sở Nội vụ"][2:9]] == ["Đ", "Đ", "Đ", "–", "–", "–", "–"]
    assert rows["Sở Nội vụ"][9].value == 3
    htd = rows["UBND huyện Tam Đường"]
    assert htd[4].value == "Q" and htd[4].fill.fgColor.rgb.endswith("FFC7CE")
    assert htd[5].value == "V" and htd[5].fill.fgColor.rgb.endswith("D9D2E9") and htd[11].value == 1
    history = [[c.value for c in r] for r in wb["Lịch sử"].iter_rows(min_row=2)]
    assert len(history) == 4
    assert history[-1][1:6] == ["UBND huyện Tam Đường", 4, "Vướng mắc", "Có", "thiếu kinh phí"]
    units = {r[2].value: r for r in wb["Đơn vị"].iter_rows(min_row=2)}
    assert units["SNV"][5].value == "Nguyễn Văn A" and units["STC"][5].value == "chưa có đầu mối"
    assert units["STC"][0].value == "Sở Tài chính" and [c.value for c in units["HTD"][3:5]] == [1, 1]


async def test_long_history_is_cut_in_the_workbook_and_whole_in_the_csv(reviewed, monkeypatch, tmp_path):
    from bot.documents.csv_export import export_history_csv
    from bot.documents.workbook import export_directive
    from db.directives import get_directive

    kit = reviewed
    kit.clock.current = NOW
    await kit.send(kit.text(person(501), "3 đang làm: chờ ký"))  # SNV task 3: a newer report
    monkeypatch.setattr("bot.documents.workbook.HISTORY_MAX_ROWS", 2)
    with kit.session() as session:
        directive = get_directive(session, number="2410/UBND-KSTT")
        export_directive(session, directive=directive, now=NOW, tz=TZ, out=tmp_path / "a.xlsx")
        path, count = export_history_csv(session, directive=directive, tz=TZ, out=tmp_path / "h.csv")
    wb = load_workbook(tmp_path / "a.xlsx")
    history = [[c.value for c in r] for r in wb["Lịch sử"].iter_rows(min_row=2)]
    assert [h[1:6] for h in history[:2]] == [["UBND huyện Tam Đường", 4, "Vướng mắc", "Có", "thiếu kinh phí"],
                                             ["Sở Nội vụ", 3, "Đang thực hiện", None, "chờ ký"]]
    assert history[2][0].startswith("Trang này chỉ gồm 2 báo cáo gần nhất trong tổng số 5.")
    detail = {(r[0].value, r[2].value): [c.value for c in r] for r in wb["Chi tiết"].iter_rows(min_row=2)}
    assert detail[("Sở Nội vụ", 3)][4] == "Đang thực hiện" and detail[("Sở Nội vụ", 3)][7] == "chờ ký"  # newest
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert count == 5 and len(lines) == 6 and lines[-1].split(",")[1:5] == ["SNV", "3", "in_progress", "chờ ký"]


async def test_focal_points_and_strangers_get_no_review(reviewed):
    kit = reviewed
    for user in (person(501), person(999)):
        for command in ("/tonghop", "/quahan", "/export"):
            calls = await kit.send(kit.text(user, command))
            assert calls[0].text == "Lệnh này chỉ dành cho Văn phòng CCHC."


async def test_sql_tallies_agree_with_the_python_classes(kit):
    """The GROUP BY behind /summary and the pure classify() must never disagree (both backends)."""
    import random
    from datetime import UTC, timedelta

    from sqlmodel import select

    from bot.domain.review import class_counts, unit_rows
    from db.models import Assignment
    from db.review import directive_cells, unit_tallies

    rnd = random.Random(3)
    with kit.session() as session:
        for a in session.exec(select(Assignment)):
            a.status = rnd.choice(list(Status))
            a.deadline = rnd.choice([None, DL, date(2020, 12, 19), date(2020, 12, 20), date(2020, 12, 25)])
            a.last_report_at = rnd.choice([None, NOW])
            # Around midnight in Hà Nội: 16:30-17:30 UTC on the deadline is the evening or the next day.
            base = datetime.combine(a.deadline or DL, datetime.min.time(), tzinfo=UTC)
            a.completed_at = base + timedelta(hours=rnd.choice([3, 16, 16.9, 17.1, 20])) if a.status == "done" else None
            session.add(a)
        session.commit()
        rows = unit_rows(directive_cells(session, directive_id=1), NOW, TZ)
        tallies = unit_tallies(session, directive_id=1, today=NOW.date(), tz=TZ, now=NOW)
    expected = class_counts(rows)
    assert [t.code for t in tallies] == [r.code for r in rows]  # the same worst-first order
    assert sum(t.on_time for t in tallies) == expected[StatusClass.done_on_time]
    assert sum(t.late for t in tallies) == expected[StatusClass.done_late] > 0
    assert sum(t.overdue for t in tallies) == expected[StatusClass.overdue] > 0
    assert sum(t.unreported for t in tallies) == expected[StatusClass.unreported] > 0
    assert sum(t.in_progress for t in tallies) == expected[StatusClass.in_progress] > 0
    assert sum(t.blocked_in_time for t in tallies) == expected[StatusClass.blocked] > 0
    assert sum(t.blocked for t in tallies) == sum(r.blocked for r in rows) > sum(t.blocked_in_time for t in tallies)
