"""The focal point's form in the Mini App, through the real server: their unit's tasks, several reports in one
form stored as status buttons store them (source "miniapp", history, audit, the chat's confirmation, /tonghop),
and nothing of another unit or of the office's views."""

import pytest
from sqlmodel import select

from bot.domain.enums import ReportSource, Status
from db.models import AuditLog, StatusReport
from tests.helpers import ADMIN, assignment_of, reports_of
from tests.webapp_kit import (
    HTD,
    SNV,
    STRANGER,
    VIEWER,
    WEBAPP_URL,
    client,
    launch_data,
    office_dashboard,
)


@pytest.fixture
async def dash(backend):
    async with office_dashboard(backend) as kit:
        yield kit


async def _mine(kit, user) -> dict:
    async with client(kit, user) as focal:
        answer = await focal.get("api/mine")
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_focal_point_sees_their_units_open_tasks(dash):
    mine = await _mine(dash, HTD)
    assert mine["role"] == "focal" and mine["unit"] == {"code": "HTD", "name": "UBND huyện Tam Đường"}
    [directive] = mine["directives"]
    assert directive["number"] == "2410/UBND-KSTT" and [t["number"] for t in directive["tasks"]] == list(range(1, 8))
    tasks = {t["number"]: t for t in directive["tasks"]}
    assert (tasks[3]["status"], tasks[3]["class"], tasks[3]["deadline"], tasks[3]["blocker"]) == \
        ("blocked", "overdue", "15/12/2020", True)
    assert [(h["who"], h["note"]) for h in tasks[4]["history"]] == [("Hoàng Văn E", "thiếu kinh phí")]
    assert tasks[5]["deadline"] == "30/12/2020" and tasks[1]["history"] == []
    assert [s["key"] for s in mine["statuses"]] == ["not_started", "in_progress", "done", "blocked"]
    snv = await _mine(dash, SNV)  # another unit's form holds its own tasks only
    assert snv["unit"]["code"] == "SNV"
    assert {t["assignment"] for t in snv["directives"][0]["tasks"]}.isdisjoint({t["assignment"] for t in directive["tasks"]})


async def test_one_form_stores_two_tasks_as_buttons_do(dash):
    tasks = {t["number"]: t for t in (await _mine(dash, HTD))["directives"][0]["tasks"]}
    dash.api.clear()
    async with client(dash, HTD) as focal:
        answer = await focal.post("api/mine/report", json={"reports": [
            {"assignment": tasks[1]["assignment"], "status": "done", "note": ""},
            {"assignment": tasks[2]["assignment"], "status": "blocked", "note": "  chờ   hướng dẫn\nliên ngành "}]})
    assert answer.status_code == 200, answer.text
    message = answer.json()["message"]
    assert "Nhiệm vụ 1 — ✅ Hoàn thành" in message
    assert "Nhiệm vụ 2 — ⚠️ Vướng mắc (ghi chú: chờ hướng dẫn liên ngành)" in message
    assert message.endswith("Hệ thống đã gửi xác nhận vào cuộc trò chuyện của đồng chí với hệ thống.")
    assert assignment_of(dash, "HTD", 1).status == Status.done
    assert assignment_of(dash, "HTD", 2).status == Status.blocked
    [second] = reports_of(dash, "HTD", 2)
    assert (second.source, second.note) == (ReportSource.miniapp, "chờ hướng dẫn liên ngành")
    await dash.drain()  # the usual confirmation, in the focal point's chat
    confirmations = [c.text for c in dash.api.sent(chat_id=HTD["id"])]
    assert any("Nhiệm vụ 1 — ✅ Hoàn thành" in t and "Nhiệm vụ 2 — ⚠️ Vướng mắc" in t for t in confirmations)
    with dash.session() as session:
        audit = [(a.actor, a.action, a.details) for a in session.exec(select(AuditLog))]
    assert ("tg:601", "report.miniapp", "HTD 2 NV") in audit
    assert any(a[1] == "status.change" and a[0] == "tg:601" for a in audit)
    summary = (await dash.send(dash.text(ADMIN, "/tonghop")))[0].text  # the office's views count them
    assert "✅ Hoàn thành đúng hạn: 3 lượt" in summary
    async with client(dash, VIEWER) as viewer:
        cell = (await viewer.get("api/cell", params={"unit": "HTD", "task": 2})).json()
    assert cell["status"] == "blocked" and cell["reports"][0]["note"] == "chờ hướng dẫn liên ngành"


