import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reply_parser import parse_status_reply
from db.models import Status

D, P, B, N = Status.done, Status.in_progress, Status.blocked, Status.not_started


@pytest.mark.parametrize(
    "text, numbers, status, note",
    [
        ("3 xong", (3,), D, None),
        ("NV3 hoàn thành", (3,), D, None),
        ("nv 3 hoan thanh", (3,), D, None),
        ("NV 3 HOÀN THÀNH", (3,), D, None),
        ("Nhiệm vụ 3: đã hoàn thành, đã ban hành QĐ 123/QĐ-SNV", (3,), D, "đã ban hành QĐ 123/QĐ-SNV"),
        ("nhiem vu 3 da hoan thanh", (3,), D, None),
        ("5 đang làm 60%", (5,), P, "60%"),
        ("5 dang thuc hien", (5,), P, None),
        ("NV5 đang làm", (5,), P, None),
        ("4 vướng mắc: thiếu kinh phí", (4,), B, "thiếu kinh phí"),
        ("4 vuong mac: thieu kinh phi", (4,), B, "thieu kinh phi"),
        ("4 kho khan", (4,), B, None),
        ("4 - Khó khăn về nhân sự", (4,), B, "về nhân sự"),
        ("2 chưa", (2,), N, None),
        ("2 chưa xong", (2,), N, None),
        ("3 chưa hoàn thành", (3,), N, None),
        ("1,2 xong", (1, 2), D, None),
        ("1, 2 và 3 xong", (1, 2, 3), D, None),
        ("1-3 xong", (1, 2, 3), D, None),
        ("xong", (), D, None),
        ("Đã hoàn thành", (), D, None),
        ("3", (3,), None, None),
        ("3 em báo cáo đã xong", (3,), D, "em báo cáo đã xong"),
        ("chào anh", (), None, "chào anh"),
    ],
)
def test_reply_table(text, numbers, status, note):
    parsed = parse_status_reply(text)
    assert (parsed.numbers, parsed.status, parsed.note) == (numbers, status, note)


def test_reply_to_a_task_message_keeps_leading_numbers_in_the_note():
    parsed = parse_status_reply("123/QĐ-SNV đã ban hành", with_numbers=False)
    assert parsed.numbers == () and parsed.status is None and parsed.note == "123/QĐ-SNV đã ban hành"


def test_decomposed_unicode_is_understood():
    import unicodedata

    parsed = parse_status_reply(unicodedata.normalize("NFD", "4 vướng mắc: thiếu kinh phí"))
    assert parsed.status == B and parsed.note == "thiếu kinh phí"


@given(st.text(max_size=300))
def test_never_raises(text):
    parsed = parse_status_reply(text)
    assert all(isinstance(n, int) for n in parsed.numbers)
