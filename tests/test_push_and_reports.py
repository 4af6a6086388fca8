import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot import texts
from bot.domain.callback_data import SetStatus
from bot.domain.enums import ReportSource, Status
from bot.operations.cards import split_message
from bot.texts import STATUS_LABEL
from db.models import OutboundMessage, StatusReport
from tests.helpers import ADMIN, assignment_of, register, reports_of, task_messages
from tests.kit import BotKit, person

SNV_USER = person(501, "Nguyễn Văn A")
HTD_USER = person(601, "Hoàng Văn E")


@pytest.fixture
async def two_units(kit):
    snv = await register(kit, "SNV", SNV_USER)
    htd = await register(kit, "HTD", HTD_USER)
    kit.snv_tasks, kit.htd_tasks = task_messages(snv, 501), task_messages(htd, 601)
    return kit


async def test_push_twice_sends_each_task_once_per_person(two_units):
    kit = two_units
    first = await kit.send(kit.text(ADMIN, "/push 2410/UBND-KSTT all"))
    assert "Đã xếp lịch gửi 0 tin nhắn" in first[0].text  # registration already delivered them
    assert "Bỏ qua 14 tin" in first[0].text and "Đơn vị chưa có đầu mối" in first[0].text
    with kit.session() as session:
        session.exec(select(OutboundMessage)).all()
    kit.api.clear()
    await register(kit, "STC", person(701))
    again = await kit.send(kit.text(ADMIN, "/push 2410/UBND-KSTT SNV,STC"))
    assert "Đã xếp lịch gửi 0 tin nhắn" in again[0].text
    assert len([c for c in kit.api.calls if c.chat_id == 501]) == 0


async def test_a_push_cut_short_commits_its_batches_and_the_next_push_finishes_it(two_units, monkeypatch):
    import db.outbox
    from db.models import FocalPoint
    from db.units import get_units_by_codes

    kit = two_units
    with kit.session() as session:  # three focal points who have not had their tasks yet
        units, _ = get_units_by_codes(session, codes=["STC", "SCT", "SXD"])
        for index, unit in enumerate(units):
            session.add(FocalPoint(unit_id=unit.id, tg_user_id=800 + index, chat_id=800 + index, name=f"ĐM {index}"))
        session.commit()
    monkeypatch.setattr("handlers.office.PUSH_COMMIT_EVERY", 5)
    real, batches = db.outbox.enqueue_many, []

    def failing_third_batch(session, **kwargs):
        batches.append(len(kwargs["rows"]))
        if len(batches) == 3:
            raise RuntimeError("disk full")
        return real(session, **kwargs)

    monkeypatch.setattr("bot.delivery.push.enqueue_many", failing_third_batch)
    calls = await kit.send(kit.text(ADMIN, "/push 2410/UBND-KSTT all"))
    assert calls[0].text == texts.ERROR_APOLOGY and batches == [5, 5, 5]
    with kit.session() as session:  # the two batches before the failure stay (the first rows are SNV's, HTD's)
        kept = len(session.exec(select(OutboundMessage).where(OutboundMessage.chat_id >= 800)).all())
    assert 0 < kept < 21
    monkeypatch.setattr("bot.delivery.push.enqueue_many", real)
    again = await kit.send(kit.text(ADMIN, "/push 2410/UBND-KSTT all"))
    assert f"Đã xếp lịch gửi {21 - kept} tin nhắn (5 đơn vị, 5 đầu mối)" in again[0].text  # none twice
    delivered = [c.chat_id for c in kit.api.calls if c.method == "sendMessage" and c.chat_id >= 800]
    assert sorted(set(delivered)) == [800, 801, 802] and len(delivered) == 21


async def test_push_with_unknown_codes_or_directive(two_units):
    kit = two_units
    assert "Không có đơn vị: ABC" in (await kit.send(kit.text(ADMIN, "/push 2410 ABC")))[0].text
    assert "Không có văn bản số" in (await kit.send(kit.text(ADMIN, "/push 9999/XX all")))[0].text


@pytest.mark.parametrize(
    "text, number, status, note",
    [
        ("3 xong", 3, Status.done, None),
        ("NV3 hoàn thành", 3, Status.done, None),
        ("nv 3 hoan thanh", 3, Status.done, None),
        ("Nhiệm vụ 3: đã hoàn thành, đã ban hành QĐ 123/QĐ-SNV", 3, Status.done, "đã ban hành QĐ 123/QĐ-SNV"),
        ("5 đang làm 60%", 5, Status.in_progress, "60%"),
        ("5 dang thuc hien", 5, Status.in_progress, None),
        ("4 vướng mắc: thiếu kinh phí", 4, Status.blocked, "thiếu kinh phí"),
        ("4 kho khan", 4, Status.blocked, None),
        ("2 chưa làm", 2, Status.not_started, None),
    ],
)
async def test_text_reply_forms_are_stored(two_units, text, number, status, note):
    kit = two_units
    calls = await kit.send(kit.text(SNV_USER, text))
    header, line = calls[0].text.split("\n")
    assert header == "Hệ thống đã ghi nhận lúc 09:00 02/11/2020:"
    expected = f"Nhiệm vụ {number} — {STATUS_LABEL[status]}" + (f" (ghi chú: {note})" if note else "")
    assert line == expected
    reports = reports_of(kit, "SNV", number)
    assert [(r.status, r.note, r.source) for r in reports] == [(status, note, ReportSource.text)]
    assert assignment_of(kit, "SNV", number).status == status
    assert reports_of(kit, "HTD", number) == []


