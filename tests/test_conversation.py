"""Conversation state in the database, questions with a waiting note, and edited reports (real handlers)."""

from sqlmodel import select

from bot.domain.callback_data import SetStatus
from bot.domain.enums import ReportSource, Status
from db.models import AuditLog, ConversationState, StatusReport
from tests.helpers import ADMIN, assignment_of, register, reports_of
from tests.kit import person

SNV = person(501, "Nguyễn Văn A")


async def _focal(kit):
    await register(kit, "SNV", SNV)
    return kit


async def _press(kit, number: int, status: Status):
    return await kit.send(kit.callback(SNV, SetStatus(assignment_of(kit, "SNV", number).id, status).pack()))


async def test_a_named_task_never_goes_to_the_waiting_one(kit):
    await _focal(kit)
    await _press(kit, 2, Status.blocked)
    calls = await kit.send(kit.text(SNV, "Nhiệm vụ số 6 đã xong"))
    assert calls[0].text.splitlines()[1] == "Nhiệm vụ 6 — ✅ Hoàn thành"
    assert [r.status for r in reports_of(kit, "SNV", 2)] == [Status.blocked]
    assert assignment_of(kit, "SNV", 6).status == Status.done


async def test_the_waiting_task_expires_after_30_minutes(kit):
    await _focal(kit)
    await _press(kit, 2, Status.in_progress)
    kit.clock.advance(minutes=29)
    await kit.send(kit.text(SNV, "xong rồi"))
    assert assignment_of(kit, "SNV", 2).status == Status.done  # within the half hour: the button's task
    await _press(kit, 3, Status.in_progress)
    kit.clock.advance(minutes=31)
    calls = await kit.send(kit.text(SNV, "xong rồi"))
    assert "cho nhiệm vụ nào" in calls[0].text and calls[0].buttons
    assert assignment_of(kit, "SNV", 3).status == Status.in_progress  # not marked done ten days (or 31 min) later
    with kit.session() as session:
        assert session.exec(select(ConversationState.kind)).all()  # the rows are there, only expired


async def test_a_number_without_status_asks_and_the_note_waits_for_the_answer(kit):
    await _focal(kit)
    calls = await kit.send(kit.text(SNV, "3 đã ban hành kế hoạch số 12/KH-SNV"))
    assert reports_of(kit, "SNV", 3) == []
    assert "Ghi chú «đã ban hành kế hoạch số 12/KH-SNV» sẽ được lưu kèm" in calls[0].text
    assert len(calls[0].buttons) == 3
    pressed = await kit.send(kit.callback(SNV, calls[0].buttons[0]["callback_data"], message=calls[0]))
    assert "Nhiệm vụ 3 — ✅ Hoàn thành (ghi chú: đã ban hành kế hoạch số 12/KH-SNV)" in pressed[0].params["text"]
    assert [(r.status, r.note) for r in reports_of(kit, "SNV", 3)] == [
        (Status.done, "đã ban hành kế hoạch số 12/KH-SNV")]


async def test_a_negated_status_is_asked_never_stored(kit):
    await _focal(kit)
    calls = await kit.send(kit.text(SNV, "3 không xong"))
    assert reports_of(kit, "SNV", 3) == []
    assert "«chưa xong»" in calls[0].text and len(calls[0].buttons) == 3


async def test_several_clauses_confirm_each_task_with_its_note(kit):
    await _focal(kit)
    calls = await kit.send(kit.text(SNV, "NV1 xong; NV2 đang triển khai; NV5 vướng: thiếu kinh phí"))
    assert calls[0].text.splitlines()[1:] == [
        "Nhiệm vụ 1 — ✅ Hoàn thành", "Nhiệm vụ 2 — 🔄 Đang thực hiện",
        "Nhiệm vụ 5 — ⚠️ Vướng mắc (ghi chú: thiếu kinh phí)"]
    assert [(r.status, r.note) for r in reports_of(kit, "SNV", 5)] == [(Status.blocked, "thiếu kinh phí")]


async def test_an_edited_report_corrects_the_stored_one(kit):
    await _focal(kit)
    sent = kit.text(SNV, "3 xong")
    await kit.send(sent)
    kit.clock.advance(minutes=2)
    calls = await kit.send(kit.edited(sent, "4 xong"))
    lines = calls[0].text.splitlines()
    assert lines[0].startswith("Hệ thống đã sửa theo tin nhắn được chỉnh")
    assert "Nhiệm vụ 3 — hủy báo cáo trước, trở lại ⬜ Chưa thực hiện" in lines
    assert "Nhiệm vụ 4 — ✅ Hoàn thành" in lines
    three, four = assignment_of(kit, "SNV", 3), assignment_of(kit, "SNV", 4)
    assert (three.status, three.completed_at, three.last_report_at) == (Status.not_started, None, None)
    assert four.status == Status.done
    history = reports_of(kit, "SNV", 3)
    assert len(history) == 1 and history[0].corrected_at == kit.clock.current  # kept, marked corrected
    assert [r.corrected_at for r in reports_of(kit, "SNV", 4)] == [None]
    with kit.session() as session:
        assert session.exec(select(AuditLog).where(AuditLog.action == "status.correct")).all()
    unit = await kit.send(kit.text(ADMIN, "/unit SNV"))
    assert "NV3: ✅ Hoàn thành – Nguyễn Văn A (tin nhắn, đã sửa bằng tin nhắn chỉnh sửa)" in unit[0].text
    # Edited again: task 4 now blocked with a note; still one live report per task.
    calls = await kit.send(kit.edited(sent, "4 vướng mắc: chờ ký"))
    assert "Nhiệm vụ 4 — ⚠️ Vướng mắc (ghi chú: chờ ký)" in calls[0].text
    assert [(r.status, r.corrected_at is None) for r in reports_of(kit, "SNV", 4)] == [
        (Status.done, False), (Status.blocked, True)]
    assert assignment_of(kit, "SNV", 4).status == Status.blocked