async def test_a_focal_point_gets_nothing_of_another_unit_or_of_the_office(dash):
    own = (await _mine(dash, HTD))["directives"][0]["tasks"][0]["assignment"]
    foreign = (await _mine(dash, SNV))["directives"][0]["tasks"][5]["assignment"]  # SNV's task 6
    async with client(dash, HTD) as focal:
        refused = await focal.post("api/mine/report", json={"reports": [
            {"assignment": own, "status": "done"}, {"assignment": foreign, "status": "done"}]})
        assert refused.status_code == 403 and refused.json()["error"] == "Đồng chí không có quyền cập nhật nhiệm vụ này."
        for path in ("api/me", "api/dashboard", "api/cell?unit=SNV&task=1", "api/unit?unit=SNV", "api/extensions"):
            answer = await focal.get(path)
            assert answer.status_code == 403 and "rows" not in answer.json(), path
        for path, body in (("api/deadline", {"task": 4, "unit": "HTD", "date": "31/12/2020"}),
                           ("api/export", {}), ("api/remind", {"unit": "HTD"})):
            assert (await focal.post(path, json=body)).status_code == 403, path
    assert reports_of(dash, "HTD", 1) == []  # the whole form is refused: nothing stored, not even its own task
    assert assignment_of(dash, "SNV", 6).status == Status.not_started
    for user in (STRANGER, VIEWER):  # the form is for registered focal points only
        async with client(dash, user) as other:
            answer = await other.get("api/mine")
            assert answer.status_code == 403 and answer.json() == {
                "error": "Mẫu báo cáo chỉ dành cho đầu mối đã đăng ký của cơ quan, đơn vị."}
    forged = launch_data(HTD).replace("%22id%22%3A601", "%22id%22%3A501")  # HTD's launch claiming to be SNV's
    async with client(dash, init=forged) as impostor:
        assert (await impostor.get("api/mine")).status_code == 401
        assert (await impostor.post("api/mine/report", json={"reports": [{"assignment": own, "status": "done"}]})
                ).status_code == 401


async def test_bad_forms_store_nothing(dash):
    task = (await _mine(dash, HTD))["directives"][0]["tasks"][0]["assignment"]
    async with client(dash, HTD) as focal:
        for body in ({"reports": []}, {"reports": [{"assignment": task, "status": "finished"}]},
                     {"reports": [{"assignment": task, "status": "done"}, {"assignment": task, "status": "blocked"}]},
                     {"reports": [{"assignment": str(task), "status": "done"}]}, {"reports": "1 xong"}, []):
            answer = await focal.post("api/mine/report", json=body)
            assert answer.status_code == 400 and "error" in answer.json(), body
        long = await focal.post("api/mine/report", json={"reports": [
            {"assignment": task, "status": "blocked", "note": "thiếu kinh phí " * 100}]})
        assert long.status_code == 400 and "Nhiệm vụ 1" in long.json()["error"] and "vượt giới hạn" in long.json()["error"]
    assert reports_of(dash, "HTD", 1) == []


async def test_revoked_focal_points_and_closed_directives(dash):
    task = (await _mine(dash, HTD))["directives"][0]["tasks"][0]["assignment"]
    await dash.send(dash.text(ADMIN, "/dong 2410/UBND-KSTT"))
    assert (await _mine(dash, HTD))["directives"] == []  # a closed directive's tasks are not open any more
    async with client(dash, HTD) as focal:
        assert (await focal.post("api/mine/report", json={"reports": [{"assignment": task, "status": "done"}]})
                ).status_code == 403
    await dash.send(dash.text(ADMIN, "/molai 2410/UBND-KSTT"))
    await dash.send(dash.text(ADMIN, f"/thuhoi HTD {HTD['id']}"))
    async with client(dash, HTD) as focal:
        assert (await focal.get("api/mine")).status_code == 403
    with dash.session() as session:
        assert session.exec(select(StatusReport).where(StatusReport.source == ReportSource.miniapp)).all() == []


async def test_focal_points_get_the_forms_menu_button(dash):
    def menus(user):
        return [c.params["menu_button"] for c in dash.api.sent("setChatMenuButton", chat_id=user["id"])]

    assert menus(HTD) == [{"type": "web_app", "text": "Báo cáo nhiệm vụ", "web_app": {"url": WEBAPP_URL}}]
    await dash.send(dash.text(ADMIN, f"/thuhoi HTD {HTD['id']}"))
    assert menus(HTD)[-1] == {"type": "default"}  # the button goes with the registration
    assert menus(VIEWER)[-1]["text"] == "Bảng theo dõi"  # an office member's stays the dashboard's
