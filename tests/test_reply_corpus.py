"""How officials really write their status, through the real handlers: the shared corpus and our own set.

Each case is sent on its own to the focal point of SNV, whose 7 tasks of 2410 are open; between cases the
reports, statuses and conversation state are reset. Every case of every file must hold: a case with statuses
passes when they are stored at once, or read back and stored by exactly one press on ✅ (so a wrong read-back
is a wrong record); nothing may be stored before that press.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, update
from sqlmodel import select

from bot.domain.enums import Status
from db.models import Assignment, ConversationState, StatusReport, Task, Unit
from tests.helpers import register
from tests.kit import BotKit, person
from tests.shared_files import shared_file

OWN_SET = Path(__file__).with_name("data") / "status-phrasings.tsv"
STATUS = {"done": Status.done, "progress": Status.in_progress, "blocked": Status.blocked,
          "notstarted": Status.not_started}
SNV = person(501, "Nguyễn Văn A")


def read_cases(path: Path) -> list[tuple[str, str]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")
        cases.append((text.replace("\\n", "\n"), expected.strip()))
    return cases


def check(expected: str, stored: dict[int, list[Status]]) -> str | None:
    """None when what was stored is what the case expects, else what is wrong."""
    if expected == "ask":  # the bot asks with buttons or explains; either way nothing is stored
        return f"stored {stored}, expected only a question or an explanation" if stored else None
    must: dict[int, Status] = {}
    denied: set[int] = set()  # 'N!=STATUS': task N may be stored, with any other status
    for item in expected.split():
        if item.startswith("*="):
            must.update(dict.fromkeys(range(1, 8), STATUS[item[2:]]))
        elif "!=" in item:
            number, status = item.split("!=")
            denied.add(int(number))
            if STATUS[status] in stored.get(int(number), []):
                return f"task {number} stored as {status}, which the sender denied"
        else:
            number, status = item.split("=")
            must[int(number)] = STATUS[status]
    for number, status in must.items():
        if stored.get(number) != [status]:
            return f"task {number}: stored {stored.get(number)}, expected {status.value}"
    extra = set(stored) - set(must) - denied
    if extra:
        return f"stored tasks {sorted(extra)} the message did not report"
    return None


def stored_reports(kit: BotKit) -> tuple[dict[int, list[Status]], list[bool]]:
    """SNV's reports: task number -> statuses in order, and each report's 'confirmed' mark."""
    with kit.session() as session:
        rows = session.exec(
            select(Task.number, StatusReport.status, StatusReport.confirmed)
            .join(Assignment, Assignment.id == StatusReport.assignment_id)
            .join(Task, Task.id == Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id)
            .where(Unit.code == "SNV").order_by(StatusReport.id)).all()
    stored: dict[int, list[Status]] = {}
    for number, status, _ in rows:
        stored.setdefault(number, []).append(status)
    return stored, [confirmed for _, _, confirmed in rows]


def readback_of(calls) -> tuple[object, str] | None:
    """(the message, its ✅ button's data) of a read-back among the answer's messages."""
    for call in calls:
        for button in call.buttons:
            if button.get("callback_data", "").startswith("k:") and button["callback_data"].endswith(":y"):
                return call, button["callback_data"]
    return None


async def run_cases(kit: BotKit, cases: list[tuple[str, str]], outcomes: dict | None = None) -> list[str]:
    """Each case through the real handlers; the failures. `outcomes`: text -> 'stored' | 'read back' | 'nothing'."""
    failures = []
    for text, expected in cases:
        with kit.session() as session:
            session.exec(delete(StatusReport))
            session.exec(delete(ConversationState))
            session.exec(update(Assignment).values(status=Status.not_started, completed_at=None, last_report_at=None))
            session.commit()
        kit.clock.advance(minutes=5)  # one message every few minutes: the flood limit stays out of the way
        calls = await kit.send(kit.text(SNV, text))
        stored, marks = stored_reports(kit)
        readback = readback_of(calls)
        problem = None
        if readback is not None:
            if stored:
                problem = f"stored {stored} before the read-back was confirmed"
            message, confirm = readback
            calls += await kit.send(kit.callback(SNV, confirm, message=message))
            stored, marks = stored_reports(kit)
            if not all(marks):
                problem = "a report stored from a read-back is not marked as confirmed"
        elif any(marks):
            problem = "a report stored at once is marked as confirmed"
        if outcomes is not None:
            outcomes[text] = "read back" if readback else "stored" if stored else "nothing"
        problem = problem or ("no answer" if not calls else check(expected, stored))
        if any("Xin lỗi, đã có lỗi" in c.text for c in calls):
            problem = "the handler failed"
        if problem:
            failures.append(f"{text!r} -> {expected}: {problem}")
    return failures


@pytest.fixture
async def focal_kit():
    kit = await BotKit().start()
    await register(kit, "SNV", SNV)
    yield kit
    await kit.stop()


async def test_shared_corpus_is_understood_as_meant(focal_kit):
    cases = read_cases(shared_file("corpus", "status-replies.tsv")) + read_cases(  # skipped, with the reason,
        shared_file("corpus", "not-plain.tsv"))  # in a bare clone
    assert len(cases) >= 70
    outcomes: dict[str, str] = {}
    failures = await run_cases(focal_kit, cases, outcomes)
    assert failures == [], "\n".join(failures)
    # The plain ones are stored at once; plans, exceptions, corrections are never stored before a ✅.
    assert outcomes["3 xong"] == "stored" and outcomes["NV1 xong; NV2 đang triển khai; NV5 vướng: thiếu kinh phí"] \
        == "stored"
    assert outcomes["Ngoài NV7 ra thì các nhiệm vụ đều đã xong"] == "read back"
    assert outcomes["NV1 xong. Xin lỗi, ý em là NV2 xong, còn NV1 đang làm"] == "read back"


async def test_our_own_phrasings_are_understood_as_meant(focal_kit):
    cases = read_cases(OWN_SET)
    assert len(cases) >= 240
    categories = [line for line in OWN_SET.read_text(encoding="utf-8").splitlines() if line.startswith("# category:")]
    assert len(categories) >= 10  # a category for each point of issue 19, and the rounds of fresh phrasings
    failures = await run_cases(focal_kit, cases)
    assert failures == [], "\n".join(failures)
