"""The words of a status reply: folded text cut into tokens (task prefixes, numbers, status phrases,
negations, markers such as plans and questions, separators), Telex leftovers and shorthands included (pure).

One C-speed regular expression cuts the text into pieces; phrases are then found word by word with
dictionaries, each checked against how the word is written (bot/domain/reply_words.py: 'Đảng' is not
'đang'), so the work stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.reply_tables import (
    AFTER_NUMBER,
    ALL,
    BEFORE_NUMBER,
    FIRST_OF,
    LONGEST_FROM,
    NOUNS,
    PHRASES,
    PREFIX_FIRST,
    PREFIXES,
    STARTS,
    VOCABULARY,
)
from bot.domain.reply_words import FILLERS, MARKERS, Kind, Written, clean_text, spelled

__all__ = ["FILLERS", "Kind", "Token", "clean_text", "lex"]

_PREPOSITIONS = {"ve", "do", "vi", "o", "tai", "trong", "boi"}  # not "cho": chờ folds to it

_RAW = re.compile(
    r"(?P<percent>\d{1,3}(?:[.,]\d+)?\s*%)"
    r"|(?P<docnum>\d+(?:/[\w-]+|\.\d+)+)"  # 123/QĐ-UBND, 15/12/2020, 1.5, 2/3: never a task
    r"|(?P<num>\d+)"
    r"|(?P<word>[a-z]+)"
    r"|(?P<end>[;\n!?]|\.(?!\d))"
    r"|(?P<list>[,&+])"
    r"|(?P<dash>[-–—~])"
    r"|(?P<mark>[:#])"
)
_FRACTION = re.compile(r"\d{1,3}/\d{1,3}")


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
    if word in VOCABULARY:
        return word
    if word.startswith("dd"):
        word = word[1:]
    if word not in VOCABULARY and len(word) > 1 and word[-1] in "fsrxj" and word[:-1] in VOCABULARY:
        word = word[:-1]
    return word


class _Joined:
    """joined[j]: piece j follows piece j-1 after spaces only (one phrase may span them); asked of few pieces."""

    def __init__(self, raw, folded: str):
        self.raw, self.folded = raw, folded

    def __getitem__(self, j: int) -> bool:
        return j > 0 and self.folded[self.raw[j - 1][2]:self.raw[j][1]].isspace()


class _Pieces:
    """The raw pieces of a folded text, with the words as written in the original (lower case)."""

    def __init__(self, folded: str, original: str):
        self.folded = folded
        self.raw = [(m.lastgroup, *m.span(), m.group()) for m in _RAW.finditer(folded)]
        known = _WORDS.get  # most words were seen before: a dictionary lookup, no call
        self.words = [(known(text) or _word(text)) if kind == "word" else None for kind, _, _, text in self.raw]
        self.written = Written(self.raw, original)
        self.lowered = self.written.lowered  # None when lower case changes the length ('İ')
        self.joined = _Joined(self.raw, folded)

    def run(self, i: int, length: int) -> tuple[str, ...] | None:
        """`length` words from raw piece i, separated by spaces only."""
        raw = self.raw
        if i < 0 or i + length > len(raw):
            return None
        for j in range(i, i + length):
            if raw[j][0] != "word" or (j > i and not self.joined[j]):
                return None
        return tuple(self.words[i:i + length])

    def find(self, table: dict, i: int, lengths=(4, 3, 2, 1)):
        """(entry, length) of the longest phrase of `table` at piece i, as written; None if there is none."""
        words = self.words
        seconds = FIRST_OF[id(table)].get(words[i]) if 0 <= i < len(words) else None
        if seconds is None:
            return None  # no phrase of this table starts with this word: the common case, one lookup
        second = words[i + 1] if i + 1 < len(words) else None
        for length in lengths:
            if length == 1:
                entries = table.get((words[i],))
            elif second in seconds:
                entries = table.get(self.run(i, length))
            else:
                continue
            if not entries:
                continue
            for entry in entries:
                accented, strict = entry[-2], entry[-1]
                for k in range(length):
                    if not spelled(self.written[i + k], accented[k], strict):
                        break
                else:
                    return entry, length
        return None

    def number_follows(self, i: int) -> tuple[int, bool] | None:
        """(index of the number, weak prefix) after an optional task prefix ('NV số 3', 'mục 3'), or None."""
        j, weak = i, False
        found = self.find(PREFIXES, i, (2, 1))
        if found:
            weak = found[0][0]
            j += found[1]
        if j < len(self.raw) and self.raw[j][0] == "word" and self.words[j] in ("so", "thu") and j > i:
            j += 1
        while j < len(self.raw) and self.raw[j][0] == "mark":
            j += 1
        if j < len(self.raw) and self.raw[j][0] == "num" and len(self.raw[j][3]) <= 9:
            return j, weak
        return None

    def item_mark(self, i: int) -> bool:
        """The number at piece i numbers a list item that names its task: '1. NV1: xong', '2) Nhiệm vụ 2 …'."""
        end = self.raw[i][2]
        if end >= len(self.folded) or self.folded[end] not in ".)":
            return False
        j = i + 1
        while j < len(self.raw) and self.raw[j][1] <= end:  # the '.' itself
            j += 1
        found = self.number_follows(j) if j < len(self.raw) and self.raw[j][0] == "word" else None
        return found is not None and found[0] > j

    def note_number(self, i: int) -> str | None:
        """Why the number at piece i is never a task ('ngày 5', 'Kế hoạch 12', '3 xã'), or None."""
        raw = self.raw
        if int(raw[i][3]) >= 1000:
            return "big"
        if i + 1 < len(raw) and raw[i + 1][0] == "word" and self.joined[i + 1] and (
                found := self.find(AFTER_NUMBER, i + 1, (3, 2, 1))):
            return found[0][0]
        if i == 0 or raw[i - 1][0] != "word":
            return None
        j = i - 1
        if j >= 0 and self.joined[i] and self.words[j] == "so" and j > 0 and self.joined[j]:
            j -= 1  # 'Kế hoạch số 12'
        if j >= 0 and (self.joined[i] or j < i - 1):
            for length in (3, 2, 1):
                if j - length + 1 >= 0 and self.find(BEFORE_NUMBER, j - length + 1, (length,)):
                    return "date" if self.words[j] in ("ngay", "hom", "thang", "nam", "tuan", "quy") else "document"
        return None


def lex(folded: str, original: str | None = None) -> list[Token]:
    """Tokens of `folded` (fold(original)); `original` (same length) says how each word was written."""
    p = _Pieces(folded, folded if original is None else original)
    raw, words, joined, lowered = p.raw, p.words, p.joined, p.lowered
    count = len(raw)
    tokens: list[Token] = []
    append = tokens.append
    i = 0
    while i < count:
        kind, start, end, text = raw[i]
        if kind == "word":  # the most common piece first
            word = words[i]
            starts = STARTS.get(word)
            written = ((lowered[start:end] if lowered is not None else p.written[i])
                       if starts is not None or word in FILLERS else "")
            if starts is None or not (written in starts[0] or starts[1] and written.isascii()):
                # most words of a note, and every 'ạ' (it never starts 'à không'): nothing to look up
                plain = _PLAIN_KIND.get(word, _WORD)
                append(Token(plain, start, end, written if plain is _FILLER else word))
                i += 1
            else:
                i += _word_token(tokens, p, i)
            continue
        if kind == "num":
            word_after = i + 1 < count and raw[i + 1][0] == "word" and joined[i + 1]
            if len(text) > 9:
                append(Token(_WORD, start, end))
            elif word_after and words[i + 1] == "tren" and i + 2 < count and raw[i + 2][0] == "num":
                part, whole = int(text), int(raw[i + 2][3][:9])  # '5 trên 7 nội dung': a fraction in words
                append(Token(Kind.PARTIAL if part < whole else Kind.NOTE_NUMBER, start, raw[i + 2][2], "count"))
                i += 3
                continue
            elif folded[end:end + 1] in (".", ")") and p.item_mark(i):
                append(Token(Kind.NOTE_NUMBER, start, end, "item"))  # '1. NV1: xong': a list's mark
            elif (word_after or len(text) > 3 or (i and raw[i - 1][0] == "word")) and (why := p.note_number(i)):
                append(Token(Kind.NOTE_NUMBER, start, end, why))  # before '1 phần': '01 phần mềm' is a count
            elif word_after and words[i + 1] == "phan" and spelled(p.written[i + 1], "phần", False) and not (
                    tokens and tokens[-1].kind is Kind.PREFIX):
                append(Token(Kind.PARTIAL, start, raw[i + 1][2]))  # '1 phần'
                i += 1
            else:
                append(Token(Kind.NUMBER, start, end, int(text)))
        elif kind == "list":
            append(Token(Kind.LIST, start, end, text))
        elif kind == "dash":
            if i + 1 < count and p.number_follows(i + 1) is not None:
                append(Token(Kind.RANGE, start, end))
        elif kind == "end":
            append(Token(Kind.CLAUSE_END, start, end, text))
        elif kind == "percent":
            append(Token(Kind.PERCENT, start, end, float(re.sub(r"[^0-9.,]", "", text).replace(",", "."))))
        elif kind == "docnum":
            append(_docnum(p, i))
        i += 1
    return tokens


_WORD, _FILLER = Kind.WORD, Kind.FILLER


def _docnum(p: _Pieces, i: int) -> Token:
    """'2/3 đơn vị' is a part of the work; a bare '1/12' may be a date or a fraction; the rest is a document."""
    _, start, end, text = p.raw[i]
    if _FRACTION.fullmatch(text):
        if i + 1 < len(p.raw) and p.joined[i + 1] and p.find(AFTER_NUMBER, i + 1, (3, 2, 1)):
            part, whole = map(int, text.split("/"))
            if part >= whole:
                return Token(Kind.NOTE_NUMBER, start, end, "count")  # '3/3 nội dung': all of it
            return Token(Kind.PARTIAL, start, end, "fraction")
        before = p.words[i - 1] if i > 0 and p.joined[i] else None
        return Token(Kind.NOTE_NUMBER, start, end, "date" if before in ("ngay", "hom") else "unclear")
    return Token(Kind.WORD, start, end)


_PLAIN_KIND = {**dict.fromkeys(FILLERS, Kind.FILLER), **dict.fromkeys(_PREPOSITIONS, Kind.PREPOSITION)}


def _plain_word(p: _Pieces, i: int) -> Token:
    """A word of no phrase; a filler keeps how it was written ('đã' and 'dạ' both fold to 'da')."""
    word = p.words[i]
    kind = _PLAIN_KIND.get(word, Kind.WORD)
    return Token(kind, p.raw[i][1], p.raw[i][2], p.written[i] if kind is Kind.FILLER else word)


def _word_token(tokens: list[Token], p: _Pieces, i: int) -> int:
    """Append the token that starts with word i; return how many raw pieces it took."""
    raw = p.raw
    start = raw[i][1]
    word = p.words[i]
    if word == "phan" and i + 1 < len(raw) and raw[i + 1][0] == "num" and p.joined[i + 1] and spelled(
            p.written[i], "phần", False):
        tokens.append(Token(Kind.PARTIAL, start, raw[i + 1][2]))  # 'xong phần 1': a part of the task
        return 2
    found = p.number_follows(i) if word in PREFIX_FIRST else None
    if found is not None and found[0] > i:
        tokens.append(Token(Kind.PREFIX, start, raw[found[0] - 1][2], "weak" if found[1] else "strong"))
        return found[0] - i
    everything = p.find(ALL, i, (2,)) if word in ("tat", "toan") else None
    if everything or (word == "ca" and spelled(p.written[i], "cả", False) and (
            (i + 1 < len(raw) and raw[i + 1][0] == "num" and p.find(NOUNS, i + 2, (2, 1)))
            or p.find(NOUNS, i + 1, (2, 1)))):
        j = i + (2 if everything else 1)
        if j < len(raw) and raw[j][0] == "num" and len(raw[j][3]) <= 2:
            j += 1
        if p.run(j, 1) == ("cac",):
            j += 1
        if noun := p.find(NOUNS, j, (2, 1)):
            j += noun[1]
        tokens.append(Token(Kind.ALL, start, raw[j - 1][2]))
        return j - i
    if word in _RANGE_OR_LIST and _range_or_list(tokens, p, i):
        return 1
    if found := p.find(PHRASES, i, range(LONGEST_FROM.get(word, 0), 0, -1)):
        (kind, status, _, _), length = found
        value = status if kind not in MARKERS else " ".join(p.words[i:i + length])  # a marker: which one
        tokens.append(Token(kind, start, raw[i + length - 1][2], value))
        return length
    if noun := p.find(NOUNS, i, (2, 1)):
        tokens.append(Token(Kind.TASK_NOUN, start, raw[i + noun[1] - 1][2]))
        return noun[1]
    tokens.append(_plain_word(p, i))
    return 1


_RANGE_OR_LIST = {"den", "toi", "va", "voi"}


def _range_or_list(tokens: list[Token], p: _Pieces, i: int) -> bool:
    """'đến', 'tới' between task numbers; 'và', 'với' in a list (appended; False: an ordinary word here)."""
    raw, word, start = p.raw, p.words[i], p.raw[i][1]
    if word in ("den", "toi") and p.number_follows(i + 1) is not None and spelled(
            p.written[i], "đến" if word == "den" else "tới", False):
        tokens.append(Token(Kind.RANGE, start, raw[i][2]))
        return True
    if word in ("va", "voi") and spelled(p.written[i], "và" if word == "va" else "với", False):
        tokens.append(Token(Kind.LIST, start, raw[i][2], word))
        return True
    return False
