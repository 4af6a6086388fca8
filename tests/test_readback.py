"""Read-backs through the real handlers (issue 19): a message that is not plain stores nothing until the
official presses ✅ under exactly what it shows; ✏️ offers the status buttons; the pending read-back lives in
the database (a second process continues it), expires after 30 minutes, and a new message replaces it."""

from sqlmodel import select

from bot import texts
from bot.domain.enums import Status
from db.models import AuditLog, StatusReport
from tests.helpers import ADMIN, assignment_of, register, reports_of
from tests.kit import BotKit, person

SNV = person(501, "Nguyễn Văn A")
NOT_PLAIN = "Em gửi báo cáo tiến độ: NV1 đã xong, NV2 đang làm; NV4 vướng mắc do thiếu kinh phí ạ"
SHOWN = ["Hệ thống hiểu đồng chí báo cáo:", "Nhiệm vụ 1 — ✅ Hoàn thành", "Nhiệm vụ 2 — 🔄 Đang thực hiện",
         "Nhiệm vụ 4 — ⚠️ Vướng mắc (ghi chú: vướng mắc do thiếu kinh phí)"]


def _button(call, starts: str, ends: str) -> str:
    return next(b["callback_data"] for b in call.buttons if b["callback_data"].startswith(starts)
                and b["callback_data"].endswith(ends))


def _stored(kit) -> list[tuple[int, Status, str | None, bool]]:
    return [(r.assignment_id, r.status, r.note, r.confirmed) for n in range(1, 8) for r in reports_of(kit, "SNV", n)]


async def test_not_plain_is_read_back_and_stored_exactly_on_confirm(kit):
    await register(kit, "SNV", SNV)
    calls = await kit.send(kit.text(SNV, NOT_PLAIN))
    readback = calls[0]
    assert readback.text.splitlines()[:4] == SHOWN
    assert [b["text"] for b in readback.buttons] == [texts.READBACK_CONFIRM, texts.READBACK_EDIT]
    assert _stored(kit) == []  # nothing before the official's ✅
    pressed = await kit.send(kit.callback(SNV, _button(readback, "k:", ":y"), message=readback))
    edited = next(c for c in pressed if c.method == "editMessageText")
    assert edited.text.splitlines()[1:] == SHOWN[1:]
    assert edited.text.startswith("Hệ thống đã ghi nhận theo xác nhận của đồng chí lúc")
    ids = {n: assignment_of(kit, "SNV", n).id for n in (1, 2, 4)}
    assert _stored(kit) == [(ids[1], Status.done, None, True), (ids[2], Status.in_progress, None, True),
                            (ids[4], Status.blocked, "vướng mắc do thiếu kinh phí", True)]
    assert assignment_of(kit, "SNV", 4).status == Status.blocked
    with kit.session() as session:
        details = session.exec(select(AuditLog.details).where(AuditLog.action == "status.change")).all()
    assert details and all(d.endswith(" confirmed") for d in details)
    again = await kit.send(kit.callback(SNV, _button(readback, "k:", ":y"), message=readback))
    assert texts.READBACK_GONE[:40] in again[0].params.get("text", "")  # a second press stores nothing twice
    assert len(_stored(kit)) == 3


async def test_the_office_sees_which_reports_were_confirmed(kit):
    await register(kit, "SNV", SNV)
    await kit.send(kit.text(SNV, "3 xong"))
    readback = (await kit.send(kit.text(SNV, "Dạ NV4 trước vướng mắc, nay đã giải quyết xong")))[0]
    await kit.send(kit.callback(SNV, _button(readback, "k:", ":y"), message=readback))
    log = (await kit.send(kit.text(ADMIN, "/nhatky")))[0].text
    assert log.count(texts.AUDIT_CONFIRMED.strip()) == 1  # task 4's change, not task 3's
    unit = "\n".join(c.text for c in await kit.send(kit.text(ADMIN, "/donvi SNV")))
    history = [line for line in unit.splitlines() if f"({texts.REPORT_SOURCE_LABEL['text']}" in line]
    line4 = next(line for line in history if "NV4:" in line)
    line3 = next(line for line in history if "NV3:" in line)
    assert texts.CONFIRMED_MARK in line4 and texts.CONFIRMED_MARK not in line3


