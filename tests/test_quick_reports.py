"""The status-reply hot path (db.quick_reports): same records and answers as the full path, and every
case it does not own falls back to the full path."""

from sqlmodel import select

from bot import texts
from bot.domain.enums import ReportSource, Status
from db.models import AuditLog
from tests.helpers import ADMIN, assignment_of, register, reports_of
from tests.kit import person


def _full_path_breaks(monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("the full path was used")

    monkeypatch.setattr("handlers.replies.open_assignments", broken)


async def test_numbered_replies_take_the_hot_path_and_store_what_the_full_path_stores(kit, monkeypatch):
    await register(kit, "SNV", person(501))
    _full_path_breaks(monkeypatch)
    calls = await kit.send(kit.text(person(501), "3 xong"))
    assert [c.text for c in calls] == ["Hệ thống đã ghi nhận lúc 09:00 02/11/2020:\nNhiệm vụ 3 — ✅ Hoàn thành"]
    done_at = assignment_of(kit, "SNV", 3).completed_at
    assert done_at is not None
    kit.clock.advance(hours=1)
    await kit.send(kit.text(person(501), "NV3 hoan thanh"))  # still done: completed_at kept
    assert assignment_of(kit, "SNV", 3).completed_at == done_at
    calls = await kit.send(kit.text(person(501), "4, 5 vướng mắc: thiếu kinh phí"))
    assert calls[0].text.splitlines() == ["Hệ thống đã ghi nhận lúc 10:00 02/11/2020:",
                                          "Nhiệm vụ 4 — ⚠️ Vướng mắc (ghi chú: thiếu kinh phí)",
                                          "Nhiệm vụ 5 — ⚠️ Vướng mắc (ghi chú: thiếu kinh phí)"]
    await kit.send(kit.text(person(501), "3 đang làm"))  # reopened: completed_at cleared
    three = assignment_of(kit, "SNV", 3)
    assert (three.status, three.completed_at) == (Status.in_progress, None)
    assert [(r.status, r.source, r.note) for r in reports_of(kit, "SNV", 3)] == [
        (Status.done, ReportSource.text, None), (Status.done, ReportSource.text, None),
        (Status.in_progress, ReportSource.text, None)]
    four = reports_of(kit, "SNV", 4)
    assert [(r.status, r.note) for r in four] == [(Status.blocked, "thiếu kinh phí")]
    assert four[0].focal_point_id is not None and four[0].reported_at == kit.clock.current
    with kit.session() as session:
        changes = session.exec(select(AuditLog.details).where(AuditLog.action == "status.change")).all()
    assert len(changes) == 4 and f"assignment {three.id}: done -> in_progress" in changes


async def test_cases_the_hot_path_does_not_own_get_the_full_answer(kit):
    await register(kit, "SNV", person(501))
    assert (await kit.send(kit.text(person(501), "9 xong")))[0].text == texts.UNKNOWN_TASK_CHOOSE.format(
        numbers="9", valid="1, 2, 3, 4, 5, 6, 7", status="✅ Hoàn thành")
    assert (await kit.send(kit.text(person(501), "3 xong")))[0].text.startswith("Hệ thống đã ghi nhận")  # cached now
    await kit.send(kit.text(ADMIN, "/revoke SNV 501"))
    refused = await kit.send(kit.text(person(501), "5 xong"))  # a stale cache entry cannot report
    assert not refused[0].text.startswith("Hệ thống đã ghi nhận")
    assert reports_of(kit, "SNV", 5) == []
    stranger = await kit.send(kit.text(person(777), "3 xong"))
    assert stranger[0].text == texts.WELCOME_STRANGER


async def test_a_number_in_two_open_directives_asks_which(kit):
    from datetime import date
    from types import SimpleNamespace

    from db.directives import assign_directive, create_directive
    from db.units import get_units_by_codes

    await register(kit, "SNV", person(501))
    with kit.session() as session:
        second = create_directive(session, number="99/UBND-KSTT", issued_on=date(2020, 11, 1),
                                  tasks=[SimpleNamespace(number=3, text="Rà soát thủ tục hành chính")])
        units, _ = get_units_by_codes(session, codes=["SNV"])
        assign_directive(session, directive_id=second.id, unit_ids=[units[0].id])
        session.commit()
    calls = await kit.send(kit.text(person(501), "3 xong"))
    assert calls[0].text == texts.CHOOSE_TASK.format(status="✅ Hoàn thành")
    assert len(calls[0].buttons) == 2
    from db.models import StatusReport

    with kit.session() as session:
        assert session.exec(select(StatusReport)).all() == []  # nothing stored until a choice is made
