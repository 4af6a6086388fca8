"""Office review through the real handlers: summary paging, overdue order, unit/task views, chart,
digest, extensions, roles and audit."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from db.models import AuditLog, ExtensionRequest, ExtensionState
from jobs.digest import digest_job
from tests.helpers import ADMIN, add_assigned_units, assignment_of, register, task_messages
from tests.kit import OFFICE_CHAT_ID, person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SNV, HTD, VIEWER = person(501), person(601, "Hoàng Văn E"), person(300, "Lê Văn Xem")


@pytest.fixture
async def office(kit):
    snv = await register(kit, "SNV", SNV)
    kit.snv_cards = task_messages(snv, 501)
    await register(kit, "HTD", HTD)
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020"))
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 5 10/12/2020 HTD"))
    await kit.send(kit.text(SNV, "1,2 xong"))
    await kit.send(kit.text(SNV, "3 đang làm"))
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", reply_to=kit.snv_cards[0]))
    await kit.send(kit.text(ADMIN, "/staff add 300 viewer"))
    kit.clock.current = datetime(2020, 12, 21, 9, 0, tzinfo=TZ)  # Monday
    return kit


async def test_summary_pages_when_long(office):
    kit = office
    add_assigned_units(kit, 40)
    first = (await kit.send(kit.text(ADMIN, "/summary")))[0]
    assert "68 đơn vị × 7 nhiệm vụ" in first.text and "Trang 1/3" in first.text
    assert [b["text"] for b in first.buttons] == ["▶"]
    calls = await kit.send(kit.callback(ADMIN, first.buttons[0]["callback_data"], message=first))
    assert [c.method for c in calls] == ["answerCallbackQuery", "editMessageText"]
    assert "Trang 2/3" in calls[1].text and [b["text"] for b in calls[1].buttons] == ["◀", "▶"]
    stranger = await kit.send(kit.callback(person(999), first.buttons[0]["callback_data"], message=first))
    assert [c.method for c in stranger] == ["answerCallbackQuery"]
    # /quahan keeps to what a phone can show: 60 worst units, then a pointer to the export.
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 4 01/12/2020"))
    overdue = "\n".join(c.text for c in await kit.send(kit.text(ADMIN, "/quahan")))
    assert overdue.startswith("<b>Quá hạn</b>: 97 lượt (nhiệm vụ × đơn vị) ở 68 đơn vị, trong đó ⛔ 0 lượt có")
    assert overdue.count("• <b>") == 60 and "… và 8 đơn vị quá hạn khác: xem đủ trong tệp của /xuat." in overdue


async def test_summary_exact_lines(office):
    text = (await office.send(office.text(VIEWER, "/tonghop")))[0].text
    key, *lines = text.split("<pre>")[1].split("</pre>")[0].splitlines()
    assert key == "NV      1 2 3 4 5 6 7"
    assert lines[0] == "HTD     ⬜⬜❗⬜❗⬜⬜ 0/7"  # two overdue: worst
    assert lines[-1] == "SNV     ✅✅❗⬜⬜⬜⬜ 2/7"
    assert "STC     ⬜⬜❗⬜⬜⬜⬜ 0/7" in lines
    assert text.splitlines()[1:8] == [
        "28 đơn vị × 7 nhiệm vụ = 196 lượt (nhiệm vụ × đơn vị) · hoàn thành 1%",
        "✅ Hoàn thành đúng hạn: 2 lượt",
        "✅ Hoàn thành quá hạn: 0 lượt",
        "🔄 Đang thực hiện trong hạn: 0 lượt",
        "⚠️ Vướng mắc (còn hạn): 0 lượt",
        "❗ Quá hạn: 29 lượt ở 28 đơn vị (⛔ trong đó 0 lượt có vướng mắc)",
        "⬜ Chưa báo cáo: 165 lượt",
    ]


async def test_overdue_order_and_days(office):
    text = (await office.send(office.text(VIEWER, "/overdue")))[0].text
    lines = [line for line in text.splitlines() if line.startswith("• ")]
    assert lines[0].startswith(
        "• <b>UBND huyện Tam Đường</b>: NV 3 (4 ngày làm việc), 5 (7 ngày làm việc) · đầu mối: Hoàng Văn E")
    assert ("• <b>Sở Nội vụ</b>: NV 3 (4 ngày làm việc) · đầu mối: Nguyễn Văn A · "
            "báo cáo gần nhất: 09:00 02/11/2020") in lines


async def test_unit_view_and_evidence_resend(office):
    kit = office
    calls = await kit.send(kit.text(VIEWER, "/unit snv"))
    text = calls[0].text
    assert text.splitlines()[:2] == ["<b>Sở Nội vụ</b> – văn bản số 2410/UBND-KSTT",
                                     "Hoàn thành 2/7 nhiệm vụ · ❗ quá hạn: 1 · ⚠️ vướng mắc: 0"]
    assert "• NV1: ✅ Hoàn thành · ✅ Hoàn thành đúng hạn · hạn — · 📎 KH-CCHC.pdf" in text
    assert "• NV3: 🔄 Đang thực hiện · ❗ Quá hạn · hạn 15/12/2020" in text
    assert "• Nguyễn Văn A (mã Telegram 501) – đầu mối chính, đang hoạt động" in text
    assert text.count("09:00 02/11/2020 NV") == 4
    assert "• 09:00 02/11/2020 NV1: ✅ Hoàn thành – Nguyễn Văn A (tin nhắn)" in text
    button = calls[0].buttons[0]
    assert button["text"] == "📎 NV1: KH-CCHC.pdf"
    resent = await kit.send(kit.callback(VIEWER, button["callback_data"], message=calls[0]))
    assert resent[-1].method == "sendDocument" and resent[-1].params["document"] == "F-KH-CCHC.pdf"
    refused = await kit.send(kit.callback(SNV, button["callback_data"]))
    assert [c.method for c in refused] == ["answerCallbackQuery"]


async def test_task_view(office):
    text = (await office.send(office.text(VIEWER, "/task 3")))[0].text
    assert text.startswith("<b>Nhiệm vụ 3</b> – văn bản số 2410/UBND-KSTT: hoàn thành 0/28 đơn vị · "
                           "❗ quá hạn: 28 đơn vị · ⚠️ vướng mắc: 0 đơn vị\n")
    assert "❗ Sở Nội vụ · Quá hạn · 09:00 02/11/2020" in text.splitlines()


async def test_task_view_keeps_to_the_worst_units_when_there_are_many(office, monkeypatch):
    monkeypatch.setattr("handlers.unit_views.TASK_MAX_UNITS", 10)
    calls = await office.send(office.text(VIEWER, "/task 3"))
    lines = calls[0].text.splitlines()
    assert len(calls) == 1 and len(lines) == 1 + 10 + 1
    assert lines[1].startswith("❗") and lines[-1] == "… và 18 đơn vị khác: xem đủ trong tệp của /xuat."


async def test_chart_is_a_real_png(office):
    calls = await office.send(office.text(VIEWER, "/chart"))
    photo = calls[0]
    assert photo.method == "sendPhoto"
    _, content = next(iter(photo.files.values()))
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) > 10_000


async def test_chart_names_units_in_full(office, monkeypatch):
    from matplotlib.axes import Axes

    labels = []
    real = Axes.set_yticks
    monkeypatch.setattr(Axes, "set_yticks", lambda self, ticks, names=None, **kw: (
        labels.append(list(names)) if names is not None else None) or real(self, ticks, names, **kw))
    await office.send(office.text(VIEWER, "/chart"))
    assert "UBND huyện Than Uyên" in labels[0] and "Sở Nội vụ" in labels[0] and "HTHU" not in labels[0]


async def test_chart_of_many_units_shows_the_worst_sixty(office, monkeypatch):
    import struct

    import bot.documents.chart

    kit = office
    add_assigned_units(kit, 40)
    drawn = []
    real = bot.documents.chart.heatmap_png
    monkeypatch.setattr(bot.documents.chart, "heatmap_png", lambda rows, **kw: drawn.append((rows, kw)) or real(rows, **kw))
    calls = await kit.send(kit.text(VIEWER, "/chart"))
    drawn_rows, kw = drawn[0]
    rows = [r for r in drawn_rows if not isinstance(r, str)]  # the units, under their group headings
    assert len(rows) == 60 and "60 đơn vị chậm nhất trong 68" in kw["title"]
    assert [r for r in drawn_rows if isinstance(r, str)] == ["Sở, ban, ngành", "UBND các huyện, thành phố",
                                                             "Cơ quan, đơn vị khác"]
    codes = [r.code for r in rows]  # worst first in each group: HTD has 2 overdue; the X units none, nothing done
    assert "SNV" in codes[:20] and codes[-1] == "X31" and "X32" not in codes
    assert codes[20] == "HTD"  # the 20 sở, then the districts, the worst of them (HTD) first
    _, content = next(iter(calls[0].files.values()))
    width, height = struct.unpack(">II", content[16:24])  # PNG IHDR
    assert height < 10_000 and width < 10_000  # what Telegram accepts for a photo


async def test_digest_now_and_weekly_job_once(office, monkeypatch):
    import jobs.digest

    kit = office
    drawn = []
    real_chart = jobs.digest.directive_chart_png
    monkeypatch.setattr(jobs.digest, "directive_chart_png", lambda *a, **kw: drawn.append(1) or real_chart(*a, **kw))
    calls = await kit.send(kit.text(VIEWER, "/digest"))
    to_office = [c for c in calls if c.chat_id == OFFICE_CHAT_ID]
    assert [c.method for c in to_office] == ["sendMessage", "sendMessage", "sendPhoto"]
    assert "❗ Quá hạn: 29 lượt ở 28 đơn vị" in to_office[1].text
    assert "<b>Quá hạn</b>: 29 lượt (nhiệm vụ × đơn vị) ở 28 đơn vị" in to_office[1].text
    ctx = type("Ctx", (), {"application": kit.app})()
    kit.clock.current = datetime(2020, 12, 21, 8, 29, tzinfo=TZ)
    mark = len(kit.api.calls)
    await digest_job(ctx)
    assert kit.api.calls[mark:] == []
    kit.clock.current = datetime(2020, 12, 21, 8, 31, tzinfo=TZ)
    await digest_job(ctx)
    await digest_job(ctx)
    kit.clock.current = datetime(2020, 12, 24, 10, 0, tzinfo=TZ)  # every 5 minutes all week: nothing redone
    await digest_job(ctx)
    sent = [c for c in kit.api.calls[mark:] if c.chat_id == OFFICE_CHAT_ID]
    assert [c.method for c in sent] == ["sendMessage", "sendMessage", "sendPhoto"]
    assert len(drawn) == 2  # /digest, then the Monday digest once


async def test_extension_request_approved_end_to_end(office):
    kit = office
    calls = await kit.send(kit.text(SNV, "/giahan 3 31/12/2020 chờ UBND tỉnh giao biên chế"))
    assert calls[0].text.startswith("Hệ thống đã gửi đề nghị gia hạn Nhiệm vụ 3 đến ngày 31/12/2020")
    request_msg = next(c for c in calls if c.chat_id == OFFICE_CHAT_ID)
    assert "Hạn hoàn thành hiện tại: 15/12/2020 → đề nghị: <b>31/12/2020</b>" in request_msg.text
    approve = request_msg.buttons[0]["callback_data"]
    viewer = await kit.send(kit.callback(VIEWER, approve, message=request_msg))
    assert "quyền quản trị" in viewer[0].params["text"]
    decided = await kit.send(kit.callback(ADMIN, approve, message=request_msg))
    assert decided[0].params["text"] == "✅ Đồng ý" and decided[1].method == "editMessageText"
    assert "✅ Văn phòng CCHC đã đồng ý gia hạn Nhiệm vụ 3 (2410/UBND-KSTT) đến 31/12/2020." in [
        c.text for c in decided if c.chat_id == 501]
    assert assignment_of(kit, "SNV", 3).deadline == date(2020, 12, 31)
    again = await kit.send(kit.callback(ADMIN, request_msg.buttons[1]["callback_data"], message=request_msg))
    assert "đã được xử lý" in again[0].params["text"]
    with kit.session() as session:
        assert session.exec(select(ExtensionRequest)).one().state == ExtensionState.approved
        assert session.exec(select(AuditLog).where(AuditLog.action == "extension.approved")).one()


async def test_extension_rejected_keeps_deadline(office):
    kit = office
    calls = await kit.send(kit.text(HTD, "/extend 5 20/01/2021"))
    request_msg = next(c for c in calls if c.chat_id == OFFICE_CHAT_ID)
    decided = await kit.send(kit.callback(ADMIN, request_msg.buttons[1]["callback_data"], message=request_msg))
    assert "không đồng ý gia hạn Nhiệm vụ 5 (2410/UBND-KSTT); hạn vẫn là 10/12/2020" in [
        c.text for c in decided if c.chat_id == 601][0]
    assert assignment_of(kit, "HTD", 5).deadline == date(2020, 12, 10)


async def test_extension_without_office_chat_goes_to_every_admin_or_says_nobody_can_answer(office):
    from dataclasses import replace

    from db.staff import remove_member
    from tests.kit import ADMIN_ID

    kit = office
    svc = kit.app.bot_data["services"]
    svc.settings = replace(svc.settings, office_chat_id=None)
    await kit.send(kit.text(ADMIN, "/staff add 700 admin"))
    calls = await kit.send(kit.text(SNV, "/giahan 3 31/12/2020"))
    asked = sorted(c.chat_id for c in calls if c.method == "sendMessage" and "Đề nghị gia hạn" in c.text)
    assert asked == [ADMIN_ID, 700] and calls[0].text.startswith("Hệ thống đã gửi đề nghị gia hạn")
    svc.settings = replace(svc.settings, admin_ids=())
    with kit.session() as session:
        remove_member(session, tg_user_id=700, actor="test")
        session.commit()
    calls = await kit.send(kit.text(HTD, "/giahan 5 20/01/2021"))
    assert [c.chat_id for c in calls] == [601]
    assert "chưa có nơi nhận của Văn phòng CCHC" in calls[0].text
    with kit.session() as session:
        assert len(session.exec(select(ExtensionRequest)).all()) == 2  # stored all the same


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("/giahan", "Cách dùng"),
        ("/giahan 3 32/12/2020", "không tồn tại"),
        ("/giahan 3 01/12/2020", "đã qua"),
        ("/giahan 9 31/12/2020", "Nhiệm vụ 9 không có"),
        ("/giahan 3 10/12/2020 lý do", "đã qua"),
    ],
)
async def test_extension_bad_input(office, text, fragment):
    calls = await office.send(office.text(SNV, text))
    assert fragment in calls[0].text and len(calls) == 1


async def test_viewer_cannot_run_admin_commands_and_strangers_get_nothing(office):
    kit = office
    for command in ("/invite SNV", "/push 2410 all", "/deadline 2410 3 20/12/2020", "/remind", "/staff add 5 admin",
                    "/audit", "/policy 2410 before=3"):
        assert "chỉ dành cho thành viên có quyền quản trị" in (await kit.send(kit.text(VIEWER, command)))[0].text, command
    for command in ("/tonghop", "/quahan", "/unit SNV", "/task 3", "/export", "/chart", "/digest", "/staff"):
        calls = await kit.send(kit.text(person(999), command))
        assert [c.text for c in calls] == ["Lệnh này chỉ dành cho Văn phòng CCHC."], command


async def test_staff_and_audit(office):
    kit = office
    listing = (await kit.send(kit.text(VIEWER, "/staff")))[0].text
    assert "• 100 – quản trị (khai báo trong cấu hình hệ thống)" in listing and "• 300 – theo dõi" in listing
    assert "Đã xóa 300" in (await kit.send(kit.text(ADMIN, "/canbo xoa 300")))[0].text
    assert "chỉ dành cho Văn phòng CCHC" in (await kit.send(kit.text(VIEWER, "/tonghop")))[0].text
    set_back = (await kit.send(kit.text(ADMIN, "/canbo them 300 theodoi")))[0].text
    assert set_back == "Đã đặt thành viên 300 với quyền theo dõi."
    audit = (await kit.send(kit.text(ADMIN, "/nhatky 50")))[0].text
    lines = audit.splitlines()  # the bootstrap admin has no name stored: shown by the Telegram id
    assert lines[0] == "<b>Nhật ký</b> (12 mục gần nhất):"
    assert lines[1].endswith(" mã Telegram 100: đặt quyền thành viên – mã Telegram 300: quyền theo dõi")
    assert lines[2].endswith(" mã Telegram 100: xóa thành viên – mã Telegram 300")
    for line in (
        "Nguyễn Văn A: báo cáo trạng thái – Sở Nội vụ, nhiệm vụ 3: ⬜ Chưa thực hiện → 🔄 Đang thực hiện",
        "mã Telegram 100: đặt hạn hoàn thành – văn bản số 2410/UBND-KSTT, nhiệm vụ 5: hạn 10/12/2020, "
        "UBND huyện Tam Đường",
        "mã Telegram 100: đặt hạn hoàn thành – văn bản số 2410/UBND-KSTT, nhiệm vụ 3: hạn 15/12/2020, mọi đơn vị",
        "Hoàng Văn E: đăng ký đầu mối – Hoàng Văn E, đầu mối chính của UBND huyện Tam Đường",
        "mã Telegram 100: tạo đường liên kết mời – đầu mối chính của Sở Nội vụ",
    ):
        assert any(x.endswith(line) for x in lines), line
    for english in ("status.change", "assignment", "not_started", "->", "admin", "viewer", "primary", "tg:"):
        assert english not in audit


async def test_unknown_directive_or_task_gets_a_clear_reply(office):
    kit = office
    assert (await kit.send(kit.text(VIEWER, "/tonghop 999/XYZ")))[0].text == "Không có văn bản số <b>999/XYZ</b>."
    assert (await kit.send(kit.text(VIEWER, "/chart 999/XYZ")))[0].text == "Không có văn bản số <b>999/XYZ</b>."
    text = (await kit.send(kit.text(VIEWER, "/task 9")))[0].text
    assert text == "Văn bản 2410/UBND-KSTT không có Nhiệm vụ 9. Các số hợp lệ: 1, 2, 3, 4, 5, 6, 7."
    assert "Cách dùng" in (await kit.send(kit.text(VIEWER, "/task")))[0].text
    assert "Cách dùng" in (await kit.send(kit.text(VIEWER, "/unit")))[0].text
    assert "Không có đơn vị mã <b>ZZZ</b>" in (await kit.send(kit.text(VIEWER, "/unit zzz")))[0].text
