"""The register of a state office: every user text addresses officials as "đồng chí", speaks as the system or
the office, and carries no English (commands by their Vietnamese names; English names stay as aliases)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from telegram.ext import CommandHandler

from bot import texts
from bot.delivery.office_alerts import unreachable_reason
from bot.domain.enums import ReportSource

# English words that must never reach a user. Words that are also Vietnamese written without diacritics
# ("ban" ban ngành, "do" do đó, "tin" tin nhắn, "to", "no", "an", "sang", "con", "hang", "chi", "minh") are
# deliberately left out; proper names and formats (Telegram, PDF, Word, Excel, CSV, UTF-8) are not words here.
ENGLISH_WORDS = frozenset("""
    admin viewer skip status change assignment assignments button text note file files link links bot bots
    chat chats reply user users id ids error errors forbidden blocked found deactivated kicked please sorry
    export summary overdue unit units task tasks digest chart staff audit invite revoke push deadline
    schedule policy remind close reopen all deputy primary before escalate done progress started pending
    failed sent queued rows office help report reports extend env cli command commands directive upload
    download retry after not the and or of for with your you my me hello hi ok yes welcome thanks
    system settings token webhook timeout warning none null true false
""".split())
# Telegram's own English commands that the bot keeps as aliases; users are shown the Vietnamese names.
ENGLISH_COMMANDS = frozenset("""
    help invite revoke push units deadline schedule remind policy close reopen summary overdue export unit
    task chart digest staff audit extend report tasks skip directive
""".split())
# The one English command Telegram imposes (deep links open the bot with /start CODE).
TELEGRAM_FIXED = {"start"}
# Literal file contents a text must name as they are: the units CSV's header columns.
LITERALS = ("code,name,kind",)

_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_ENTITY = re.compile(r"&[a-z]+;")
# A command: lower case after a space or bracket, not a document number's part ("Số: …/BC-SNV").
_COMMAND = re.compile(r"(?:^|(?<=[\s(>«\"'|·]))/([a-z_][a-z0-9_]*)(?![\w/-])")
_WORD = re.compile(r"\w+")
_FORBIDDEN_ADDRESS = re.compile(r"(?<!\w)(bạn|tôi)(?!\w)", re.IGNORECASE)


def user_texts() -> list[tuple[str, str]]:
    """(name, text) of every user-facing string in bot/texts.py: constants, dict values, list items."""
    found: list[tuple[str, str]] = []

    def walk(name: str, value) -> None:
        if type(value) is str:  # not the Status members of BUTTON_STATUSES: those are data, not texts
            found.append((name, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{name}[{key}]", item)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(f"{name}[{index}]", item)

    for name in dir(texts):
        if name.isupper():
            walk(name, getattr(texts, name))
    return found


def commands_in(text: str) -> list[str]:
    return _COMMAND.findall(_TAG.sub(" ", text))


def problems(text: str) -> list[str]:
    """What in one text breaks the register: bạn/tôi, English command names, English words."""
    text = unicodedata.normalize("NFC", text)
    for literal in LITERALS:
        text = text.replace(literal, " ")
    found = [f"«{m.group(1)}»" for m in _FORBIDDEN_ADDRESS.finditer(text)]
    found += [f"/{c}" for c in commands_in(text) if c.lower() in ENGLISH_COMMANDS]
    words = _COMMAND.sub(" ", _ENTITY.sub(" ", _PLACEHOLDER.sub(" ", _TAG.sub(" ", text))))
    for token in _WORD.findall(words):
        if token.isascii():
            found += [part for part in re.split(r"[_\d]+", token) if part.lower() in ENGLISH_WORDS]
    return found


def test_the_checker_catches_what_it_must_and_spares_vietnamese():
    assert problems("Xin chào bạn, tôi là bot.") == ["«bạn»", "«tôi»", "bot"]
    assert problems("Bạn gõ /skip hoặc /export") == ["«Bạn»", "/skip", "/export"]
    assert problems("status.change assignment 178: not_started -> done") == [
        "status", "change", "assignment", "not", "started", "done"]
    assert problems("Chưa cấu hình OFFICE_CHAT_ID trong .env") == ["OFFICE", "CHAT", "ID", "env"]
    assert problems("Lỗi Forbidden: bot was blocked") == ["Forbidden", "bot", "blocked"]
    # Vietnamese words that look English, placeholders, tags, codes and the Vietnamese commands pass.
    assert problems("Sở, ban, ngành do đó tin nhắn sang {unit} <b>SNV</b> 2410/UBND-KSTT /tonghop /bo_qua") == []
    assert problems("Các cột code,name,kind; tệp PDF, Word, Excel, UTF-8 qua Telegram") == []


def test_every_user_text_is_in_the_register():
    found = user_texts()
    assert len(found) > 150  # the walk reaches the constants, the labels and the menus
    bad = {name: p for name, text in found if (p := problems(text))}
    assert bad == {}


def test_office_role_and_source_labels_are_vietnamese():
    assert texts.OFFICE_ROLE_LABEL == {"admin": "quản trị", "viewer": "theo dõi"}
    assert set(texts.REPORT_SOURCE_LABEL) == {s.value for s in ReportSource}
    assert texts.REPORT_SOURCE_LABEL["button"] == "nút bấm" and texts.REPORT_SOURCE_LABEL["text"] == "tin nhắn"


async def test_commands_shown_are_vietnamese_names_the_bot_answers_to(kit):
    registered: set[str] = set()
    for group in kit.app.handlers.values():
        for handler in group:
            if isinstance(handler, CommandHandler):
                registered |= set(handler.commands)
    shown = {c for _, text in user_texts() for c in commands_in(text)}
    shown |= {name for name, _ in [*texts.COMMANDS_FOCAL, *texts.COMMANDS_OFFICE]}
    assert shown - registered == set()
    assert not (shown & ENGLISH_COMMANDS)
    assert {"skip", "export", "invite", "staff", "audit"} <= registered  # the English names still work
    assert {"bo_qua", "xuat", "moi", "canbo", "nhatky"} <= registered
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", c) for c, _ in [*texts.COMMANDS_FOCAL, *texts.COMMANDS_OFFICE])


@pytest.mark.parametrize("error, reason", [
    ("Forbidden: bot was blocked by the user", texts.UNREACHABLE_REASON_BLOCKED),
    ("Forbidden: bot was kicked from the group chat", texts.UNREACHABLE_REASON_BLOCKED),
    ("Forbidden: user is deactivated", texts.UNREACHABLE_REASON_DEACTIVATED),
    ("Chat not found", texts.UNREACHABLE_REASON_NOT_FOUND),
    ("Bad Request: chat not found", texts.UNREACHABLE_REASON_NOT_FOUND),
    ("Forbidden: bot can't initiate conversation with a user", texts.UNREACHABLE_REASON_OTHER),
])
def test_telegram_errors_become_a_plain_reason(error, reason):
    assert unreachable_reason(error) == reason and not problems(reason)
