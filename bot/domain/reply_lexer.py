"""The words of a status reply: folded text cut into tokens (task prefixes, numbers, status phrases,
negations, separators), Telex leftovers and shorthands included (pure).

One C-speed regular expression cuts the text into pieces; phrases are then found word by word with
dictionaries, so the work stays linear (a 4,000-character message in about a millisecond).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from bot.domain.enums import Status

# Zero-width and bidirectional control characters: invisible, and able to reorder what the office reads.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


def clean_text(text: str) -> str:
    """NFC, without invisible and bidirectional control characters (before anything is stored or shown)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))


class Kind(Enum):
    PREFIX = "prefix"
    NUMBER = "number"
    PERCENT = "percent"
    RANGE = "range"
    LIST = "list"
    ALL = "all"
    STATUS = "status"
    NEG_STATUS = "neg_status"  # a phrase that is itself a negated status: 'chx', 'chưa hoàn thành'
    NEGATION = "negation"
    PARTIAL = "partial"
    FILLER = "filler"
    CLAUSE_END = "clause_end"
    PREPOSITION = "preposition"
    WORD = "word"


_DONE = ["hoan thanh", "hoan tat", "xong", "xg", "xog", "ht", "done", "da xong"]
_PROGRESS = [
    "dang lam", "dang thuc hien", "dang trien khai", "dang xu ly", "dang tien hanh", "dang hoan thien",
    "dang xay dung", "dang du thao", "dang tong hop", "dang trinh", "dang", "dg", "dth", "tiep tuc thuc hien",
    "chua xong het", "in progress",
]
_BLOCKED = ["gap vuong mac", "bi vuong mac", "con vuong mac", "vuong mac", "bi vuong", "vuong", "vm",
            "gap kho khan", "kho khan", "bi tac", "blocked"]
_NOT_STARTED = ["chua thuc hien", "chua lam", "chua bat dau", "chua trien khai", "chua tien hanh",
                "not started"]
# Negated 'done' said in one breath: 'not done yet' is not a status the office can store as such.
_NOT_DONE = ["chua hoan thanh", "chua hoan tat", "chua thuc hien xong", "chua lam xong", "chua xong", "chx"]
_NEGATIONS = ["khong co", "khong", "khg", "kg", "ko", "k", "hok", "chang", "chua", "chua co"]
_PARTIAL = ["mot phan", "1 phan", "phan nao"]
_PREFIXES = ["nhiem vu", "nhiem v", "nvu", "nv", "cong viec", "viec", "muc", "y", "noi dung", "task"]
_ALL_NOUNS = ["nhiem vu", "nv", "viec", "cong viec", "noi dung"]
FILLERS = {
    "da", "a", "ah", "roi", "nhe", "nha", "ne", "thi", "la", "cung", "deu", "duoc", "dc", "em", "xin", "bao",
    "cao", "kinh", "gui", "thua", "don", "vi", "cac", "so", "tu", "co", "gi", "het", "hien", "thuc", "lam",
    "cua", "minh", "ben", "voi", "nay", "ok", "vang", "anh", "chi", "oi", "tinh", "trang", "nhung", "con",
    "the", "phai", "moi", "hon", "khoang",
}
_PREPOSITIONS = {"ve", "do", "vi", "o", "tai", "trong", "boi"}  # not "cho": chờ folds to it

_PHRASES: dict[tuple[str, ...], tuple[Kind, Status | None]] = {
    **{tuple(p.split()): (Kind.NEGATION, None) for p in _NEGATIONS},
    **{tuple(p.split()): (Kind.STATUS, Status.done) for p in _DONE},
    **{tuple(p.split()): (Kind.STATUS, Status.in_progress) for p in _PROGRESS},
    **{tuple(p.split()): (Kind.STATUS, Status.blocked) for p in _BLOCKED},
    **{tuple(p.split()): (Kind.STATUS, Status.not_started) for p in _NOT_STARTED},
    **{tuple(p.split()): (Kind.NEG_STATUS, Status.done) for p in _NOT_DONE},
    **{tuple(p.split()): (Kind.PARTIAL, None) for p in _PARTIAL},
}
_PREFIX_WORDS = {tuple(p.split()) for p in _PREFIXES}
_NOUN_WORDS = {tuple(p.split()) for p in _ALL_NOUNS}
_LONGEST_FROM: dict[str, int] = {}  # first word -> its longest phrase, in words
for _key in _PHRASES:
    _LONGEST_FROM[_key[0]] = max(_LONGEST_FROM.get(_key[0], 0), len(_key))
_FIRST_WORDS = {key[0] for key in _PHRASES} | {key[0] for key in _PREFIX_WORDS} | {"tat", "toan", "ca", "den", "toi",
                                                                                 "va", "voi"}
_VOCABULARY = {w for key in [*_PHRASES, *_PREFIX_WORDS] for w in key} | {
    "den", "toi", "va", "voi", "tat", "ca", "toan", "bo", "cac", "so", "thu", "phan"}
_RAW = re.compile(
    r"(?P<percent>\d{1,3}(?:[.,]\d+)?\s*%)"
    r"|(?P<docnum>\d+(?:/[\w-]+|\.\d+)+)"  # 123/QĐ-UBND, 15/12/2020, 1.5: note text, never a task
    r"|(?P<num>\d+)"
    r"|(?P<word>[a-z]+)"
    r"|(?P<end>[;\n!?]|\.(?!\d))"
    r"|(?P<list>[,&+])"
    r"|(?P<dash>[-–—~])"
    r"|(?P<mark>[:#])"
)