async def test_an_edit_keeps_earlier_history_of_the_task(kit):
    await _focal(kit)
    await kit.send(kit.text(SNV, "5 đang làm"))
    kit.clock.advance(hours=1)
    sent = kit.text(SNV, "5 xong")
    await kit.send(sent)
    await kit.send(kit.edited(sent, "5 vướng mắc: thiếu kinh phí"))
    five = assignment_of(kit, "SNV", 5)
    assert (five.status, five.completed_at) == (Status.blocked, None)
    edit_unclear = await kit.send(kit.edited(sent, "à nhầm"))
    assert "được giữ nguyên" in edit_unclear[0].text
    assert assignment_of(kit, "SNV", 5).status == Status.blocked


async def test_edits_of_anything_else_are_ignored(kit):
    await _focal(kit)
    chat = kit.text(SNV, "cảm ơn")
    await kit.send(chat)
    assert await kit.send(kit.edited(chat, "3 xong")) == []
    assert reports_of(kit, "SNV", 3) == []
    command = kit.text(SNV, "/nhiemvu")
    await kit.send(command)
    assert await kit.send(kit.edited(command, "/nhiemvu")) == []  # an edited command is not run again


async def test_a_reply_to_the_note_prompt_is_a_note_for_its_task_from_the_database(kit):
    await _focal(kit)
    pressed = await _press(kit, 4, Status.blocked)
    prompt = [c for c in pressed if c.method == "sendMessage"][-1]
    with kit.session() as session:
        assert session.exec(select(ConversationState).where(ConversationState.kind == "note_prompt")).one()
    await kit.send(kit.text(SNV, "- Thiếu kinh phí (đã đề xuất)!", reply_to=prompt))
    assert [(r.source, r.note) for r in reports_of(kit, "SNV", 4)][-1] == (
        ReportSource.reply, "- Thiếu kinh phí (đã đề xuất)!")


async def test_hidden_characters_never_reach_a_stored_note(kit):
    await _focal(kit)
    await kit.send(kit.text(SNV, "4 vướng mắc: thiếu\u200b kinh\u202e phí"))
    with kit.session() as session:
        assert session.exec(select(StatusReport.note)).all() == ["thiếu kinh phí"]


async def test_a_strangers_text_is_never_read_and_a_focal_points_once(kit, monkeypatch):
    import handlers.replies
    from bot.domain.reply_reader import read_reply
    from bot.texts import WELCOME_STRANGER

    reads = []

    def counting(text, **kw):
        reads.append(text)
        return read_reply(text, **kw)

    monkeypatch.setattr(handlers.replies, "read_reply", counting)
    huge = ",".join(f"{i}-{i + 1}" for i in range(1, 2000, 2))[:4000]
    calls = await kit.send(kit.text(person(999), huge))
    assert calls[0].text == WELCOME_STRANGER and reads == []
    await _focal(kit)
    await kit.send(kit.text(SNV, "xong rồi"))  # the fast path reads it, the full path asks which task
    assert reads == ["xong rồi"]
    refused = await kit.send(kit.text(SNV, huge))
    assert "quá 50 số nhiệm vụ" in refused[0].text and reads[-1] == huge and len(reads) == 2


async def test_a_waiting_note_goes_only_to_a_task_its_question_offered(kit):
    await _focal(kit)
    asked = await kit.send(kit.text(SNV, "3, 4 đã trình ký"))  # two tasks, no status: a row of buttons each
    assert len(asked[0].buttons) == 6 and reports_of(kit, "SNV", 3) == reports_of(kit, "SNV", 4) == []
    await _press(kit, 6, Status.done)  # a button of another task: the note is not its own
    assert [r.note for r in reports_of(kit, "SNV", 6)] == [None]
    four_done = asked[0].buttons[3]["callback_data"]
    await kit.send(kit.callback(SNV, four_done, message=asked[0]))
    assert [(r.status, r.note) for r in reports_of(kit, "SNV", 4)] == [(Status.done, "đã trình ký")]
    three_done = asked[0].buttons[0]["callback_data"]
    await kit.send(kit.callback(SNV, three_done, message=asked[0]))
    assert [(r.status, r.note) for r in reports_of(kit, "SNV", 3)] == [(Status.done, None)]  # answered once


async def test_an_unknown_number_names_every_task_of_the_unit_and_offers_the_unfinished(kit):
    await _focal(kit)
    await kit.send(kit.text(SNV, "1 xong"))
    calls = await kit.send(kit.text(SNV, "9 đang làm"))
    assert "(các số hợp lệ: 1, 2, 3, 4, 5, 6, 7)" in calls[0].text
    assert [b["text"][:3] for b in calls[0].buttons] == ["NV2", "NV3", "NV4", "NV5", "NV6", "NV7"]
