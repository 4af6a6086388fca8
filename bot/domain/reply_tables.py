"""The phrase tables the lexer (bot/domain/reply_lexer.py) looks words up in, built once from the words of
bot/domain/reply_words.py: folded key -> entries with the accented spelling each must be written in (pure)."""

from __future__ import annotations

from bot.domain.enums import Status
from bot.domain.reply_words import (
    ALL_WORDS,
    COUNTS,
    NUMBER_AFTER,
    PARTS,
    STATUS_PHRASES,
    STRONG_PREFIXES,
    TASK_NOUNS,
    WEAK_PREFIXES,
    Kind,
    phrases,
)

Entry = tuple[Kind, Status | None, tuple[str, ...], bool]  # kind, status, accented words, accents required


def _table(groups) -> dict[tuple[str, ...], list]:
    table: dict[tuple[str, ...], list] = {}
    for words, *rest in groups:
        for key, accented, strict in phrases(words):
            table.setdefault(key, []).append((*rest, accented, strict))
    return table


PHRASES: dict[tuple[str, ...], list[Entry]] = _table(STATUS_PHRASES)
PREFIXES = _table([(STRONG_PREFIXES, False), (WEAK_PREFIXES, True)])  # value: weak
NOUNS = _table([(TASK_NOUNS,)])
ALL = _table([(ALL_WORDS,)])
BEFORE_NUMBER = _table([(NUMBER_AFTER,)])
AFTER_NUMBER = _table([(PARTS, "part"), (COUNTS, "count")])
PREFIX_FIRST = {key[0] for key in PREFIXES}
# first word -> the second words of its longer phrases, per table: most lookups end at the first or second word
FIRST_OF: dict[int, dict[str, set]] = {}
for _t in (PHRASES, PREFIXES, NOUNS, ALL, BEFORE_NUMBER, AFTER_NUMBER):
    FIRST_OF[id(_t)] = {}
    for _key in _t:
        FIRST_OF[id(_t)].setdefault(_key[0], set()).update(_key[1:2])
LONGEST_FROM: dict[str, int] = {}  # first word -> its longest phrase, in words
for _key in PHRASES:
    LONGEST_FROM[_key[0]] = max(LONGEST_FROM.get(_key[0], 0), len(_key))
# How a word must be written to start anything: 'ạ' never starts 'à không', so a run of 'ạ ạ ạ' costs a lookup each.
STARTS: dict[str, tuple[set[str], bool]] = {}  # first word -> (accented spellings, some phrase takes no diacritics)
for _table_ in (PHRASES, PREFIXES, NOUNS, ALL):
    for _key, _entries in _table_.items():
        for *_, _accented, _strict in _entries:
            _spellings, _loose = STARTS.get(_key[0], (set(), False))
            _spellings.add(_accented[0])
            STARTS[_key[0]] = (_spellings, _loose or not _strict)
for _word_, _accented_word in (("tat", "tất"), ("toan", "toàn"), ("ca", "cả"), ("den", "đến"), ("toi", "tới"),
                               ("va", "và"), ("voi", "với"), ("phan", "phần")):
    _spellings, _ = STARTS.get(_word_, (set(), False))
    STARTS[_word_] = (_spellings | {_accented_word}, True)
VOCABULARY = {w for key in [*PHRASES, *PREFIXES] for w in key} | {
    "den", "toi", "va", "voi", "tat", "ca", "toan", "bo", "cac", "so", "thu", "phan"}