@dataclass(slots=True)
class Token:
    kind: Kind
    start: int
    end: int
    value: object = None


_WORDS: dict[str, str] = {}


def _word(word: str) -> str:
    """A word as the vocabulary knows it, Telex leftovers removed: 'hoanf' -> 'hoan', 'ddax' -> 'da'."""
    found = _WORDS.get(word)
    if found is None:
        found = _telex(word)
        if len(_WORDS) < 50_000:  # bounded: strangers' texts never reach the reader, but still
            _WORDS[word] = found
    return found


def _telex(word: str) -> str:
    if word in _VOCABULARY:
        return word
    if word.startswith("dd"):
        word = word[1:]
    if word not in _VOCABULARY and len(word) > 1 and word[-1] in "fsrxj" and word[:-1] in _VOCABULARY:
        word = word[:-1]
    return word


def lex(folded: str) -> list[Token]:
    raw = [(m.lastgroup, *m.span(), m.group()) for m in _RAW.finditer(folded)]
    words = [_word(text) if kind == "word" else None for kind, _, _, text in raw]

    # joined[j]: piece j is a word that follows the word j-1 after spaces only (one phrase may span them)
    joined = [False] + [raw[j][0] == "word" and raw[j - 1][0] == "word" and folded[raw[j - 1][2]:raw[j][1]].isspace()
                        for j in range(1, len(raw))]

    def run(i: int, length: int) -> tuple[str, ...] | None:
        """`length` words from raw piece i, separated by spaces only."""
        if i + length > len(raw) or raw[i][0] != "word":
            return None
        for j in range(i + 1, i + length):
            if not joined[j]:
                return None
        return tuple(words[i:i + length])

    def number_follows(i: int) -> int | None:
        """Index of the number after an optional task prefix ('NV số 3', 'nhiệm vụ thứ 3:'), or None."""
        j = i
        for length in (2, 1):
            if run(j, length) in _PREFIX_WORDS:
                j += length
                break
        if j < len(raw) and raw[j][0] == "word" and words[j] in ("so", "thu") and j > i:
            j += 1
        while j < len(raw) and raw[j][0] == "mark":
            j += 1
        return j if j < len(raw) and raw[j][0] == "num" and len(raw[j][3]) <= 9 else None

    tokens: list[Token] = []
    i = 0
    while i < len(raw):
        kind, start, end, text = raw[i]
        if kind == "percent":
            tokens.append(Token(Kind.PERCENT, start, end, float(re.sub(r"[^0-9.,]", "", text).replace(",", "."))))
        elif kind == "num":
            if len(text) > 9:
                tokens.append(Token(Kind.WORD, start, end))
            elif i + 1 < len(raw) and words[i + 1] == "phan" and folded[end:raw[i + 1][1]].isspace():
                tokens.append(Token(Kind.PARTIAL, start, raw[i + 1][2]))  # '1 phần'
                i += 1
            else:
                tokens.append(Token(Kind.NUMBER, start, end, int(text)))
        elif kind == "docnum":
            tokens.append(Token(Kind.WORD, start, end))
        elif kind == "end":
            tokens.append(Token(Kind.CLAUSE_END, start, end))
        elif kind == "list":
            tokens.append(Token(Kind.LIST, start, end))
        elif kind == "dash":
            if number_follows(i + 1) is not None:
                tokens.append(Token(Kind.RANGE, start, end))
        elif kind == "word":
            step = _word_token(tokens, raw, words, run, number_follows, i)
            i += step
            continue
        i += 1
    return tokens


def _word_token(tokens, raw, words, run, number_follows, i: int) -> int:
    """Append the token that starts with word i; return how many raw pieces it took."""
    start = raw[i][1]
    word = words[i]
    if word not in _FIRST_WORDS:  # most words of a note: nothing to look up
        kind = Kind.PREPOSITION if word in _PREPOSITIONS else Kind.FILLER if word in FILLERS else Kind.WORD
        tokens.append(Token(kind, start, raw[i][2]))
        return 1
    found = number_follows(i)
    if found is not None and found > i:
        tokens.append(Token(Kind.PREFIX, start, raw[found - 1][2]))
        return found - i
    if run(i, 2) in (("tat", "ca"), ("toan", "bo")) or (word == "ca" and (
            (i + 1 < len(raw) and raw[i + 1][0] == "num" and any(run(i + 2, n) in _NOUN_WORDS for n in (2, 1)))
            or any(run(i + 1, n) in _NOUN_WORDS for n in (2, 1)))):
        j = i + (1 if word == "ca" else 2)
        if j < len(raw) and raw[j][0] == "num" and len(raw[j][3]) <= 2:
            j += 1
        if run(j, 1) == ("cac",):
            j += 1
        for length in (2, 1):
            if run(j, length) in _NOUN_WORDS:
                j += length
                break
        tokens.append(Token(Kind.ALL, start, raw[j - 1][2]))
        return j - i
    if word in ("den", "toi") and number_follows(i + 1) is not None:
        tokens.append(Token(Kind.RANGE, start, raw[i][2]))
        return 1
    if word in ("va", "voi"):
        tokens.append(Token(Kind.LIST, start, raw[i][2]))
        return 1
    for length in range(_LONGEST_FROM.get(word, 0), 0, -1):
        key = run(i, length)
        if key is not None and key in _PHRASES:
            kind, status = _PHRASES[key]
            tokens.append(Token(kind, start, raw[i + length - 1][2], status))
            return length
    kind = Kind.PREPOSITION if word in _PREPOSITIONS else Kind.FILLER if word in FILLERS else Kind.WORD
    tokens.append(Token(kind, start, raw[i][2]))
    return 1
