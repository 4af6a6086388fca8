"""A directive sent to the bot as a file: a preview with ✅ Lưu / ✖ Hủy, nothing saved before ✅, and the
pending preview kept in the database (a restart between the preview and the button loses nothing)."""

import pytest
from sqlmodel import select

from bot import texts
from bot.testing.directive_docs import directive_2410, letter_without_tasks, write_docx
from db.models import Assignment, Directive
from tests.conftest import fresh_engine
from tests.helpers import ADMIN
from tests.kit import BotKit, person


async def upload(kit, user, path, caption="/vanban"):
    content = path.read_bytes()
    kit.api.uploads[f"F-{path.name}"] = content
    return await kit.send(kit.document(user, file_name=path.name, size=len(content), caption=caption))


def numbers(kit) -> set[str]:
    with kit.session() as session:
        return set(session.exec(select(Directive.number)))


@pytest.fixture
def word_2410(tmp_path):
    return write_docx(directive_2410(), tmp_path / "cv-2410.docx")


async def test_preview_then_save_survives_a_restart(backend, tmp_path, word_2410):
    engine = fresh_engine(backend)
    first = await BotKit(engine=engine).start()
    calls = await upload(first, ADMIN, word_2410, "/vanban 2412/UBND-KSTT")
    preview = "\n".join(c.text for c in calls)
    assert "Văn bản số 2412/UBND-KSTT ngày 28/10/2020" in preview and "Cơ quan ban hành: UBND tỉnh Lai Châu" in preview
    assert "7 nhiệm vụ:" in preview and "Đọc từ: Word (.docx)" in preview and "7. Quán triệt" in preview
    buttons = calls[-1].buttons
    assert [b["text"] for b in buttons] == ["✅ Lưu", "✖ Hủy"]
    assert "2412/UBND-KSTT" not in numbers(first)  # nothing saved before ✅
    await first.stop()

    second = await BotKit(engine=engine, seed=False).start()  # a restart: a new process on the same database
    stranger = await second.send(second.callback(person(999), buttons[0]["callback_data"], message=calls[-1]))
    assert [c.text for c in stranger if c.method == "answerCallbackQuery"] == [texts.NOT_ADMIN]
    assert "2412/UBND-KSTT" not in numbers(second)
    saved = await second.send(second.callback(ADMIN, buttons[0]["callback_data"], message=calls[-1]))
    assert any("Đã nhập văn bản 2412/UBND-KSTT ngày 28/10/2020 với 7 nhiệm vụ, giao cho 28 đơn vị" in c.text
               for c in saved)
    with second.session() as session:
        directive = session.exec(select(Directive).where(Directive.number == "2412/UBND-KSTT")).one()
        assert directive.issuer == "UBND tỉnh Lai Châu" and directive.title.startswith("Về việc chấn chỉnh")
        assert len(session.exec(select(Assignment)).all()) == 2 * 28 * 7
    again = await second.send(second.callback(ADMIN, buttons[0]["callback_data"], message=calls[-1]))
    assert any("đã hết hạn hoặc đã được xử lý" in c.text for c in again)
    await second.stop()
    engine.dispose()


async def test_cancel_saves_nothing_and_a_newer_upload_replaces_the_preview(kit, word_2410):
    older = await upload(kit, ADMIN, word_2410, "/vanban 2413/UBND-KSTT")
    newer = await upload(kit, ADMIN, word_2410, "/vanban 2414/UBND-KSTT 30/10/2020")
    assert "Văn bản số 2414/UBND-KSTT ngày 30/10/2020" in "\n".join(c.text for c in newer)
    stale = await kit.send(kit.callback(ADMIN, older[-1].buttons[0]["callback_data"], message=older[-1]))
    assert any("đã hết hạn hoặc đã được xử lý" in c.text for c in stale)
    cancelled = await kit.send(kit.callback(ADMIN, newer[-1].buttons[1]["callback_data"], message=newer[-1]))
    assert any("Đã hủy, hệ thống không nhập văn bản 2414/UBND-KSTT." in c.text for c in cancelled)
    assert not {"2413/UBND-KSTT", "2414/UBND-KSTT"} & numbers(kit)


async def test_an_upload_of_a_letter_without_tasks_is_refused(kit, tmp_path):
    letter = write_docx(letter_without_tasks(), tmp_path / "moi-hop.docx")
    calls = await upload(kit, ADMIN, letter)
    assert "không có danh sách nhiệm vụ đánh số" in calls[-1].text and not calls[-1].buttons
    assert "15/SNV-CCHC" not in numbers(kit)


async def test_the_bundled_directive_again_is_refused_before_any_preview(kit, word_2410):
    calls = await upload(kit, ADMIN, word_2410)
    assert calls[-1].text == "Văn bản 2410/UBND-KSTT đã có trong hệ thống; không nhập lại."
