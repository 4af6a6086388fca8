"""The dashboard holds (issue 20, point 4), each limit through the real server on 127.0.0.1: bodies refused
unread, launch data checked before the body, per-member limits (429 with the page's text), queries in the
bounded pool, shared snapshots ended by writes, the refusal log, the proxy's headers, static headers."""

import asyncio
import logging
import threading

import httpx
import pytest

from bot import texts
from bot.metrics import REGISTRY
from bot.services import services
from bot.webapp import views
from bot.webapp.guard import MAX_BODY_BYTES, MemberLimits, RefusalLog, Tarpit
from tests.helpers import ADMIN
from tests.webapp_kit import HTD, VIEWER, client, launch_data, office_dashboard


@pytest.fixture
async def dash():
    async with office_dashboard("sqlite") as kit:
        yield kit


def server_of(kit):
    return services(kit.app).webapp


async def raw_request(kit, head: str) -> bytes:
    """Send only a request's head (no body) and read whatever the server answers before closing or 5 s."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server_of(kit).port)
    writer.write(head.replace("\n", "\r\n").encode() + b"\r\n")
    await writer.drain()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = await asyncio.wait_for(reader.read(65536), timeout=5)
            if not chunk:
                break
            answer += chunk
        closed = await asyncio.wait_for(reader.read(1), timeout=5) == b""
    finally:
        writer.close()
    return answer, closed


async def test_a_large_body_is_refused_before_it_is_read(dash):
    answer, closed = await raw_request(dash, "POST /api/export HTTP/1.1\nHost: x\nContent-Type: application/json\n"
                                             f"Content-Length: {10 * 1024 * 1024}\n")
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert texts.WEBAPP_TOO_LARGE.encode() in answer
    assert closed  # the server hung up without waiting for the 10 MB it was promised
    # Even with valid launch data: the size is refused first.
    answer, closed = await raw_request(dash, f"POST /api/deadline HTTP/1.1\nHost: x\nAuthorization: tma {launch_data(ADMIN)}"
                                             f"\nContent-Length: {MAX_BODY_BYTES + 1}\n")
    assert answer.startswith(b"HTTP/1.1 413") and closed
    async with client(dash, ADMIN) as admin:  # the page's own requests are far below the limit
        ok = await admin.post("api/deadline", json={"task": 4, "unit": "HTD", "date": "31/12/2020", "pad": "x" * 1000})
        assert ok.status_code == 200, ok.text
        async def parts():
            yield b"{"
            yield b" " * (MAX_BODY_BYTES + 10)
            yield b"}"

        with pytest.raises(httpx.HTTPError):  # chunked, no declared length: the server's limit stops the reading
            await admin.post("api/remind", content=parts())


async def test_launch_data_is_checked_before_the_body_arrives(dash):
    forged = launch_data(ADMIN)[:-4] + "beef"
    answer, _ = await raw_request(dash, f"POST /api/remind HTTP/1.1\nHost: x\nAuthorization: tma {forged}\n"
                                        "Content-Type: application/json\nContent-Length: 1000\n")
    assert answer.startswith(b"HTTP/1.1 401") and texts.WEBAPP_UNAUTHORIZED.encode() in answer


async def test_requests_in_flight_per_member(dash, monkeypatch):
    server = server_of(dash)
    server.limits = MemberLimits(in_flight=1, per_minute=1000)
    gate, started, threads = threading.Event(), threading.Event(), []
    original = views.dashboard_json

    def held(session, **kw):
        threads.append(threading.current_thread().name)
        started.set()
        gate.wait(10)
        return original(session, **kw)

    monkeypatch.setattr(views, "dashboard_json", held)
    async with client(dash, VIEWER) as viewer, client(dash, ADMIN) as admin:
        first = asyncio.create_task(viewer.get("api/dashboard"))
        await asyncio.to_thread(started.wait, 10)
        second = await viewer.get("api/unit", params={"unit": "HTD"})
        assert second.status_code == 429 and second.json() == {"error": texts.WEBAPP_TOO_MANY}
        assert (await admin.get("api/unit", params={"unit": "HTD"})).status_code == 200  # others unaffected
        gate.set()
        assert (await first).status_code == 200
        assert (await viewer.get("api/unit", params={"unit": "HTD"})).status_code == 200  # the slot came back
    assert threads and all(name.startswith("dashboard") for name in threads)  # the bounded pool, not the loop's


async def test_refusals_are_answered_after_a_pause(dash):
    server = server_of(dash)
    server.limits, server.tarpit = MemberLimits(in_flight=4, per_minute=1), Tarpit()
    async with client(dash, VIEWER) as viewer:
        assert (await viewer.get("api/me")).status_code == 200
        refused = asyncio.create_task(viewer.get("api/me"))
        while server.tarpit.waiting == 0:  # the refusal waits on the server, not on the client
            assert not refused.done()
            await asyncio.sleep(0.01)
        answer = await refused
    assert answer.status_code == 429 and answer.headers["retry-after"] == "5" and server.tarpit.waiting == 0


async def test_requests_per_minute_per_member(dash):
    server_of(dash).limits = MemberLimits(in_flight=4, per_minute=5)
    refused_before = REGISTRY.get_sample_value("cchc_dashboard_requests_total", {"status": "429"}) or 0
    timed_before = REGISTRY.get_sample_value("cchc_dashboard_request_duration_seconds_count")
    async with client(dash, VIEWER) as viewer, client(dash, ADMIN) as admin:
        statuses = [(await viewer.get("api/unit", params={"unit": "HTD"})).status_code for _ in range(7)]
        assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
        assert (await admin.get("api/me")).status_code == 200
    assert REGISTRY.get_sample_value("cchc_dashboard_requests_total", {"status": "429"}) == refused_before + 2
    assert REGISTRY.get_sample_value("cchc_dashboard_request_duration_seconds_count") == timed_before + 8


def test_member_limits_refill_and_stay_bounded():
    limits = MemberLimits(in_flight=2, per_minute=60, max_tracked=100)
    assert [limits.admit(1, 0.0) for _ in range(3)] == [True, True, False]  # two in flight
    limits.release(1)
    limits.release(1)
    assert all(limits.admit(1, 0.0) and limits.release(1) is None for _ in range(58))
    assert not limits.admit(1, 0.0)  # the minute's 60 are spent
    assert limits.admit(1, 1.0)  # a second later one more is allowed
    for user in range(5000):
        limits.admit(1000 + user, 100.0 + user)
        limits.release(1000 + user)
    assert len(limits) <= 100


async def test_concurrent_views_share_one_snapshot_until_a_write(dash, monkeypatch):
    server = server_of(dash)
    gate, started = threading.Event(), threading.Event()
    original = views.dashboard_json

    def held(session, **kw):
        started.set()
        gate.wait(10)
        return original(session, **kw)

    monkeypatch.setattr(views, "dashboard_json", held)
    before = server.snapshots.computed
    async with client(dash, VIEWER) as viewer, client(dash, ADMIN) as admin:
        views_at_once = [asyncio.create_task(c.get("api/dashboard")) for c in (viewer, admin, viewer)]
        await asyncio.to_thread(started.wait, 10)
        gate.set()
        boards = [(await v).json() for v in views_at_once]
        assert server.snapshots.computed == before + 1 and boards[0] == boards[1] == boards[2]
        assert (await admin.get("api/dashboard")).json() == boards[0]  # still fresh: served again
        assert server.snapshots.computed == before + 1
        await dash.send(dash.text(HTD, "4 xong"))  # a write to the directive ends the snapshot
        after = (await viewer.get("api/dashboard")).json()
    assert server.snapshots.computed == before + 2
    assert after["figures"]["blocked"] == boards[0]["figures"]["blocked"] - 1


async def test_refused_launch_data_is_logged_once_a_minute_per_address(dash, caplog):
    caplog.set_level(logging.INFO)
    async with client(dash, init="auth_date=1&hash=00") as forger:
        for _ in range(30):
            assert (await forger.get("api/dashboard")).status_code == 401
    refusals = [r.getMessage() for r in caplog.records if "refused launch data" in r.getMessage()]
    assert len(refusals) == 1 and "from 127.0.0.1" in refusals[0]
    assert not [r for r in caplog.records if r.name == "tornado.access"]  # no line per refused request
    log = RefusalLog()
    assert log.note("10.0.0.1", 0.0) == 1 and log.note("10.0.0.2", 1.0) == 1
    assert [log.note("10.0.0.1", t) for t in (10.0, 20.0, 59.0)] == [None, None, None]
    assert log.note("10.0.0.1", 61.0) == 4  # this one and the three kept quiet


async def test_client_address_is_believed_only_from_the_named_proxy(dash, caplog):
    caplog.set_level(logging.INFO)
    server = server_of(dash)
    claimed = {"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "203.0.113.9"}
    async with client(dash, init="auth_date=1&hash=00") as forger:
        await forger.get("api/me", headers=claimed)
        server.trusted_proxies = ("127.0.0.1",)  # WEBAPP_TRUSTED_PROXY=127.0.0.1: the proxy is the peer here
        await forger.get("api/me", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})
    lines = [r.getMessage() for r in caplog.records if "refused launch data" in r.getMessage()]
    assert "from 127.0.0.1 " in lines[0] and "203.0.113.9" not in " ".join(lines)
    assert "from 203.0.113.7 " in lines[1]  # the address the proxy added, not what the client wrote before it


async def test_static_files_and_page_headers(dash):
    async with client(dash) as anonymous:
        for name in ("static/app.js", "static/app.css"):
            answer = await anonymous.get(name)
            assert answer.status_code == 200
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["cache-control"] == "no-cache" and answer.headers["etag"]
            again = await anonymous.get(name, headers={"If-None-Match": answer.headers["etag"]})
            assert again.status_code == 304
        page = await anonymous.get("")
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors https://web.telegram.org" in policy and policy.count("frame-ancestors") == 1
    assert page.headers["x-content-type-options"] == "nosniff"


def test_trusted_proxy_setting():
    from bot.settings import SettingsError, settings_from_env

    assert settings_from_env({}).webapp_trusted_proxy == ()
    assert settings_from_env({"WEBAPP_TRUSTED_PROXY": "127.0.0.1, ::1"}).webapp_trusted_proxy == ("127.0.0.1", "::1")
    with pytest.raises(SettingsError, match="WEBAPP_TRUSTED_PROXY"):
        settings_from_env({"WEBAPP_TRUSTED_PROXY": "proxy.local"})
