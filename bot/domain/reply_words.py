"""The words a status reply is read with, written with their diacritics as officials write them (pure).

The lexer matches the text with diacritics folded ('Hoàn Thành' == 'hoan thanh'), but folding makes
different words collide: 'Đảng', 'đăng', 'dáng' all fold to 'dang'. So every phrase here keeps its
accented spelling, and a word of the message matches it only when it is written exactly so, or written
without any diacritics at all (a phone without a Vietnamese keyboard: 'dang lam'). A phrase marked with
'!' must be written with its diacritics ('đâu' is a question, 'dau' may be 'đầu').
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from bot.domain.enums import Status
from bot.domain.textnorm import fold


class Kind(Enum):
    __hash__ = object.__hash__  # identity, in C: the reader looks kinds up in sets for every token

    PREFIX = "prefix"
    NUMBER = "number"
    NOTE_NUMBER = "note_number"  # a date, a document number, a count: never a task (value: why)
    PERCENT = "percent"
    RANGE = "range"
    LIST = "list"
    ALL = "all"
    STATUS = "status"
    NEG_STATUS = "neg_status"  # a phrase that is itself a negated status: 'chx', 'chưa hoàn thành'
    DENIED = "denied"  # a status word a plan or a condition takes back ('sẽ hoàn thành'): never that status
    NEGATION = "negation"
    PARTIAL = "partial"
    FILLER = "filler"
    CLAUSE_END = "clause_end"
    PREPOSITION = "preposition"
    WORD = "word"
    TASK_NOUN = "task_noun"  # 'nhiệm vụ', 'việc' with no number: 'các nhiệm vụ còn lại'
    # Markers: words that make a message not plain, and change what the status words around them mean.
    HEDGE = "hedge"  # a plan, a condition, the future: status words after it (in its part) are not results
    PAST = "past"  # 'trước đây': status words after it are history, not the news
    NOW = "now"  # 'nay', 'hiện nay': ends a PAST
    RESOLVED = "resolved"  # 'đã giải quyết': the blocker of its part is gone
    QUESTION = "question"
    EXCEPT = "except"  # 'trừ', 'ngoài … ra'
    NOT_THIS = "not_this"  # 'chứ không phải NV3': the task after it is named only to be set aside
    BUT = "but"  # 'nhưng', 'tuy nhiên': what follows may qualify the status; never plain
    REST = "rest"  # 'còn lại', 'các nhiệm vụ khác'
    CORRECTION = "correction"  # 'nhầm', 'ý em là': what came before is withdrawn


MARKERS = {Kind.HEDGE, Kind.PAST, Kind.NOW, Kind.RESOLVED, Kind.QUESTION, Kind.EXCEPT, Kind.REST, Kind.CORRECTION,
           Kind.NOT_THIS, Kind.BUT}

DONE = ["hoàn thành", "hoàn tất", "xong", "xg", "xog", "ht", "done"]  # 'đã xong': a filler and 'xong'
PROGRESS = [
    "đang làm", "đang thực hiện", "đang triển khai", "đang xử lý", "đang xử lí", "đang tiến hành", "đang hoàn thiện",
    "đang xây dựng", "đang dự thảo", "đang tổng hợp", "đang trình", "đang", "đg", "dth", "đth", "tiếp tục thực hiện",
    "chưa xong hết", "in progress",
]
BLOCKED = ["gặp vướng mắc", "bị vướng mắc", "còn vướng mắc", "vướng mắc", "bị vướng", "vướng", "vm",
           "gặp khó khăn", "khó khăn", "bị tắc", "blocked"]
NOT_STARTED = ["chưa thực hiện", "chưa làm", "chưa bắt đầu", "chưa triển khai", "chưa tiến hành", "not started"]
# Negated 'done' said in one breath: 'not done yet' is not a status the office can store as such.
NOT_DONE = ["chưa hoàn thành", "chưa hoàn tất", "chưa thực hiện xong", "chưa làm xong", "chưa xong", "chx"]
NEGATIONS = ["không có", "không", "khg", "kg", "ko", "k", "hok", "chẳng", "chưa", "chưa có", "không còn"]
PARTIAL = ["một phần", "phần nào", "gần", "gần như", "hầu hết", "phần lớn", "bước đầu", "đa số"]
STRONG_PREFIXES = ["nhiệm vụ", "nhiệm v", "nvu", "nv", "task"]
WEAK_PREFIXES = ["công việc", "việc", "mục", "ý", "nội dung"]  # task prefixes only at the head of a clause
TASK_NOUNS = ["nhiệm vụ", "nv", "việc", "công việc", "nội dung"]
ALL_WORDS = ["tất cả", "toàn bộ"]

HEDGES = ["sẽ", "dự kiến", "kế hoạch", "chuẩn bị", "dự định", "phấn đấu", "sắp", "có gì", "nếu", "cố gắng",
          "hy vọng", "hi vọng", "báo sau", "đến hạn", "có lẽ", "chắc là", "hình như", "đợi", "mong muốn",
          "còn thiếu", "chỉ còn", "còn phải", "chắc", "tưởng", "coi như"]
# A time to come said of the status itself: it takes back a 'done' said before it too, unless that one is
# said to be past ('NV3 hoàn thành trước ngày 20/12', but 'NV3 đã hoàn thành trước ngày 20/12').
DEADLINES = ["trước ngày", "tuần sau", "tuần tới", "tháng sau", "tháng tới", "năm sau", "trong thời gian tới",
             "chậm nhất", "hạn chót", "cơ bản", "nữa", "trong tháng", "trong tuần", "trong quý", "trong năm",
             "vào ngày"]
PAST = ["trước đây", "trước đó", "trước", "đã từng", "lúc trước", "hôm trước"]
NOW = ["nay", "hiện nay", "bây giờ", "hiện tại", "giờ"]
RESOLVED = ["giải quyết", "tháo gỡ", "khắc phục", "hết vướng", "hết vướng mắc", "hết khó khăn", "gỡ được",
            "xử lý xong", "xử lí xong", "xử lý được", "xử lí được"]
QUESTIONS = ["hỏi", "!bao giờ", "!khi nào", "!lúc nào", "!thế nào", "!như thế nào", "!ngày mấy", "!mấy", "!ai",
             "!đâu", "!ở đâu", "!bao nhiêu", "!tại sao", "!vì sao", "!làm sao", "được không", "phải không",
             "!có phải", "!nhỉ", "!hả", "!chăng", "!liệu", "!có cần", "!nào", "!là gì", "!là sao", "!sao vậy",
             "!sao ạ", "!làm gì"]
EXCEPT = ["trừ", "ngoài", "ngoại trừ", "riêng"]
REST = ["còn lại", "khác"]
CORRECTIONS = ["nhầm", "!à không", "sửa lại", "ý em là", "ý là", "xin sửa", "đính chính", "gõ sai", "viết sai"]
BUT = ["nhưng", "nhưng mà", "tuy nhiên", "tuy vậy"]
NOT_THIS = ["chứ không phải", "chứ không phải là", "không phải là", "chứ ko phải", "chứ k phải"]

# Around a number: words that make it a date, a document, a level or a count, never a task.
NUMBER_AFTER = ["ngày", "hôm", "tháng", "năm", "tuần", "quý", "lúc", "giờ", "kế hoạch", "chỉ thị", "quyết định",
                "công văn", "văn bản", "thông báo", "báo cáo", "tờ trình", "nghị quyết", "nghị định", "thông tư",
                "mức độ", "mức", "lần", "đợt", "khóa", "khoá", "điều", "khoản", "phụ lục", "bước", "giai đoạn",
                "qđ", "kh", "cv", "tb", "bc", "nq", "ct", "tt", "đạt", "được", "gồm", "có", "thiếu", "tổ chức",
                "tập huấn", "kèm", "trên", "dưới", "hơn"]
# A count of the unit's own parts: 'xong cho 5 phòng' is some of the work, never all of it.
PARTS = ["xã", "phường", "thị trấn", "phòng", "đơn vị", "huyện", "cơ quan", "trường", "bộ phận", "thôn", "bản",
         "tổ", "khoa", "sở", "ban", "ngành", "cấp", "điểm", "phòng ban", "địa phương"]
COUNTS = ["lớp", "phần mềm", "cán bộ", "người", "hồ sơ", "thủ tục", "văn bản", "cuộc", "buổi", "lượt", "bài",
          "tài liệu", "dịch vụ", "hội nghị", "lần", "đợt", "ngày", "tháng", "năm", "tuần", "tiết", "chỉ tiêu", "tỷ",
          "tỉ", "triệu", "nghìn", "ngàn", "đồng", "trang", "bộ", "thủ tục hành chính", "tthc", "công chức", "viên chức",
          "mô hình", "kỳ", "cuộc họp", "hộ", "bản sao", "bước", "quy trình", "tin", "bài viết", "video", "máy",
          "chiếc", "nội dung", "mục", "ý", "việc", "nhiệm vụ"]


def phrases(words: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...], bool]]:
    """(folded key, accented words, accents required) of each phrase."""
    found = []
    for phrase in words:
        strict = phrase.startswith("!")
        accented = tuple(phrase.lstrip("!").split())
        found.append((tuple(fold(w) for w in accented), accented, strict))
    return found


def spelled(written: str, accented: str, strict: bool) -> bool:
    """A word as written (lower case) is the accented word: the same letters and marks, or (not `strict`)
    no diacritics at all."""
    return written == accented or (not strict and written.isascii())


STATUS_PHRASES: list[tuple[list[str], Kind, Status | None]] = [
    (NEGATIONS, Kind.NEGATION, None), (DONE, Kind.STATUS, Status.done),
    (PROGRESS, Kind.STATUS, Status.in_progress), (BLOCKED, Kind.STATUS, Status.blocked),
    (NOT_STARTED, Kind.STATUS, Status.not_started), (NOT_DONE, Kind.NEG_STATUS, Status.done),
    (PARTIAL, Kind.PARTIAL, None), (HEDGES, Kind.HEDGE, None), (DEADLINES, Kind.HEDGE, None), (PAST, Kind.PAST, None), (NOW, Kind.NOW, None),
    (RESOLVED, Kind.RESOLVED, None), (QUESTIONS, Kind.QUESTION, None), (EXCEPT, Kind.EXCEPT, None),
    (REST, Kind.REST, None), (CORRECTIONS, Kind.CORRECTION, None), (NOT_THIS, Kind.NOT_THIS, None),
    (BUT, Kind.BUT, None),
]

DEADLINE_KEYS = {" ".join(fold(w) for w in phrase.split()) for phrase in DEADLINES}


class Written:
    """How piece i was written, in lower case; sliced only when asked (most words never are)."""

    def __init__(self, raw, original: str):
        lowered = original.lower()
        self.raw, self.original = raw, original
        self.lowered = lowered if len(lowered) == len(original) else None  # 'İ' lowers to two characters

    def __getitem__(self, i: int) -> str:
        _, start, end, _ = self.raw[i]
        return self.lowered[start:end] if self.lowered is not None else self.original[start:end].lower()


# Zero-width and bidirectional control characters: invisible, and able to reorder what the office reads.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


def clean_text(text: str) -> str:
    """NFC, without invisible and bidirectional control characters (before anything is stored or shown)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))


FILLERS = {
    "da", "a", "ah", "roi", "nhe", "nha", "ne", "thi", "la", "cung", "deu", "duoc", "dc", "em", "xin", "bao",
    "cao", "kinh", "gui", "thua", "don", "vi", "cac", "so", "tu", "co", "gi", "het", "hien", "thuc", "lam",
    "cua", "minh", "ben", "voi", "nay", "ok", "vang", "anh", "chi", "oi", "tinh", "trang", "nhung", "con",
    "the", "phai", "moi", "hon", "khoang", "r", "chu",
}
