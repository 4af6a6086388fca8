import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.directive_parser import DirectiveParseError, parse_directive
from bot.operations.seed import bundled_text


def test_seed_gives_exactly_the_seven_numbered_tasks():
    tasks = parse_directive(bundled_text("directive-2410-UBND-KSTT-2020.txt").decode())
    assert [t.number for t in tasks] == [1, 2, 3, 4, 5, 6, 7]
    assert tasks[0].text.startswith("Tiếp tục tăng cường công tác lãnh đạo")
    assert tasks[2].text == (
        "Thực hiện phân bổ biên chế cụ thể cho các phòng, ban, đơn vị trực thuộc đảm bảo không vượt biên chế "
        "so với UBND tỉnh giao và kịp thời sửa đổi, bổ sung quyết định phân bổ biên chế của các phòng, ban, "
        "đơn vị trực thuộc khi có sự thay đổi."
    )
    assert tasks[4].text.startswith("Tiếp tục đẩy mạnh ứng dụng công nghệ thông tin")  # '5.Tiếp tục'
    assert tasks[6].text.endswith("hoặc có hành vi vi phạm kỷ luật – kỷ cương hành chính.")
    assert all("Tin liên quan" not in t.text for t in tasks)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1. Một\n2. Hai\n3. Ba", ["Một", "Hai", "Ba"]),
        ("1) Một\n2) Hai", ["Một", "Hai"]),
        ("Mở đầu.\r\n\r\n1.Một\r\n\r\n2.Hai\r\n\r\nNơi nhận:\r\n- Như trên", ["Một", "Hai"]),
        ("   1.   Một   việc  \n\n\n  2 .  Hai việc\n", ["Một việc", "Hai việc"]),
        ("1. Một dòng\ntiếp dòng\n\nđoạn thêm của mục 1\n\n2. Hai\n\nKý tên", ["Một dòng tiếp dòng\nđoạn thêm của mục 1", "Hai"]),
        ("Ngày 28/10/2020 UBND tỉnh\n1. Giá 1.5 triệu đồng\n2. Hai", ["Giá 1.5 triệu đồng", "Hai"]),
        ("\ufeff1. Có BOM\n2. Hai", ["Có BOM", "Hai"]),
        ("1.\u00a0Khoảng trắng cứng\n2. Hai", ["Khoảng trắng cứng", "Hai"]),
    ],
)
def test_other_shapes(text, expected):
    assert [t.text for t in parse_directive(text)] == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("Không có danh sách nào ở đây.", "Không tìm thấy danh sách"),
        ("", "Không tìm thấy danh sách"),
        ("1. Một\n2. Hai\n4. Bốn", "Dòng 3: đánh số bị nhảy"),
        ("1. Một\n1. Lại một", "danh sách đánh số thứ hai"),
        ("1. Một\n3. Ba", "thiếu mục 2"),
    ],
)
def test_errors_name_the_problem_and_never_return_a_partial_list(text, fragment):
    with pytest.raises(DirectiveParseError) as info:
        parse_directive(text)
    assert fragment in str(info.value)


@given(st.text())
def test_parser_raises_only_its_own_error(text):
    try:
        tasks = parse_directive(text)
    except DirectiveParseError:
        return
    assert [t.number for t in tasks] == list(range(1, len(tasks) + 1))
