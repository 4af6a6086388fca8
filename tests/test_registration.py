from datetime import timedelta

from sqlmodel import select

from bot.domain.enums import FocalRole, FocalState
from bot.testing.fake_bot_api import BOT_USER
from db.models import AuditLog, FocalPoint, Invite
from tests.helpers import ADMIN, invite_code, register, task_messages
from tests.kit import OFFICE_CHAT_ID, person

SNV_USER = person(501, "Nguyễn Văn A")


async def test_invite_gives_a_deep_link_and_stores_only_a_hash(kit):
    calls = await kit.send(kit.text(ADMIN, "/invite snv"))
    text = calls[0].text
    assert f"https://t.me/{BOT_USER['username']}?start=" in text and "Sở Nội vụ" in text
    code = await invite_code(kit, "SNV")
    assert len(code) >= 16  # 128 random bits, url-safe base64
    with kit.session() as session:
        invites = list(session.exec(select(Invite)))
    assert len(invites) == 2
    assert all(code not in i.code_hash and len(i.code_hash) == 64 for i in invites)
    assert (invites[0].expires_at - invites[0].created_at) == timedelta(days=7)


async def test_registration_greets_sends_all_seven_tasks_and_tells_the_office(kit):
    calls = await register(kit, "SNV", SNV_USER)
    greeting = calls[0]
    assert greeting.chat_id == 501 and "Sở Nội vụ" in greeting.text and "đầu mối chính" in greeting.text
    tasks = task_messages(calls, 501)
    assert len(tasks) == 7
    assert "Văn bản số 2410/UBND-KSTT</b> ngày 28/10/2020\n<i>Về việc chấn chỉnh" in tasks[2].text
    assert "Nhiệm vụ 3/7" in tasks[2].text and "phân bổ biên chế" in tasks[2].text
    assert [b["text"] for b in tasks[2].buttons] == ["✅ Hoàn thành", "🔄 Đang thực hiện", "⚠️ Vướng mắc"]
    alerts = [c for c in calls if c.chat_id == OFFICE_CHAT_ID]
    assert [a.text for a in alerts] == ["Sở Nội vụ: đồng chí Nguyễn Văn A đã đăng ký làm đầu mối chính."]
    with kit.session() as session:
        assert session.exec(select(AuditLog).where(AuditLog.action == "focal.register")).one()


async def test_second_person_becomes_deputy_and_both_get_tasks(kit):
    await register(kit, "SNV", SNV_USER)
    calls = await register(kit, "SNV", person(502, "Lê Thị C"), "deputy")
    assert "đầu mối phụ" in calls[0].text
    assert len(task_messages(calls, 502)) == 7
    with kit.session() as session:
        roles = {f.tg_user_id: f.role for f in session.exec(select(FocalPoint))}
    assert roles == {501: FocalRole.primary, 502: FocalRole.deputy}


async def test_bad_codes_get_clear_replies_and_change_nothing(kit):
    code = await invite_code(kit, "SNV")
    await kit.send(kit.text(SNV_USER, f"/start {code}"))
    reused = await kit.send(kit.text(person(503), f"/start {code}"))
    assert "đã được sử dụng" in reused[0].text
    unknown = await kit.send(kit.text(person(503), "/start " + "A" * 22))
    assert "không tồn tại" in unknown[0].text
    malformed = await kit.send(kit.text(person(503), "/start <script>"))
    assert "không đúng định dạng" in malformed[0].text
    old = await invite_code(kit, "STC")
    kit.clock.advance(days=8)
    expired = await kit.send(kit.text(person(503), f"/start {old}"))
    assert "hết hạn" in expired[0].text
    for calls in (reused, unknown, malformed, expired):
        assert len(calls) == 1  # no tasks, no office alert
    with kit.session() as session:
        assert [f.tg_user_id for f in session.exec(select(FocalPoint))] == [501]


async def test_one_person_one_unit(kit):
    await register(kit, "SNV", SNV_USER)
    calls = await register(kit, "STC", SNV_USER)
    assert "Đồng chí đang là đầu mối của <b>Sở Nội vụ</b>" in calls[0].text
    with kit.session() as session:
        assert len(list(session.exec(select(FocalPoint)))) == 1
        stc_invite = list(session.exec(select(Invite)))[-1]
        assert stc_invite.used_at is None  # the code is still good for the right person


async def test_revoke_keeps_history_and_a_replacement_registers(kit):
    await register(kit, "SNV", SNV_USER)
    await kit.send(kit.text(SNV_USER, "3 xong"))
    calls = await kit.send(kit.text(ADMIN, "/revoke SNV 501"))
    assert "Đã thu hồi" in calls[0].text
    refused = await kit.send(kit.text(SNV_USER, "4 xong"))
    assert "đường liên kết mời" in refused[0].text
    calls = await register(kit, "SNV", person(504, "Phạm Văn D"))
    assert "đầu mối chính" in calls[0].text
    with kit.session() as session:
        states = {f.tg_user_id: f.state for f in session.exec(select(FocalPoint))}
    assert states == {501: FocalState.revoked, 504: FocalState.active}


async def test_office_commands_refuse_strangers_and_focal_points(kit):
    await register(kit, "SNV", SNV_USER)
    for user in (person(999), SNV_USER):
        for command in ("/invite SNV", "/push 2410/UBND-KSTT all", "/revoke SNV 501", "/units"):
            calls = await kit.send(kit.text(user, command))
            assert "chỉ dành cho Văn phòng CCHC" in calls[0].text, command


async def test_invite_usage_and_unknown_unit(kit):
    assert "Cách dùng" in (await kit.send(kit.text(ADMIN, "/invite")))[0].text
    assert "Không có đơn vị mã <b>XYZ</b>" in (await kit.send(kit.text(ADMIN, "/invite xyz")))[0].text
