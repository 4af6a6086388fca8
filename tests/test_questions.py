"""Questions go to the office, never into a report (issue 19), through the real handlers: the post in the
office chat names the unit, the person and the task; an office member's reply (or the 'Trả lời' button)
reaches the official through the outbox, quoting the question; /hoidap lists what is open; both directions
are audited; the Mini App's unit JSON lists them."""

from sqlmodel import select

from bot import texts
from bot.domain.enums import Status
from bot.webapp.views import unit_json
from db.models import AuditLog, OfficeQuestion
from tests.helpers import ADMIN, assignment_of, register, reports_of
from tests.kit import OFFICE_CHAT_ID, TZ, person

SNV = person(501, "Nguyễn Văn A")
QUESTION = "Cho hỏi nhiệm vụ 5 hạn đến bao giờ ạ"


async def test_a_question_reaches_the_office_and_the_answer_reaches_the_official(kit):
    await register(kit, "SNV", SNV)
    calls = await kit.send(kit.text(SNV, QUESTION))
    assert calls[0].chat_id == SNV["id"] and calls[0].text == texts.QUESTION_FORWARDED
    post = next(c for c in calls if c.chat_id == OFFICE_CHAT_ID)
    assert "Sở Nội vụ" in post.text and "Nguyễn Văn A" in post.text and "(Nhiệm vụ 5)" in post.text
    assert QUESTION in post.text and [b["text"] for b in post.buttons] == [texts.QUESTION_ANSWER_BUTTON]
    assert all(reports_of(kit, "SNV", n) == [] for n in range(1, 8))  # a question is never a report
    listed = (await kit.send(kit.text(ADMIN, "/hoidap")))[0].text
    assert "Sở Nội vụ" in listed and QUESTION in listed

    office = person(ADMIN["id"], "Trần Thị B")
    answer = await kit.send(kit.text(office, "Hạn là ngày 31/12/2020 đồng chí nhé", chat_id=OFFICE_CHAT_ID,
                                     reply_to=post))
    delivered = next(c for c in answer if c.chat_id == SNV["id"])
    assert delivered.text.startswith("💬 Văn phòng CCHC trả lời câu hỏi của đồng chí:")
    assert f"«{QUESTION}»" in delivered.text and "Hạn là ngày 31/12/2020 đồng chí nhé" in delivered.text
    assert any(c.chat_id == OFFICE_CHAT_ID and "Đã gửi câu trả lời" in c.text for c in answer)
    assert (await kit.send(kit.text(ADMIN, "/hoidap")))[0].text == texts.QUESTIONS_NONE
    log = (await kit.send(kit.text(ADMIN, "/nhatky")))[0].text
    assert "đơn vị hỏi Văn phòng" in log and "Văn phòng trả lời câu hỏi" in log and "câu hỏi số 1" in log
    with kit.session() as session:
        actions = session.exec(select(AuditLog.action).where(AuditLog.action.like("question.%"))
                               .order_by(AuditLog.id)).all()
        assert actions == ["question.ask", "question.answer"]
        assert unit_json(session, unit_code="SNV", tz=TZ)["questions"][0]["answered"] is True


async def test_the_answer_button_prompts_and_a_reply_to_the_prompt_answers(kit):
    await register(kit, "SNV", SNV)
    calls = await kit.send(kit.text(SNV, "NV3 có cần gửi bản giấy không ạ"))
    post = next(c for c in calls if c.chat_id == OFFICE_CHAT_ID)
    with kit.session() as session:
        assert unit_json(session, unit_code="SNV", tz=TZ)["questions"][0]["answered"] is False
    pressed = await kit.send(kit.callback(ADMIN, post.buttons[0]["callback_data"], message=post))
    prompt = next(c for c in pressed if c.method == "sendMessage")
    assert "trả lời câu hỏi số" in prompt.text
    answer = await kit.send(kit.text(ADMIN, "Không cần bản giấy ạ", reply_to=prompt))
    delivered = next(c for c in answer if c.chat_id == SNV["id"])
    assert "«NV3 có cần gửi bản giấy không ạ»" in delivered.text and "Không cần bản giấy ạ" in delivered.text
    with kit.session() as session:
        question = session.exec(select(OfficeQuestion)).one()
        assert question.answer == "Không cần bản giấy ạ" and question.answered_by == ADMIN["id"]


async def test_only_office_members_answer(kit):
    await register(kit, "SNV", SNV)
    post = next(c for c in await kit.send(kit.text(SNV, QUESTION)) if c.chat_id == OFFICE_CHAT_ID)
    stranger = person(777, "Người lạ")
    calls = await kit.send(kit.text(stranger, "trả lời bừa", chat_id=OFFICE_CHAT_ID, reply_to=post))
    assert calls[0].text == texts.QUESTION_NOT_OFFICE and not any(c.chat_id == SNV["id"] for c in calls)
    with kit.session() as session:
        assert session.exec(select(OfficeQuestion.answered_at)).one() is None


async def test_a_report_that_also_asks_reads_back_the_report_and_routes_the_question(kit):
    await register(kit, "SNV", SNV)
    text = "NV3 hoàn thành rồi, nhưng có cần bổ sung minh chứng không ạ?"
    calls = await kit.send(kit.text(SNV, text))
    readback = calls[0]
    assert readback.text.splitlines()[:2] == [texts.READBACK_HEADER, "Nhiệm vụ 3 — ✅ Hoàn thành"]
    assert calls[1].text == texts.QUESTION_FORWARDED
    assert any(c.chat_id == OFFICE_CHAT_ID and text in c.text for c in calls)
    confirm = next(b["callback_data"] for b in readback.buttons if b["callback_data"].endswith(":y"))
    await kit.send(kit.callback(SNV, confirm, message=readback))
    assert [r.status for r in reports_of(kit, "SNV", 3)] == [Status.done]
    assert assignment_of(kit, "SNV", 3).status == Status.done