async def test_several_numbers_at_once(two_units):
    kit = two_units
    calls = await kit.send(kit.text(SNV_USER, "1,2 xong"))
    assert calls[0].text.splitlines()[1:] == ["Nhiệm vụ 1 — ✅ Hoàn thành", "Nhiệm vụ 2 — ✅ Hoàn thành"]
    assert assignment_of(kit, "SNV", 1).status == assignment_of(kit, "SNV", 2).status == Status.done


async def test_unknown_task_number_lists_valid_ones(two_units):
    kit = two_units
    calls = await kit.send(kit.text(SNV_USER, "9 xong"))
    assert calls[0].text == (
        "Nhiệm vụ 9 không có trong các nhiệm vụ đang mở của đơn vị (các số hợp lệ: 1, 2, 3, 4, 5, 6, 7). "
        "Đồng chí báo «✅ Hoàn thành» cho nhiệm vụ nào? Đề nghị chọn:"
    )
    assert len(calls[0].buttons) == 7
    with kit.session() as session:
        assert session.exec(select(StatusReport)).all() == []


async def test_status_without_number_offers_a_choice_then_stores(two_units):
    kit = two_units
    calls = await kit.send(kit.text(SNV_USER, "đã xong, gửi kèm báo cáo"))
    assert "cho nhiệm vụ nào" in calls[0].text and len(calls[0].buttons) == 7
    choice = calls[0].buttons[5]["callback_data"]
    picked = await kit.send(kit.callback(SNV_USER, choice, message=calls[0]))
    assert picked[0].method == "answerCallbackQuery"
    reports = reports_of(kit, "SNV", 6)
    assert [(r.status, r.note) for r in reports] == [(Status.done, "gửi kèm báo cáo")]


async def test_bare_number_asks_for_the_status(two_units):
    kit = two_units
    calls = await kit.send(kit.text(SNV_USER, "3"))
    assert "Nhiệm vụ 3" in calls[0].text and len(calls[0].buttons) == 3


async def test_button_answers_first_edits_and_asks_for_a_note(two_units):
    kit = two_units
    card = kit.snv_tasks[2]
    data = card.buttons[1]["callback_data"]
    calls = await kit.send(kit.callback(SNV_USER, data, message=card))
    assert [c.method for c in calls] == ["answerCallbackQuery", "editMessageText", "sendMessage"]
    assert "Nhiệm vụ 3 — 🔄 Đang thực hiện" in calls[0].params["text"]
    assert "Cập nhật: 🔄 Đang thực hiện lúc 09:00 02/11/2020" in calls[1].text
    assert len(calls[1].buttons) == 3
    assert "/bo_qua" in calls[2].text
    note = await kit.send(kit.text(SNV_USER, "đã trình lãnh đạo ký", reply_to=calls[2]))
    assert note[0].text.splitlines()[1] == "Nhiệm vụ 3 — 🔄 Đang thực hiện, giữ nguyên (ghi chú: đã trình lãnh đạo ký)"
    reports = reports_of(kit, "SNV", 3)
    assert [(r.status, r.source, r.note) for r in reports] == [
        (Status.in_progress, ReportSource.button, None),
        (Status.in_progress, ReportSource.reply, "đã trình lãnh đạo ký"),
    ]


async def test_after_a_button_a_plain_note_goes_to_that_task_and_skip_ends_it(two_units):
    kit = two_units
    await kit.send(kit.callback(SNV_USER, SetStatus(assignment_of(kit, "SNV", 5).id, Status.done).pack()))
    await kit.send(kit.text(SNV_USER, "đã dùng phần mềm có bản quyền"))
    assert reports_of(kit, "SNV", 5)[-1].note == "đã dùng phần mềm có bản quyền"
    await kit.send(kit.callback(SNV_USER, SetStatus(assignment_of(kit, "SNV", 6).id, Status.done).pack()))
    assert "không thêm ghi chú" in (await kit.send(kit.text(SNV_USER, "/bo_qua")))[0].text
    await kit.send(kit.callback(SNV_USER, SetStatus(assignment_of(kit, "SNV", 7).id, Status.done).pack()))
    assert "không thêm ghi chú" in (await kit.send(kit.text(SNV_USER, "/skip")))[0].text  # the English alias
    assert "chưa hiểu" in (await kit.send(kit.text(SNV_USER, "cảm ơn")))[0].text


