from tests.kit import ADMIN_ID, person


async def test_start_from_stranger_explains_how_to_register(kit):
    calls = await kit.send(kit.text(person(555), "/start"))
    assert [c.method for c in calls] == ["sendMessage"]
    assert calls[0].chat_id == 555
    assert "đầu mối" in calls[0].text and "đường liên kết mời" in calls[0].text


async def test_help_differs_for_stranger_and_office(kit):
    stranger = (await kit.send(kit.text(person(556), "/help")))[0].text
    office = (await kit.send(kit.text(person(ADMIN_ID), "/huongdan")))[0].text
    assert "/invite" not in stranger
    assert "/moi SNV" in office and "/gui" in office and "/invite" not in office


async def test_post_init_sets_vietnamese_command_menus(kit):
    kit.api.clear()
    await kit.app.post_init(kit.app)
    menus = kit.api.sent("setMyCommands")
    assert len(menus) == 2  # default scope for focal points, and the admin's chat
    names = [c["command"] for c in menus[0].params["commands"]]
    assert names == ["nhiemvu", "baocao", "giahan", "bo_qua", "huongdan"]
    assert menus[1].params["scope"] == {"type": "chat", "chat_id": ADMIN_ID}


async def test_start_in_group_is_refused_politely(kit):
    calls = await kit.send(kit.text(person(557), "/start abc", chat_id=-100999))
    assert "nhắn tin riêng" in calls[0].text


async def test_unknown_command_and_unsupported_messages_get_a_hint(kit):
    calls = await kit.send(kit.text(person(558), "/xoahet"))
    assert "không có lệnh này" in calls[0].text
    from telegram import Update

    sticker = Update.de_json({"update_id": 999, "message": {
        "message_id": 5, "date": 0, "chat": {"id": 558, "type": "private", "first_name": "A"},
        "from": {"id": 558, "is_bot": False, "first_name": "A"},
        "sticker": {"file_id": "S", "file_unique_id": "S", "width": 512, "height": 512, "is_animated": False,
                    "is_video": False, "type": "regular"}}}, kit.app.bot)
    calls = await kit.send(sticker)
    assert "chỉ nhận tin nhắn chữ" in calls[0].text


def test_excel_and_chart_libraries_load_only_when_asked_for():
    """Idle memory target: openpyxl, matplotlib, python-docx and Alembic stay out of a started bot's imports."""
    import subprocess
    import sys

    code = ("import sys, bot.cli, bot.app, handlers.review, handlers.digest, handlers.documents; "
            "print([m for m in ('openpyxl', 'matplotlib', 'alembic', 'docx') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


async def test_start_again_and_office_greeting_and_unit_list(kit):
    from tests.helpers import ADMIN, register

    await register(kit, "SNV", person(501))
    again = await kit.send(kit.text(person(501), "/start"))
    assert again[0].text.startswith("Kính chào đồng chí Nguyễn Văn A, đồng chí là đầu mối chính của <b>Sở Nội vụ</b>.")
    office = await kit.send(kit.text(ADMIN, "/start"))
    assert "thành viên Văn phòng CCHC (quyền quản trị)" in office[0].text
    listing = (await kit.send(kit.text(ADMIN, "/units")))[0].text
    assert listing.startswith("<b>Danh sách đơn vị</b> (28):")
    assert "<code>SNV</code> Sở Nội vụ — Nguyễn Văn A (đang hoạt động)" in listing
    assert "<code>STC</code> Sở Tài chính — chưa có đầu mối" in listing
    assert "Cách dùng" in (await kit.send(kit.text(ADMIN, "/policy")))[0].text
    shown = (await kit.send(kit.text(ADMIN, "/policy 2410")))[0].text
    assert shown.startswith("Chính sách nhắc việc văn bản số 2410/UBND-KSTT: trước hạn 7, 3, 1 ngày làm việc lúc 08:00")


async def test_unit_list_puts_the_primary_first_and_stays_phone_sized(kit, monkeypatch):
    from tests.helpers import ADMIN, register

    await register(kit, "SNV", person(502, "Lê Thị C"), "deputy")  # the deputy registers first
    await register(kit, "SNV", person(501))
    listing = (await kit.send(kit.text(ADMIN, "/units")))[0].text
    assert "<code>SNV</code> Sở Nội vụ — Nguyễn Văn A (đang hoạt động), Lê Thị C (đang hoạt động)" in listing
    monkeypatch.setattr("handlers.office.UNITS_MAX_LINES", 5)
    short = await kit.send(kit.text(ADMIN, "/units"))
    lines = short[0].text.splitlines()
    assert len(short) == 1 and len(lines) == 1 + 1 + 5 + 1  # header, the group's heading, 5 units, "… và"
    assert lines[1] == "<b>Sở, ban, ngành</b>"
    assert lines[-1] == "… và 23 đơn vị khác: xem trang «Đơn vị» trong tệp của /xuat."
