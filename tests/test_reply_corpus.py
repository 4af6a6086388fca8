"""How officials really write their status, through the real handlers: the shared corpus and our own set.

Each case is sent on its own to the focal point of SNV, whose 7 tasks of 2410 are open; between cases the
reports, statuses and conversation state are reset. Every case of both files must hold.
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
    for item in expected.split():
        if item.startswith("*="):
            must.update(dict.fromkeys(range(1, 8), STATUS[item[2:]]))
        elif "!=" in item:
            number, status = item.split("!=")
            if STATUS[status] in stored.get(int(number), []):
                return f"task {number} stored as {status}, which the sender denied"
        else:
            number, status = item.split("=")
            must[int(number)] = STATUS[status]
    for number, status in must.items():
        if stored.get(number) != [status]:
            return f"task {number}: stored {stored.get(number)}, expected {status.value}"
    extra = set(stored) - set(must)
    if extra:
        return f"stored tasks {sorted(extra)} the message did not report"
    return None


async def run_cases(kit: BotKit, cases: list[tuple[str, str]]) -> list[str]:
    failures = []
    for text, expected in cases:
        with kit.session() as session:
            session.exec(delete(StatusReport))
            session.exec(delete(ConversationState))
            session.exec(update(Assignment).values(status=Status.not_started, completed_at=None, last_report_at=None))
            session.commit()
        kit.clock.advance(minutes=5)  # one message every few minutes: the flood limit stays out of the way
        calls = await kit.send(kit.text(SNV, text))
        with kit.session() as session:
            rows = session.exec(
                select(Task.number, StatusReport.status).join(Assignment, Assignment.id == StatusReport.assignment_id)
                .join(Task, Task.id == Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id)
                .where(Unit.code == "SNV").order_by(StatusReport.id)).all()
        stored: dict[int, list[Status]] = {}
        for number, status in rows:
            stored.setdefault(number, []).append(status)
        answer = calls[0] if calls else None
        problem = "no answer" if answer is None else check(expected, stored)
        if answer is not None and "Xin lỗi, đã có lỗi" in answer.text:
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
    cases = read_cases(shared_file("corpus", "status-replies.tsv"))  # skipped, with the reason, in a bare clone
    assert len(cases) >= 45
    failures = await run_cases(focal_kit, cases)
    assert failures == [], "\n".join(failures)


async def test_our_own_phrasings_are_understood_as_meant(focal_kit):
    cases = read_cases(OWN_SET)
    assert len(cases) >= 100
    failures = await run_cases(focal_kit, cases)
    assert failures == [], "\n".join(failures)
