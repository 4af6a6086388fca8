"""Blockers visible to the office (issue 12, item 8) in every chat view, through the real handlers:
a blocker still in time is its own class (⚠️), a blocker past its deadline is overdue and blocked (⛔), and
counts say what they count (lượt = nhiệm vụ × đơn vị, or đơn vị)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import ADMIN, register
from tests.kit import OFFICE_CHAT_ID, person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SNV, HTD = person(501), person(601, "Hoàng Văn E")
HTD_NAME = "UBND huyện Tam Đường"


@pytest.fixture
async def blocked(kit):
    await register(kit, "SNV", SNV)
    await register(kit, "HTD", HTD)
    await kit.send(kit.text(ADMIN, "/han 2410/UBND-KSTT 3 15/12/2020"))
    await kit.send(kit.text(SNV, "1 xong"))
    await kit.send(kit.text(HTD, "3 vướng mắc: thiếu kinh phí"))  # past its deadline on Monday: ⛔
    await kit.send(kit.text(HTD, "4 vướng mắc: chờ hướng dẫn của Bộ"))  # no deadline: ⚠️ in time
    kit.clock.current = datetime(2020, 12, 21, 9, 0, tzinfo=TZ)  # Monday, 4 working days after the deadline
    return kit


async def test_summary_counts_blockers_and_keys_the_grid(blocked):
    text = (await blocked.send(blocked.text(ADMIN, "/tonghop")))[0].text
    lines = text.splitlines()
    assert lines[1] == "28 đơn vị × 7 nhiệm vụ = 196 lượt (nhiệm vụ × đơn vị) · hoàn thành 1%"
    assert "⚠️ Vướng mắc (còn hạn): 1 lượt" in lines
    assert "❗ Quá hạn: 28 lượt ở 28 đơn vị (⛔ trong đó 1 lượt có vướng mắc)" in lines
    key, *grid = text.split("<pre>")[1].split("</pre>")[0].splitlines()
    assert key == "NV      1 2 3 4 5 6 7"
    assert "HTD     ⬜⬜⛔⚠️⬜⬜⬜ 0/7" in grid  # overdue and blocked, then blocked in time
    assert grid[-1] == "SNV     ✅⬜❗⬜⬜⬜⬜ 1/7"  # the best unit last
    assert "⛔ quá hạn, có vướng mắc" in text and "⚠️ vướng mắc (còn hạn)" in text


async def test_overdue_list_marks_blocked_tasks_and_lists_blockers_in_time(blocked):
    text = (await blocked.send(blocked.text(ADMIN, "/quahan")))[0].text
    lines = text.splitlines()
    assert lines[0] == "<b>Quá hạn</b>: 28 lượt (nhiệm vụ × đơn vị) ở 28 đơn vị, trong đó ⛔ 1 lượt có vướng mắc:"
    assert (f"• <b>{HTD_NAME}</b>: NV 3 ⚠️ (4 ngày làm việc: «thiếu kinh phí») · đầu mối: Hoàng Văn E · "
            "báo cáo gần nhất: 09:00 02/11/2020") in lines
    assert "• <b>Sở Nội vụ</b>: NV 3 (4 ngày làm việc) · đầu mối: Nguyễn Văn A · báo cáo gần nhất: 09:00 02/11/2020" \
        in lines
    start = lines.index("<b>⚠️ Vướng mắc (còn hạn)</b>: 1 lượt ở 1 đơn vị:")
    assert lines[start + 1] == f"• <b>{HTD_NAME}</b>: NV 4 (không ghi hạn: «chờ hướng dẫn của Bộ»)"


async def test_unit_view_counts_and_shows_both_marks(blocked):
    text = (await blocked.send(blocked.text(ADMIN, "/donvi HTD")))[0].text
    lines = text.splitlines()
    assert lines[:2] == [f"<b>{HTD_NAME}</b> – văn bản số 2410/UBND-KSTT",
                         "Hoàn thành 0/7 nhiệm vụ · ❗ quá hạn: 1 · ⚠️ vướng mắc: 2 (⛔ 1 đã quá hạn)"]
    assert "• NV3: ⚠️ Vướng mắc · ⛔ Quá hạn · hạn 15/12/2020 · «thiếu kinh phí»" in lines
    assert "• NV4: ⚠️ Vướng mắc · ⚠️ Vướng mắc (còn hạn) · hạn — · «chờ hướng dẫn của Bộ»" in lines


async def test_task_view_counts_units_and_quotes_the_blocker(blocked):
    three = (await blocked.send(blocked.text(ADMIN, "/xemnhiemvu 3")))[0].text.splitlines()
    assert three[0] == ("<b>Nhiệm vụ 3</b> – văn bản số 2410/UBND-KSTT: hoàn thành 0/28 đơn vị · "
                        "❗ quá hạn: 28 đơn vị · ⚠️ vướng mắc: 1 đơn vị (⛔ 1 đã quá hạn)")
    assert three[1] == f"⛔ {HTD_NAME} · Quá hạn: «thiếu kinh phí» · 09:00 02/11/2020"  # blockers first
    assert three[2].startswith("❗ ") and len(three) == 29
    four = (await blocked.send(blocked.text(ADMIN, "/xemnhiemvu 4")))[0].text.splitlines()
    assert four[0].endswith("❗ quá hạn: 0 đơn vị · ⚠️ vướng mắc: 1 đơn vị")
    assert four[1] == f"⚠️ {HTD_NAME} · Vướng mắc (còn hạn): «chờ hướng dẫn của Bộ» · 09:00 02/11/2020"


async def test_weekly_digest_carries_the_blockers(blocked):
    calls = await blocked.send(blocked.text(ADMIN, "/baocaotuan"))
    text = [c for c in calls if c.chat_id == OFFICE_CHAT_ID and c.method == "sendMessage"][1].text
    assert "⚠️ Vướng mắc (còn hạn): 1 lượt" in text.splitlines()
    assert "❗ Quá hạn: 28 lượt ở 28 đơn vị (⛔ trong đó 1 lượt có vướng mắc)" in text.splitlines()
    assert f"• <b>{HTD_NAME}</b>: NV 3 ⚠️ (4 ngày làm việc: «thiếu kinh phí»)" in text
    assert f"• <b>{HTD_NAME}</b>: NV 4 (không ghi hạn: «chờ hướng dẫn của Bộ»)" in text