async def test_edit_shows_the_status_buttons_and_the_note_follows_the_button(kit):
    await register(kit, "SNV", SNV)
    readback = (await kit.send(kit.text(SNV, "NV5 đã có Kế hoạch 12, đang làm")))[0]
    assert "Nhiệm vụ 5 — 🔄 Đang thực hiện (ghi chú: đã có Kế hoạch 12, đang làm)" in readback.text
    pressed = await kit.send(kit.callback(SNV, _button(readback, "k:", ":e"), message=readback))
    choose = next(c for c in pressed if c.method == "editMessageText")
    assert choose.text == texts.READBACK_CHOOSE and len(choose.buttons) == 3
    assert reports_of(kit, "SNV", 5) == []
    done = next(b["callback_data"] for b in choose.buttons if b["callback_data"].endswith(":d"))
    await kit.send(kit.callback(SNV, done, message=choose))
    assert [(r.status, r.note, r.confirmed) for r in reports_of(kit, "SNV", 5)] == [
        (Status.done, "đã có Kế hoạch 12, đang làm", False)]  # the official chose it with a button


async def test_a_new_message_replaces_the_read_back_and_it_expires(kit):
    await register(kit, "SNV", SNV)
    first = (await kit.send(kit.text(SNV, "Sở đã xong NV1")))[0]
    await kit.send(kit.text(SNV, "2 xong"))  # plain: stored at once, and the older read-back is gone
    gone = await kit.send(kit.callback(SNV, _button(first, "k:", ":y"), message=first))
    assert gone[0].params["text"] == texts.READBACK_GONE and gone[0].params.get("show_alert")
    assert reports_of(kit, "SNV", 1) == []
    second = (await kit.send(kit.text(SNV, "Sở đã xong NV1")))[0]
    kit.clock.advance(minutes=31)
    late = await kit.send(kit.callback(SNV, _button(second, "k:", ":y"), message=second))
    assert late[0].params["text"] == texts.READBACK_GONE
    assert reports_of(kit, "SNV", 1) == []


async def test_only_its_official_can_confirm_and_a_second_process_continues(kit):
    await register(kit, "SNV", SNV)
    other = person(502, "Lê Văn C")
    await register(kit, "SYT", other)
    readback = (await kit.send(kit.text(SNV, "Sở đã xong NV1")))[0]
    stranger = await kit.send(kit.callback(other, _button(readback, "k:", ":y"), message=readback))
    assert stranger[0].params["text"] == texts.READBACK_GONE
    second = await BotKit(engine=kit.engine, seed=False).start()  # another process on the same database
    try:
        second.clock.current = kit.clock.current
        await second.send(second.callback(SNV, _button(readback, "k:", ":y"), message=readback))
    finally:
        await second.stop()
    assert [(r.status, r.confirmed) for r in reports_of(kit, "SNV", 1)] == [(Status.done, True)]


async def test_an_edited_message_that_is_not_plain_is_read_back_before_it_corrects(kit):
    await register(kit, "SNV", SNV)
    sent = kit.text(SNV, "4 xong")
    await kit.send(sent)
    calls = await kit.send(kit.edited(sent, "Em nhầm, NV4 đang làm chứ chưa xong"))
    assert [(r.status, r.corrected_at) for r in reports_of(kit, "SNV", 4)] == [(Status.done, None)]  # not yet
    assert "Nhiệm vụ 4 — 🔄 Đang thực hiện" in calls[0].text and texts.READBACK_CORRECTS in calls[0].text
    await kit.send(kit.callback(SNV, _button(calls[0], "k:", ":y"), message=calls[0]))
    with kit.session() as session:
        rows = session.exec(select(StatusReport.status, StatusReport.corrected_at.is_(None), StatusReport.confirmed)
                            .where(StatusReport.assignment_id == assignment_of(kit, "SNV", 4).id)
                            .order_by(StatusReport.id)).all()
    assert [tuple(r) for r in rows] == [(Status.done, False, False), (Status.in_progress, True, True)]
    assert assignment_of(kit, "SNV", 4).status == Status.in_progress


async def test_after_edit_each_task_keeps_its_own_note(kit):
    await register(kit, "SNV", SNV)
    readback = (await kit.send(kit.text(SNV, "UBND huyện báo cáo NV1 xong: có biên bản; NV2 đang làm: chờ ký")))[0]
    assert readback.text.splitlines()[1:3] == ["Nhiệm vụ 1 — ✅ Hoàn thành (ghi chú: có biên bản)",
                                               "Nhiệm vụ 2 — 🔄 Đang thực hiện (ghi chú: chờ ký)"]
    choose = next(c for c in await kit.send(kit.callback(SNV, _button(readback, "k:", ":e"), message=readback))
                  if c.method == "editMessageText")
    one, two = assignment_of(kit, "SNV", 1).id, assignment_of(kit, "SNV", 2).id
    await kit.send(kit.callback(SNV, f"s:{two}:b", message=choose))  # the official corrects task 2 to blocked
    await kit.send(kit.callback(SNV, f"s:{one}:d", message=choose))
    assert [(r.status, r.note) for r in reports_of(kit, "SNV", 2)] == [(Status.blocked, "chờ ký")]
    assert [(r.status, r.note) for r in reports_of(kit, "SNV", 1)] == [(Status.done, "có biên bản")]