async def test_reply_to_a_task_message(two_units):
    kit = two_units
    card = kit.snv_tasks[3]
    calls = await kit.send(kit.text(SNV_USER, "vướng mắc: thiếu công chức một cửa", reply_to=card))
    assert calls[0].text.splitlines()[1] == "Nhiệm vụ 4 — ⚠️ Vướng mắc (ghi chú: thiếu công chức một cửa)"
    await kit.send(kit.text(SNV_USER, "Đã có QĐ 45/QĐ-SNV bổ sung nhân sự", reply_to=card))
    reports = reports_of(kit, "SNV", 4)
    assert [(r.status, r.note) for r in reports] == [
        (Status.blocked, "thiếu công chức một cửa"),
        (Status.blocked, "Đã có QĐ 45/QĐ-SNV bổ sung nhân sự"),  # bare note keeps the status
    ]


async def test_report_command(two_units):
    kit = two_units
    calls = await kit.send(kit.text(SNV_USER, "/baocao 7 xong đã quán triệt"))
    assert calls[0].text.splitlines()[1] == "Nhiệm vụ 7 — ✅ Hoàn thành (ghi chú: đã quán triệt)"
    assert reports_of(kit, "SNV", 7)[0].source == ReportSource.text
    assert "Cách dùng" in (await kit.send(kit.text(SNV_USER, "/baocao")))[0].text


async def test_evidence_as_reply_to_task(two_units):
    kit = two_units
    card = kit.snv_tasks[0]
    calls = await kit.send(kit.document(SNV_USER, file_name="QD-123.pdf", caption="Quyết định", reply_to=card))
    assert "minh chứng «QD-123.pdf»" in calls[0].text
    report = reports_of(kit, "SNV", 1)[-1]
    assert (report.evidence_file_id, report.evidence_name, report.note) == ("F-QD-123.pdf", "QD-123.pdf", "Quyết định")
    photo = await kit.send(kit.photo(SNV_USER, reply_to=card))
    assert "minh chứng" in photo[0].text
    bad = await kit.send(kit.document(SNV_USER, file_name="virus.exe", reply_to=card))
    assert "không được ghi nhận" in bad[0].text
    big = await kit.send(kit.document(SNV_USER, file_name="scan.pdf", size=30 * 1024 * 1024, reply_to=card))
    assert "vượt giới hạn 20 MB" in big[0].text
    lost = await kit.send(kit.document(SNV_USER, file_name="a.pdf"))
    assert "dạng trả lời vào tin nhắn nhiệm vụ" in lost[0].text
    assert len(reports_of(kit, "SNV", 1)) == 2


async def test_forged_callback_for_another_units_assignment_changes_nothing(two_units):
    kit = two_units
    htd_assignment = assignment_of(kit, "HTD", 3)
    calls = await kit.send(kit.callback(SNV_USER, SetStatus(htd_assignment.id, Status.done).pack()))
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert calls[0].params["text"].startswith("Đồng chí không có quyền") and calls[0].params["show_alert"]
    assert reports_of(kit, "HTD", 3) == [] and assignment_of(kit, "HTD", 3).status == Status.not_started
    junk = await kit.send(kit.callback(SNV_USER, "s:1:d;DROP TABLE"))
    assert "không còn hiệu lực" in junk[0].params["text"]
    missing = await kit.send(kit.callback(SNV_USER, SetStatus(999999, Status.done).pack()))
    assert missing[0].params["text"].startswith("Đồng chí không có quyền")


async def test_revoked_focal_point_button_is_refused(two_units):
    kit = two_units
    await kit.send(kit.text(ADMIN, "/revoke SNV 501"))
    card = kit.snv_tasks[0]
    calls = await kit.send(kit.callback(SNV_USER, card.buttons[0]["callback_data"], message=card))
    assert calls[0].params["text"].startswith("Đồng chí không có quyền")
    assert reports_of(kit, "SNV", 1) == []


async def test_note_too_long_is_refused_and_nothing_is_stored(two_units):
    kit = two_units
    calls = await kit.send(kit.text(SNV_USER, "3 xong " + "x" * 1001))
    assert "vượt giới hạn 1000 ký tự" in calls[0].text
    assert reports_of(kit, "SNV", 3) == []


async def test_unregistered_user_gets_the_welcome(kit):
    calls = await kit.send(kit.text(person(888), "3 xong"))
    assert "đường liên kết mời" in calls[0].text


async def test_tasks_command_resends_cards_with_status(two_units):
    kit = two_units
    await kit.send(kit.text(SNV_USER, "3 xong"))
    calls = await kit.send(kit.text(SNV_USER, "/nhiemvu"))
    assert "có 7 nhiệm vụ đang mở" in calls[0].text
    cards = task_messages(calls, 501)
    assert len(cards) == 7 and "Trạng thái của Sở Nội vụ: ✅ Hoàn thành" in cards[2].text


def test_long_text_is_split_under_the_limit():
    text = "\n\n".join(("Đoạn văn " * 60).strip() for _ in range(12))
    parts = split_message(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=200).filter(lambda t: not t.startswith("/") and t.strip()))
async def test_random_text_always_gets_an_answer(text):
    kit = await BotKit().start()
    try:
        await register(kit, "SNV", SNV_USER)
        calls = await kit.send(kit.text(SNV_USER, text))
        assert calls and calls[0].method == "sendMessage" and calls[0].chat_id == 501
        assert calls[0].text != texts.ERROR_APOLOGY
    finally:
        await kit.stop()
