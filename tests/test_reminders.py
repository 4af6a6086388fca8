"""Reminder policy (pure) and the sweep job through the real callbacks and the fake transport."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.domain.reminders import (
    OpenTask,
    Policy,
    latest_due_nudge,
    next_nudge_slot,
    plan_next_nudges,
    upcoming_nudges,
)
from bot.operations.seed import load_calendar
from db.models import NudgeRecord
from jobs.nudges import sweep_job
from tests.helpers import ADMIN, register
from tests.kit import OFFICE_CHAT_ID, person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = load_calendar(TZ, ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))))
POLICY = Policy()
TASK = OpenTask(assignment_id=1, unit_id=1, unit_code="SNV", task_number=3, deadline=date(2020, 12, 15))


def at(day: int, month: int = 12, hour: int = 9) -> datetime:
    return datetime(2020, month, day, hour, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    "now, kind, slot_day",
    [
        (at(3), None, None),             # before the first nudge (4/12 is 7 working days before)
        (at(4, hour=7), None, None),     # 07:00, the 08:00 nudge has not come
        (at(4), "before7", 4),
        (at(9), "before7", 4),
        (at(10), "before3", 10),
        (at(14), "before1", 14),
        (at(15), "due", 15),
        (at(16), "due", 15),
        (at(17), "overdue2", 17),
        (at(21), "overdue4", 21),
        (at(23), "escalate", 23),        # 6 working days late
        (at(25), "overdue8", 25),
    ],
)
def test_policy_table(now, kind, slot_day):
    nudge = latest_due_nudge(TASK, now, CAL, POLICY)
    if kind is None:
        assert nudge is None
    else:
        assert (nudge.kind, nudge.slot) == (kind, datetime(2020, 12, slot_day, 8, 0, tzinfo=TZ))


def test_same_plan_in_utc_and_local():
    now_local = at(17)
    assert latest_due_nudge(TASK, now_local, CAL, POLICY) == latest_due_nudge(
        TASK, now_local.astimezone(ZoneInfo("UTC")), CAL, POLICY)


def test_deadline_on_a_sunday_is_reminded_on_friday():
    sunday = OpenTask(1, 1, "SNV", 1, date(2020, 12, 13))
    assert latest_due_nudge(sunday, at(11), CAL, POLICY).kind == "due"


def test_upcoming_lists_one_entry_per_unit_and_slot():
    plan = upcoming_nudges([TASK, OpenTask(2, 1, "SNV", 4, date(2020, 12, 15))], at(9), CAL, POLICY)
    assert plan[0] == (datetime(2020, 12, 10, 8, 0, tzinfo=TZ), 1, "before3")
    assert [p[0] for p in plan] == sorted(p[0] for p in plan) and len(plan) == len(set(plan))


@pytest.mark.parametrize(
    "now, expected",
    [
        (at(3), datetime(2020, 12, 4, 8, 0, tzinfo=TZ)),     # before7
        (at(4, hour=7), datetime(2020, 12, 4, 8, 0, tzinfo=TZ)),
        (at(4), datetime(2020, 12, 10, 8, 0, tzinfo=TZ)),    # the 08:00 slot has passed: before3 next
        (at(15), datetime(2020, 12, 17, 8, 0, tzinfo=TZ)),   # overdue2
        (at(21), datetime(2020, 12, 23, 8, 0, tzinfo=TZ)),   # escalation (6 working days late)
        (at(23), datetime(2020, 12, 25, 8, 0, tzinfo=TZ)),   # overdue8, and on every 2 working days
    ],
)
def test_next_nudge_slot_is_the_first_slot_after_now(now, expected):
    assert next_nudge_slot(CAL, TASK.deadline, POLICY, now) == expected


def test_next_nudge_slot_without_deadline_and_plan_grouped_per_slot():
    assert next_nudge_slot(CAL, None, POLICY, at(4)) is None
    tasks = [TASK, OpenTask(2, 2, "HTD", 3, date(2020, 12, 15)), OpenTask(3, 1, "SNV", 1, None),
             OpenTask(4, 1, "SNV", 2, date(2020, 12, 15), policy=Policy(before_days=(2,)))]
    assert plan_next_nudges(tasks, CAL, POLICY, at(4)) == {
        datetime(2020, 12, 10, 8, 0, tzinfo=TZ): [1, 2], None: [3], datetime(2020, 12, 11, 8, 0, tzinfo=TZ): [4]}


@pytest.fixture
async def with_deadline(kit):
    await register(kit, "SNV", person(501))
    await register(kit, "HTD", person(601, "Hoàng Văn E"))
    calls = await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020"))
    assert "cho 28 đơn vị" in calls[0].text
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 5 15/12/2020 SNV"))
    return kit


async def run_sweep(kit, now):
    kit.clock.current = now
    mark = len(kit.api.calls)
    await sweep_job(type("Ctx", (), {"application": kit.app})())
    return kit.api.calls[mark:]


def nudges_to(calls, chat_id):
    return [c for c in calls if c.method == "sendMessage" and c.chat_id == chat_id]


async def test_each_nudge_once_and_grouped_per_unit(with_deadline):
    kit = with_deadline
    first = await run_sweep(kit, at(4))  # Friday 04/12 08:00+: 7 working days before, and the weekly is due
    snv = nudges_to(first, 501)
    assert len(snv) == 1  # tasks grouped: one message per unit per slot
    assert "Nhiệm vụ 3 (2410/UBND-KSTT): hạn 15/12/2020, còn 7 ngày làm việc" in snv[0].text
    assert "Nhiệm vụ 5" in snv[0].text and len(snv[0].buttons) >= 6
    assert nudges_to(first, 601)  # HTD too, for task 3
    assert await run_sweep(kit, at(4, hour=10)) == []
    assert await run_sweep(kit, at(4, hour=16)) == []


async def test_outside_office_hours_nothing_then_next_working_slot(with_deadline):
    kit = with_deadline
    assert await run_sweep(kit, at(4, hour=7)) == []          # 07:00 Friday
    assert await run_sweep(kit, at(5, hour=10)) == []         # Saturday
    calls = await run_sweep(kit, datetime(2020, 12, 7, 7, 30, tzinfo=TZ))  # Monday 07:30
    assert nudges_to(calls, 501)


async def test_done_tasks_get_no_nudges(with_deadline):
    kit = with_deadline
    await kit.send(kit.text(person(501), "3 xong"))
    await kit.send(kit.text(person(501), "5 xong"))
    await run_sweep(kit, at(14))  # Monday: the weekly round-up lists the other, still-open tasks
    calls = await run_sweep(kit, at(15))
    assert nudges_to(calls, 501) == []
    assert "Nhiệm vụ 3" in nudges_to(calls, 601)[0].text


async def test_escalation_at_day_six_reaches_office_and_unit_once(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(22))
    calls = await run_sweep(kit, at(23))
    office = nudges_to(calls, OFFICE_CHAT_ID)
    assert [c.text for c in office if "Sở Nội vụ" in c.text] == ["⛔ Sở Nội vụ quá hạn 6 ngày làm việc: nhiệm vụ 3, 5"]
    assert "Cảnh báo quá hạn" in nudges_to(calls, 501)[0].text
    assert await run_sweep(kit, at(23, hour=14)) == []


async def test_catch_up_after_outages_sends_one_not_a_flood(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(7))  # Monday: weekly sent
    # 2-hour outage over the 08:00 slot of 10/12: one nudge when back at 10:00.
    calls = await run_sweep(kit, at(10, hour=10))
    assert len(nudges_to(calls, 501)) == 1 and "còn 3 ngày" in nudges_to(calls, 501)[0].text
    # 3-day outage over 14/12 (before1), 15/12 (due): back on 16/12, one message.
    calls = await run_sweep(kit, at(16, hour=9))
    snv = nudges_to(calls, 501)
    assert len(snv) == 1 and "quá hạn 1 ngày" in snv[0].text
    with kit.session() as session:
        kinds = [r.kind for r in session.exec(select(NudgeRecord).where(NudgeRecord.unit_id == 1))]
    assert "before1" not in kinds


async def test_restart_sends_nothing_twice(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(10))
    from tests.kit import BotKit

    await kit.app.post_shutdown(kit.app)  # the first process is gone: its leadership with it
    restarted = BotKit(engine=kit.engine, seed=False)
    await restarted.start()
    assert restarted.app.bot_data["services"].is_leader
    try:
        restarted.clock.current = at(10, hour=11)
        mark = len(restarted.api.calls)
        await sweep_job(type("Ctx", (), {"application": restarted.app})())
        assert restarted.api.calls[mark:] == []
    finally:
        await restarted.stop()


async def test_schedule_and_remind_commands(with_deadline):
    kit = with_deadline
    kit.clock.current = at(9)
    calls = await kit.send(kit.text(ADMIN, "/schedule 2410/UBND-KSTT"))
    text = calls[0].text
    assert "Trước hạn 7, 3, 1 ngày làm việc, lúc 08:00" in text
    assert "08:00 T5 10/12/2020 · UBND huyện Tam Đường · trước hạn" in text and "08:00 T5 10/12/2020 · Sở Nội vụ · trước hạn" in text
    kit.clock.current = datetime(2020, 12, 10, 19, 0, tzinfo=TZ)  # evening: the sweep would wait
    calls = await kit.send(kit.text(ADMIN, "/remind SNV"))
    assert nudges_to(calls, 501) and not nudges_to(calls, 601)
    assert "Đã gửi nhắc việc cho 1 đơn vị" in calls[0].text  # answered at once; the sender delivers the nudges
    assert "Không có lượt nhắc" in (await kit.send(kit.text(ADMIN, "/remind SNV")))[-1].text


async def test_deadline_command_errors(with_deadline):
    kit = with_deadline
    assert "Cách dùng" in (await kit.send(kit.text(ADMIN, "/deadline 2410")))[0].text
    assert "không tồn tại" in (await kit.send(kit.text(ADMIN, "/deadline 2410 3 31/02/2020")))[0].text
    assert "không có Nhiệm vụ 9" in (await kit.send(kit.text(ADMIN, "/deadline 2410 9 15/12/2020")))[0].text
    refused = await kit.send(kit.text(person(501), "/deadline 2410 3 15/12/2020"))
    assert "chỉ dành cho Văn phòng" in refused[0].text


async def test_policy_command_changes_the_directives_plan(with_deadline):
    kit = with_deadline
    calls = await kit.send(kit.text(ADMIN, "/policy 2410/UBND-KSTT before=2 escalate=3"))
    assert "trước hạn 2 ngày làm việc lúc 08:00" in calls[0].text and "quá 3 ngày" in calls[0].text
    weekly = nudges_to(await run_sweep(kit, at(10)), 501)  # Thursday 10/12: no before3 any more
    assert len(weekly) == 1 and "Nhắc việc đầu tuần" in weekly[0].text
    friday = nudges_to(await run_sweep(kit, at(11)), 501)  # 2 working days before 15/12
    assert len(friday) == 1 and "còn 2 ngày làm việc" in friday[0].text
    assert await run_sweep(kit, at(11, hour=10)) == []
    calls = await run_sweep(kit, datetime(2020, 12, 21, 8, 0, tzinfo=TZ))  # 4 working days late: escalate
    assert "⛔ Sở Nội vụ quá hạn 4 ngày làm việc: nhiệm vụ 3, 5" in [c.text for c in nudges_to(calls, OFFICE_CHAT_ID)]
    bad = await kit.send(kit.text(ADMIN, "/policy 2410/UBND-KSTT before=abc"))
    assert "không hợp lệ" in bad[0].text
    schedule = await kit.send(kit.text(ADMIN, "/schedule 2410/UBND-KSTT"))
    assert "Trước hạn 2 ngày làm việc" in schedule[0].text


async def test_button_under_a_grouped_nudge_keeps_the_nudge(with_deadline):
    kit = with_deadline
    calls = await run_sweep(kit, at(4))
    nudge = nudges_to(calls, 501)[0]
    done_3 = next(b for b in nudge.buttons if b["text"] == "NV3 ✅")
    pressed = await kit.send(kit.callback(person(501), done_3["callback_data"], message=nudge))
    assert [c.method for c in pressed] == ["answerCallbackQuery", "sendMessage", "sendMessage"]
    assert pressed[1].text.splitlines()[1] == "Nhiệm vụ 3 — ✅ Hoàn thành"
    from tests.helpers import assignment_of

    assert assignment_of(kit, "SNV", 3).status == "done"


async def test_closed_directive_gets_no_push_nudge_or_report_until_reopened(with_deadline):
    kit = with_deadline
    assert "Đã đóng văn bản 2410/UBND-KSTT" in (await kit.send(kit.text(ADMIN, "/close 2410")))[0].text
    assert "đã ở trạng thái này" in (await kit.send(kit.text(ADMIN, "/close 2410")))[0].text
    assert "đã đóng, không gửi" in (await kit.send(kit.text(ADMIN, "/push 2410 all")))[0].text
    assert await run_sweep(kit, at(10)) == []
    from bot.domain.callback_data import SetStatus
    from bot.domain.enums import Status
    from tests.helpers import assignment_of

    refused = await kit.send(kit.callback(person(501), SetStatus(assignment_of(kit, "SNV", 3).id, Status.done).pack()))
    assert refused[0].params["text"].startswith("Đồng chí không có quyền")
    assert "không có nhiệm vụ nào đang mở" in (await kit.send(kit.text(person(501), "3 xong")))[0].text
    assert "chỉ dành cho Văn phòng" in (await kit.send(kit.text(person(501), "/close 2410")))[0].text
    assert "Đã mở lại" in (await kit.send(kit.text(ADMIN, "/reopen 2410")))[0].text
    assert nudges_to(await run_sweep(kit, at(10, hour=10)), 501)


def next_nudges(kit) -> dict[tuple[str, int], datetime | None]:
    from db.models import Assignment, Task, Unit

    with kit.session() as session:
        rows = session.exec(select(Unit.code, Task.number, Assignment.next_nudge_at)
                            .join(Task, Task.id == Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id))
        return {(code, number): when for code, number, when in rows}


async def test_sweep_reads_only_assignments_whose_next_nudge_is_due(with_deadline):
    from db.nudges import nudge_candidates

    kit = with_deadline
    await run_sweep(kit, at(4))
    plan = next_nudges(kit)
    assert plan[("SNV", 3)] == plan[("HTD", 3)] == plan[("SNV", 5)] == datetime(2020, 12, 10, 8, 0, tzinfo=TZ)
    assert plan[("SNV", 1)] is None and plan[("HTD", 5)] is None  # no deadline: the weekly round-up only
    with kit.session() as session:
        assert nudge_candidates(session, now=at(9)) == []
        due = nudge_candidates(session, now=at(10))
    assert sorted((t.unit_code, t.task_number) for t, _ in due if t.unit_code in ("SNV", "HTD")) == [
        ("HTD", 3), ("SNV", 3), ("SNV", 5)]
    assert len(due) == 29  # task 3 of the 28 units and task 5 of SNV
    assert {t.unit_code for t, eligible in due if eligible} == {"SNV", "HTD"}  # the others have no focal point


async def test_deadline_moved_after_planning_follows_the_new_deadline(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(4))  # planned: before3 on 10/12
    calls = await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 10/12/2020 SNV"))
    assert "cho 1 đơn vị" in calls[0].text
    await run_sweep(kit, at(7))  # Monday: round-up (and before3 of 10/12)
    calls = nudges_to(await run_sweep(kit, at(9)), 501)  # before1 of the new deadline
    assert len(calls) == 1 and "Nhiệm vụ 3 (2410/UBND-KSTT): hạn 10/12/2020, còn 1 ngày làm việc" in calls[0].text
    assert nudges_to(await run_sweep(kit, at(9)), 601) == []


async def test_policy_changed_after_planning_is_followed(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(4))  # planned: before3 on 10/12
    await kit.send(kit.text(ADMIN, "/policy 2410/UBND-KSTT before=5"))
    await run_sweep(kit, at(7))
    calls = await run_sweep(kit, at(8))  # 5 working days before 15/12
    assert "còn 5 ngày làm việc" in nudges_to(calls, 501)[0].text and nudges_to(calls, 601)


async def test_weekly_round_once_per_week_and_late_registrations_wait(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(4))
    calls = await run_sweep(kit, at(7))  # Monday
    assert ["Nhắc việc đầu tuần" in c.text for c in nudges_to(calls, 501) + nudges_to(calls, 601)] == [True, True]
    with kit.session() as session:
        marker = session.exec(select(NudgeRecord).where(NudgeRecord.key == "weekly-round:2020-12-07")).one()
    assert marker.unit_id is None
    kit.clock.current = at(7, hour=10)
    await register(kit, "STC", person(701, "Lê Văn G"))
    assert nudges_to(await run_sweep(kit, at(7, hour=11)), 701) == []  # it just got its tasks
    calls = await kit.send(kit.text(ADMIN, "/remind STC"))  # the office can still ask for one: all 7 tasks
    assert nudges_to(calls, 701)[0].text.count("(2410/UBND-KSTT)") == 7
    calls = await run_sweep(kit, at(14))  # next Monday: everyone, STC included (with before1 of 15/12)
    assert {501, 601, 701} <= {c.chat_id for c in calls if c.text and c.text.count("(2410/UBND-KSTT)") >= 6}
    with kit.session() as session:
        weekly = session.exec(select(NudgeRecord.unit_id).where(NudgeRecord.key.like("weekly:%:2020-12-14"))).all()
    assert len(weekly) == 3


async def restarted_kit(kit, calendar_toml: str | None = None):
    """The same database in a new process, optionally with another calendar.toml."""
    from tests.kit import BotKit

    await kit.app.post_shutdown(kit.app)
    restarted = BotKit(engine=kit.engine, seed=False)
    await restarted.start()
    if calendar_toml is not None:
        restarted.app.bot_data["services"].calendar = load_calendar(TZ, CAL.hours, calendar_toml)
    return restarted


async def test_a_new_process_with_the_same_rules_keeps_the_plan(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(4))
    plan = next_nudges(kit)
    restarted = await restarted_kit(kit)
    try:
        assert await run_sweep(restarted, at(4, hour=10)) == []
        assert next_nudges(restarted) == plan
        with restarted.session() as session:
            assert len(session.exec(select(NudgeRecord).where(NudgeRecord.kind == "plan")).all()) == 1
    finally:
        await restarted.stop()


async def test_a_new_calendar_makes_every_plan_again(with_deadline):
    kit = with_deadline
    await run_sweep(kit, at(4))
    await run_sweep(kit, at(7))  # Monday round-up; before3 of 15/12 planned for Thursday 10/12
    assert next_nudges(kit)[("SNV", 3)] == datetime(2020, 12, 10, 8, 0, tzinfo=TZ)
    # A day off added on Friday 11/12: 3 working days before 15/12 is now Wednesday 9/12.
    restarted = await restarted_kit(kit, '[2020]\ndays_off = ["2020-12-11"]\n')
    try:
        calls = nudges_to(await run_sweep(restarted, at(9)), 501)
        assert len(calls) == 1 and "hạn 15/12/2020, còn 3 ngày làm việc" in calls[0].text
        assert next_nudges(restarted)[("SNV", 3)] == datetime(2020, 12, 14, 8, 0, tzinfo=TZ)
        with restarted.session() as session:
            assert len(session.exec(select(NudgeRecord).where(NudgeRecord.kind == "plan")).all()) == 2
    finally:
        await restarted.stop()
