"""The reply reader and the decision, as pure functions (no Telegram, no database)."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.enums import Status
from bot.domain.reply_decision import AskStatus, AskTask, OpenTask, decide
from bot.domain.reply_reader import MAX_TASKS, MAX_TEXT_CHARS, clean_text, read_reply

D, P, B, N = Status.done, Status.in_progress, Status.blocked, Status.not_started
TASKS = [OpenTask(100 + n, n, N, f"NV{n}") for n in range(1, 8)]


def clauses(text, **kw):
    return [(list(c.numbers), c.all_tasks, c.status, c.unsure, c.note) for c in read_reply(text, **kw).clauses]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3 xong", [([3], False, D, False, None)]),
        ("Nhiệm vụ 3: đã hoàn thành, đã ban hành QĐ 123/QĐ-SNV", [([3], False, D, False, "đã ban hành QĐ 123/QĐ-SNV")]),
        ("NV5 đang làm 60%", [([5], False, P, False, "60%")]),
        ("5 đạt 80%", [([5], False, P, False, "đạt 80%")]),
        ("3 xong một phần", [([3], False, P, False, "xong một phần")]),
        ("4 vướng mắc: thiếu kinh phí", [([4], False, B, False, "thiếu kinh phí")]),
        ("NV4 gặp khó khăn về kinh phí", [([4], False, B, False, "gặp khó khăn về kinh phí")]),
        ("4 bị vướng, chờ ý kiến Sở Tài chính", [([4], False, B, False, "chờ ý kiến Sở Tài chính")]),
        ("3 chưa xong", [([3], False, None, True, None)]),
        ("4 không vướng mắc, đã xong", [([4], False, D, False, None)]),
        ("NV1 xong; NV2 đang triển khai; NV5 vướng: thiếu kinh phí",
         [([1], False, D, False, None), ([2], False, P, False, None), ([5], False, B, False, "thiếu kinh phí")]),
        ("từ NV3 đến NV5 xong", [([3, 4, 5], False, D, False, None)]),
        ("cả 7 nhiệm vụ đều xong", [([], True, D, False, None)]),
        ("3", [([3], False, None, False, None)]),
        ("xong rồi", [([], False, D, False, None)]),
        ("đã trình lãnh đạo ký", [([], False, None, False, "đã trình lãnh đạo ký")]),
        # A number in the middle of a note is the note's; a dated document number is never a task.
        ("4 vướng mắc: thiếu 2 cán bộ", [([4], False, B, False, "thiếu 2 cán bộ")]),
        ("15/12/2020", [([], False, None, False, "15/12/2020")]),
    ],
)
def test_reading_table(text, expected):
    assert clauses(text) == expected


def test_notes_keep_their_own_marks_and_lose_invisible_characters():
    assert clauses("4 vướng mắc: -Thiếu kinh phí (theo QĐ 12)!")[0][4] == "-Thiếu kinh phí (theo QĐ 12)!"
    hidden = "4 vướng mắc: thiếu\u200b kinh\u202e phí\ufeff"
    assert clauses(hidden)[0][4] == "thiếu kinh phí"
    assert clean_text("a\u2066b\u2069c") == "abc"
    nfd = unicodedata.normalize("NFD", "4 vướng mắc: thiếu kinh phí")
    assert clauses(nfd)[0][4] == "thiếu kinh phí"


def test_a_reply_to_a_task_message_reads_bare_numbers_as_the_note():
    assert clauses("123/QĐ-SNV đã ban hành", with_numbers=False) == [([], False, None, False, "123/QĐ-SNV đã ban hành")]
    assert clauses("3 văn bản đã xong", with_numbers=False) == [([], False, D, False, "3 văn bản đã xong")]
    assert clauses("NV4 xong", with_numbers=False) == [([4], False, D, False, None)]  # a named task stays named


def test_limits_are_refused_without_reading():
    assert read_reply("x" * (MAX_TEXT_CHARS + 1)).too_long
    many = ",".join(str(n) for n in range(1, MAX_TASKS + 2)) + " xong"
    assert read_reply(many).too_many
    assert read_reply("1-50,51-100,101-150 xong").too_many


def test_decision_named_task_beats_the_waiting_one():
    decision = decide(read_reply("Nhiệm vụ số 6 đã xong"), tasks=TASKS, waiting=102)
    assert [(e.task.number, e.status) for e in decision.store] == [(6, D)]
    note = decide(read_reply("thiếu kinh phí"), tasks=TASKS, waiting=102)
    assert [(e.task.number, e.status, e.note) for e in note.store] == [(2, None, "thiếu kinh phí")]


def test_decision_asks_instead_of_guessing():
    unknown = decide(read_reply("9 xong"), tasks=TASKS)
    assert not unknown.store and isinstance(unknown.question, AskTask) and unknown.question.unknown == (9,)
    bare = decide(read_reply("3 đã ban hành kế hoạch"), tasks=TASKS)
    assert not bare.store and isinstance(bare.question, AskStatus)
    assert bare.question.note == "đã ban hành kế hoạch" and [t.number for t in bare.question.tasks] == [3]
    denied = decide(read_reply("chưa xong"), tasks=TASKS)
    assert not denied.store and isinstance(denied.question, AskStatus) and denied.question.negated
    which = decide(read_reply("xong rồi"), tasks=TASKS)
    assert not which.store and isinstance(which.question, AskTask)
    only = decide(read_reply("xong rồi"), tasks=TASKS[:1])
    assert [(e.task.number, e.status) for e in only.store] == [(1, D)]


def test_decision_all_open_tasks_skips_finished_ones():
    tasks = [OpenTask(t.assignment_id, t.number, D if t.number == 2 else N, t.label) for t in TASKS]
    decision = decide(read_reply("tất cả đang làm"), tasks=tasks)
    assert [e.task.number for e in decision.store] == [1, 3, 4, 5, 6, 7]


# -- properties ----------------------------------------------------------------------------------------
WORDS = ["xong", "hoàn thành", "đang làm", "vướng mắc", "chưa", "không", "ko", "k", "NV", "nhiệm vụ", "3", "4",
         ",", ";", ":", "-", "đến", "và", "tất cả", "%", "60", "một phần", "rồi", "ạ", "thiếu kinh phí", "ht", "đg",
         "chx", "\n", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join) | st.text(max_size=300))
def test_reader_never_raises_and_stays_within_its_limits(text):
    reading = read_reply(text)
    for clause in reading.clauses:
        assert all(1 <= n or n == 0 for n in clause.numbers)
        assert len(clause.numbers) <= MAX_TASKS
        assert clause.note is None or clause.note.strip() == clause.note and clause.note
    decide(reading, tasks=TASKS)


NEGATIONS = ["không", "ko", "k", "chưa", "không có", "chưa thể"]
STATUS_WORDS = {D: ["xong", "hoàn thành", "ht", "hoàn tất"], B: ["vướng mắc", "vướng", "khó khăn"],
                P: ["đang làm", "đang thực hiện"]}


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 7), st.sampled_from(NEGATIONS), st.sampled_from(sorted(STATUS_WORDS)),
       st.data(), st.sampled_from(["", "ạ", "rồi", "nhé", ", thiếu kinh phí"]))
def test_a_negated_status_is_never_the_status_read(number, negation, status, data, tail):
    word = data.draw(st.sampled_from(STATUS_WORDS[status]))
    prefix = data.draw(st.sampled_from(["", "NV", "Nhiệm vụ ", "Em báo cáo nhiệm vụ "]))
    text = f"{prefix}{number} {negation} {word} {tail}".strip()
    for clause in read_reply(text).clauses:
        assert clause.status != status, text
    decision = decide(read_reply(text), tasks=TASKS)
    assert all(e.status != status for e in decision.store), text
