"""Properties of the reader and the decision (hypothesis, issue 19): whatever the phrasing around them,
a question mark, a plan word or an exception word keeps a message from being stored at once, and no
reading ever proposes (stores or reads back) a status the text negates."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.enums import Status
from bot.domain.reply_decision import OpenTask, decide
from bot.domain.reply_reader import read_reply

TASKS = [OpenTask(n, n, Status.not_started, f"NV{n}") for n in range(1, 8)]
STATUS_PHRASES = ["xong", "đã hoàn thành", "đang làm", "đang triển khai", "vướng mắc", "chưa làm", "ht", "đg"]
NOTES = ["", "thiếu kinh phí", "đã ban hành QĐ 12/QĐ-UBND", "gửi kèm báo cáo", "ngày 5/11", "chờ Sở Tài chính"]
CLAUSE = st.builds(lambda n, status, note: f"NV{n} {status}" + (f": {note}" if note else ""),
                   st.integers(1, 7), st.sampled_from(STATUS_PHRASES), st.sampled_from(NOTES))
PLAIN = st.builds(lambda head, clauses: head + ", ".join(clauses),
                  st.sampled_from(["", "Dạ ", "Em báo cáo ", "Kính báo cáo: "]), st.lists(CLAUSE, min_size=1, max_size=3))
QUESTION_MARKS = ["?", "chưa ạ", "không ạ", "ai", "ở đâu", "bao giờ", "thế nào", "ngày mấy", "cho hỏi", "khi nào"]
HEDGES = ["sẽ", "dự kiến", "kế hoạch", "trước ngày", "chuẩn bị", "phấn đấu", "tuần sau"]
EXCEPTIONS = ["trừ", "ngoài", "còn lại", "các nhiệm vụ khác", "riêng"]
OTHERS = ["nhưng", "nhầm", "ý em là", "chắc", "à không"]  # a contrast, a correction, a guess: never plain either


def _insert(text: str, word: str, where: int) -> str:
    """`word` between two words of `text` (or at either end)."""
    words = text.split(" ")
    position = where % (len(words) + 1)
    return " ".join([*words[:position], word, *words[position:]])


def _statuses(decision) -> list[tuple[int, Status]]:
    return [(e.task.number, e.status) for e in (*decision.store, *decision.readback) if e.status is not None]


@settings(max_examples=300, deadline=None)
@given(PLAIN, st.sampled_from(QUESTION_MARKS + HEDGES + EXCEPTIONS + OTHERS), st.integers(0, 40))
def test_a_question_plan_or_exception_word_is_never_stored_at_once(text, marker, where):
    message = _insert(text, marker, where)
    reading = read_reply(message)
    assert not reading.plain, message
    assert [e for e in decide(reading, tasks=TASKS).store if e.status is not None] == [], message


@settings(max_examples=100, deadline=None)
@given(PLAIN)
def test_the_plain_forms_are_plain(text):
    """The generator's messages are the README's plain forms: stored at once (none names a task twice
    with two statuses; those are read back)."""
    reading = read_reply(text)
    numbers = [n for c in reading.clauses for n in c.numbers]
    if len(numbers) == len(set(numbers)):
        assert reading.plain, text
        assert _statuses(decide(reading, tasks=TASKS)) and not decide(reading, tasks=TASKS).readback


NEGATED = [("không", "xong", Status.done), ("chưa", "xong", Status.done), ("chưa", "hoàn thành", Status.done),
           ("ko", "vướng mắc", Status.blocked), ("không có", "khó khăn", Status.blocked),
           ("không còn", "vướng", Status.blocked), ("không phải", "đang làm", Status.in_progress),
           ("k", "xong", Status.done), ("chẳng", "vướng", Status.blocked), ("chưa thể", "hoàn thành", Status.done),
           ("chứ không phải", "xong", Status.done)]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 7), st.sampled_from(NEGATED), st.lists(CLAUSE, max_size=2), st.sampled_from(NOTES),
       st.sampled_from(["", "Dạ ", "Em báo cáo "]), st.booleans(), st.sampled_from(["", " ạ", " rồi", " nhé"]))
def test_a_reading_never_proposes_a_status_the_text_negates(number, negated, others, note, head, first, tail):
    word, phrase, status = negated
    clause = f"NV{number} {word} {phrase}{tail}" + (f", {note}" if note else "")
    others = [c for c in others if not c.startswith(f"NV{number} ")]
    message = head + ", ".join([clause, *others] if first else [*others, clause])
    proposed = _statuses(decide(read_reply(message), tasks=TASKS))
    assert (number, status) not in proposed, message
