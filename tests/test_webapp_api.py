"""The dashboard's API through its real server on 127.0.0.1: launch data valid, forged, stale, of a
stranger, of a viewer and of an admin; the figures are those of /tonghop; actions as the commands do them."""

import time

import pytest
from sqlmodel import select

from bot.webapp.initdata import launch_fields, sign_init_data
from db.models import AuditLog, ExtensionRequest, ExtensionState
from tests.conftest import fresh_engine
from tests.helpers import ADMIN, assignment_of
from tests.webapp_kit import (
    HTD,
    SNV,
    STRANGER,
    TOKEN,
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


async def test_launch_data_is_checked_on_every_request(dash):
    async with client(dash, ADMIN) as admin:
        me = (await admin.get("api/me")).json()
    assert me["role"] == "admin" and me["user"]["id"] == ADMIN["id"]
    assert [d["number"] for d in me["directives"]] == ["2410/UBND-KSTT"]
    forged_hash = launch_data(ADMIN)[:-4] + "beef"
    other_token = launch_data(ADMIN, token="123456:SOMEONE-ELSES-BOT")
    # A viewer's signed data with the user swapped for an admin: the signature no longer matches.
    swapped = launch_data(VIEWER).replace("%22id%22%3A300", "%22id%22%3A100")
    stale = launch_data(ADMIN, auth_date=int(time.time()) - 24 * 3600 - 60)
    for init in (forged_hash, other_token, swapped, stale, "", "auth_date=1&hash=00"):
        async with client(dash, init=init) as forged:
            for path in ("api/me", "api/dashboard", "api/cell?unit=HTD&task=4"):
                answer = await forged.get(path)
                assert answer.status_code == 401, (init, path)
                assert "không xác thực được" in answer.json()["error"] and "rows" not in answer.json()
    async with client(dash) as anonymous:
        assert (await anonymous.get("api/dashboard")).status_code == 401
        page = await anonymous.get("")  # the page itself is public: it holds no data
        assert page.status_code == 200 and "tgWebAppData" not in page.text and '"Quá hạn"' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "access-control-allow-origin" not in page.headers
    for user in (STRANGER, SNV):  # a focal point is not an office member either
        async with client(dash, user) as outsider:
            answer = await outsider.get("api/dashboard")
            assert answer.status_code == 403 and answer.json() == {
                "error": "Bảng theo dõi chỉ dành cho cán bộ Văn phòng CCHC."}


async def test_signature_covers_every_field_including_signature():
    from bot.webapp.initdata import InitDataError, check_init_data

    fields = launch_fields(user_id=100, first_name="Trần Thị B", auth_date=1_700_000_000)
    fields["signature"] = "ed25519-signature-from-telegram"
    raw = sign_init_data(fields, bot_token=TOKEN)
    assert check_init_data(raw, bot_token=TOKEN, now=1_700_000_100).id == 100
    with pytest.raises(InitDataError):
        check_init_data(raw.replace("ed25519", "ED25519"), bot_token=TOKEN, now=1_700_000_100)
    with pytest.raises(InitDataError):  # a launch "from the future" beyond clock skew
        check_init_data(raw, bot_token=TOKEN, now=1_700_000_000 - 3600)
    with pytest.raises(InitDataError):  # the same field twice
        check_init_data(raw + "&auth_date=1700000000", bot_token=TOKEN, now=1_700_000_100)


async def test_dashboard_figures_match_the_summary(dash):
    async with client(dash, VIEWER) as viewer:
        board = (await viewer.get("api/dashboard")).json()
    summary = (await dash.send(dash.text(VIEWER, "/tonghop")))[0]
    f = board["figures"]
    assert f["units"] == 28 and f["cells"] == 28 * 7
    lines = summary.text.splitlines()
    assert f"✅ Hoàn thành đúng hạn: {f['done_on_time']} lượt" in lines
    assert f"✅ Hoàn thành quá hạn: {f['done_late']} lượt" in lines
    assert f"🔄 Đang thực hiện trong hạn: {f['in_progress']} lượt" in lines
    assert f"⚠️ Vướng mắc (còn hạn): {f['blocked']} lượt" in lines
    assert any(line.startswith(f"❗ Quá hạn: {f['overdue']} lượt ở ") for line in lines)
    assert (f["done_on_time"], f["blocked"], f["overdue"], f["blockers"]) == (2, 1, 3, 2)
    rows = board["rows"]
    assert [r["code"] for r in rows[:2]] == ["HTD", "STC"]  # worst first, as /tonghop
    htd = {c["task"]: c for c in rows[0]["cells"]}
    assert htd[4] == {"task": 4, "status": "blocked", "blocker": True, "deadline": "—"}
    assert htd[3]["status"] == "overdue" and htd[3]["blocker"] is True  # overdue and still a blocker
    assert {"text": "📊 Mở bảng theo dõi", "web_app": {"url": WEBAPP_URL}} in summary.buttons


async def test_filters_and_paging(dash):
    async with client(dash, VIEWER) as viewer:
        async def codes(**params):
            answer = (await viewer.get("api/dashboard", params=params)).json()
            return [r["code"] for r in answer["rows"]], answer["matched"]

        assert await codes(overdue="1") == (["HTD", "STC", "SNV"], 3)
        assert await codes(blocked="1") == (["HTD"], 1)
        assert await codes(status="done_on_time") == (["SNV"], 1)
        assert await codes(q="noi vu") == (["SNV"], 1)  # diacritics optional, as in replies
        districts, count = await codes(kind="district")
        assert count == 8 and "HTD" in districts and "SNV" not in districts
        everything = (await viewer.get("api/dashboard")).json()
        assert everything["pages"] == 1 and everything["matched"] == 28


async def test_cell_history_and_unit_people(dash):
    async with client(dash, VIEWER) as viewer:
        cell = (await viewer.get("api/cell", params={"unit": "HTD", "task": 4})).json()
        assert cell["status"] == "blocked" and cell["task"]["number"] == 4
        assert [(r["who"], r["note"]) for r in cell["reports"]] == [("Hoàng Văn E", "thiếu kinh phí")]
        snv = (await viewer.get("api/cell", params={"unit": "SNV", "task": 1})).json()
        assert [r["file"] for r in snv["reports"]][0] == "KH-CCHC.pdf"
        people = (await viewer.get("api/unit", params={"unit": "HTD"})).json()
        assert people["people"] == [{"name": "Hoàng Văn E", "role": "đầu mối chính", "state": "active",
                                     "reachable": True, "label": "đang hoạt động"}]
        assert (await viewer.get("api/cell", params={"unit": "XXX", "task": 4})).status_code == 404


async def test_viewer_may_not_act_as_admin(dash):
    async with client(dash, VIEWER) as viewer:
        for path, body in (("api/deadline", {"task": 4, "unit": "HTD", "date": "31/12/2020"}),
                           ("api/extension", {"request": 1, "approve": True}), ("api/remind", {"unit": "HTD"})):
            answer = await viewer.post(path, json=body)
            assert answer.status_code == 403, path
            assert answer.json()["error"] == "Thao tác này chỉ dành cho thành viên có quyền quản trị của Văn phòng CCHC."
    assert assignment_of(dash, "HTD", 4).deadline is None
    with dash.session() as session:
        assert session.exec(select(ExtensionRequest)).one().state == ExtensionState.pending


async def test_files_go_to_the_viewers_own_chat(dash):
    dash.api.clear()
    async with client(dash, VIEWER) as viewer:
        report = (await viewer.get("api/cell", params={"unit": "SNV", "task": 1})).json()["reports"][0]
        sent = await viewer.post("api/evidence", json={"report": report["id"], "unit": "SNV", "task": 1})
        assert sent.status_code == 200 and "KH-CCHC.pdf" in sent.json()["message"]
        exported = await viewer.post("api/export", json={})
        assert exported.status_code == 200
    documents = dash.api.sent("sendDocument")
    assert [c.chat_id for c in documents] == [VIEWER["id"], VIEWER["id"]]
    assert documents[0].params["document"] == "F-KH-CCHC.pdf"
    assert next(iter(documents[1].files.values()))[1][:2] == b"PK"  # the workbook itself
    from bot.testing.fake_bot_api import Failure

    dash.api.fail_next(Failure.blocked(), method="sendDocument")
    async with client(dash, VIEWER) as viewer:
        refused = await viewer.post("api/evidence", json={"report": report["id"], "unit": "SNV", "task": 1})
    assert refused.status_code == 409 and "bấm «Bắt đầu»" in refused.json()["error"]


async def test_admin_actions_reuse_the_commands(dash):
    async with client(dash, ADMIN) as admin:
        cell = await admin.post("api/deadline", json={"task": 4, "unit": "HTD", "date": "31/12/2020"})
        assert cell.status_code == 200 and "cho 1 đơn vị" in cell.json()["message"]
        bad = await admin.post("api/deadline", json={"task": 4, "unit": "HTD", "date": "31/02/2020"})
        assert bad.status_code == 400 and "không tồn tại" in bad.json()["error"]
        task = await admin.post("api/deadline", json={"task": 6, "unit": "", "date": "15/01/2021"})
        assert "cho 28 đơn vị" in task.json()["message"]
        pending = (await admin.get("api/extensions")).json()["extensions"]
        assert [(x["unit"], x["task"], x["new"]) for x in pending] == [("HTD", 5, "15/01/2021")]
        dash.api.clear()
        decided = await admin.post("api/extension", json={"request": pending[0]["id"], "approve": True})
        assert decided.status_code == 200
        await dash.drain()
        again = await admin.post("api/extension", json={"request": pending[0]["id"], "approve": False})
        assert again.status_code == 409
        reminded = await admin.post("api/remind", json={"unit": "HTD"})
        assert reminded.status_code == 200
    assert any("đồng ý gia hạn Nhiệm vụ 5" in c.text for c in dash.api.sent(chat_id=HTD["id"]))
    assert str(assignment_of(dash, "HTD", 5).deadline) == "2021-01-15"
    assert str(assignment_of(dash, "HTD", 4).deadline) == "2020-12-31"
    with dash.session() as session:
        actions = [(a.actor, a.action, a.details) for a in session.exec(select(AuditLog).order_by(AuditLog.id))]
    assert ("tg:100", "deadline.set", "2410/UBND-KSTT NV4 31/12/2020 HTD") in actions
    assert ("tg:100", "deadline.set", "2410/UBND-KSTT NV6 15/01/2021 all") in actions
    assert any(a[:2] == ("tg:100", "extension.approved") for a in actions)
    assert actions[-1][:2] == ("tg:100", "remind.send") and actions[-1][2].startswith("HTD ")
    await dash.send(dash.text(ADMIN, "/remind htd"))  # the command leaves the same entry
    with dash.session() as session:
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert (entry.action, entry.details.split()[0]) == ("remind.send", "HTD")


async def test_menu_button_for_every_office_member(backend):
    from bot.settings import Settings
    from db.models import OfficeMember
    from tests.kit import ADMIN_ID, TZ, BotKit

    settings = Settings(token=TOKEN, admin_ids=(ADMIN_ID,), timezone=TZ, rate_limit=False, webapp_url=WEBAPP_URL)
    kit = BotKit(settings=settings, engine=fresh_engine(backend))
    with kit.session() as session:
        session.add(OfficeMember(tg_user_id=300, role="viewer"))
        session.commit()
    await kit.app.initialize()
    try:
        await kit.app.post_init(kit.app)  # at start: every office member, bootstrap admins included
        menus = kit.api.sent("setChatMenuButton")
        assert sorted((c.chat_id, c.params["menu_button"]["type"]) for c in menus) == [(100, "web_app"), (300, "web_app")]
        assert menus[0].params["menu_button"] == {"type": "web_app", "text": "Bảng theo dõi",
                                                  "web_app": {"url": WEBAPP_URL}}
        kit.api.clear()
        await kit.send(kit.text(ADMIN, "/staff add 301 viewer"))
        await kit.send(kit.text(ADMIN, "/staff remove 300"))
        assert [(c.chat_id, c.params["menu_button"]["type"]) for c in kit.api.sent("setChatMenuButton")] == [
            (301, "web_app"), (300, "default")]
    finally:
        await kit.stop()
        kit.engine.dispose()


def test_settings_of_the_dashboard():
    from bot.settings import SettingsError, settings_from_env

    chosen = settings_from_env({"WEBAPP_LISTEN": "127.0.0.1:8081", "WEBAPP_URL": "https://cchc.example.gov.vn/app/"})
    assert chosen.webapp_listen == ("127.0.0.1", 8081) and chosen.webapp_url == "https://cchc.example.gov.vn/app/"
    assert settings_from_env({}).webapp_listen is None  # unset: no web server
    for env, name in (({"WEBAPP_LISTEN": "8081"}, "WEBAPP_LISTEN"), ({"WEBAPP_LISTEN": "host:99999"}, "WEBAPP_LISTEN"),
                      ({"WEBAPP_URL": "http://cchc.example.gov.vn/"}, "WEBAPP_URL"),
                      ({"WEBAPP_URL": "https://cchc.example.gov.vn/app"}, "WEBAPP_URL")):
        with pytest.raises(SettingsError, match=name):
            settings_from_env(env)


async def test_malformed_requests_get_a_polite_answer(dash):
    async with client(dash, ADMIN) as admin:
        for path, kwargs in (("api/extension", {"json": {"request": 1, "approve": "yes"}}),
                             ("api/deadline", {"content": b"not json"}),
                             ("api/cell?unit=HTD&task=x", None), ("api/cell?unit=HTD&task=%C2%B2", None),
                             ("api/cell?unit=HTD&task=99999999999999999999", None),
                             ("api/nothing-here", None)):
            answer = await (admin.post(path, **kwargs) if kwargs else admin.get(path))
            assert answer.status_code in (400, 404), path
            assert answer.json()["error"].startswith(("Yêu cầu chưa hợp lệ", "Hệ thống không tìm thấy")), path
        # '²' is not a number: the newest open directive and its first page, as with nothing given
        odd = await admin.get("api/dashboard?directive=%C2%B2&page=%C2%B2")
        plain = await admin.get("api/dashboard")
        assert odd.status_code == 200 and odd.json() == plain.json()
