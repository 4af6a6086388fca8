"""The dashboard's server on 127.0.0.1 (a free port) inside a BotKit, launch data signed like Telegram's,
and the office scenario its tests look at."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import httpx

from bot.services import services
from bot.settings import Settings
from bot.webapp.initdata import launch_fields, sign_init_data
from tests.helpers import ADMIN, register, task_messages
from tests.kit import ADMIN_ID, OFFICE_CHAT_ID, TZ, BotKit, person

TOKEN = "123456:DASHBOARD-TEST-TOKEN"
WEBAPP_URL = "https://cchc.example.gov.vn/dashboard/"
SNV, HTD, VIEWER, STRANGER = person(501), person(601, "Hoàng Văn E"), person(300, "Lê Văn Xem"), person(999, "Người lạ")


def launch_data(user: dict, *, token: str = TOKEN, auth_date: int | None = None) -> str:
    """Raw init data as Telegram passes it to the Mini App opened by `user`."""
    stamp = int(time.time()) if auth_date is None else auth_date
    return sign_init_data(launch_fields(user_id=user["id"], first_name=user["first_name"], auth_date=stamp),
                          bot_token=token)


async def dashboard_kit(engine) -> BotKit:
    settings = Settings(token=TOKEN, admin_ids=(ADMIN_ID,), office_chat_id=OFFICE_CHAT_ID, rate_limit=False,
                        timezone=TZ, webapp_listen=("127.0.0.1", 0), webapp_url=WEBAPP_URL)
    kit = await BotKit(settings=settings, engine=engine).start()
    kit.base_url = f"http://127.0.0.1:{services(kit.app).webapp.port}/"
    services(kit.app).webapp.tarpit.capacity = 0  # refusals answered at once (test_webapp_limits looks at the pause)
    return kit


async def office_scenario(kit: BotKit) -> None:
    """SNV and HTD registered; SNV did 1 and 2 and attached a file; HTD is blocked on 4 (no deadline: in
    time) and on 3 (overdue); task 3 is due 15/12/2020 for SNV, HTD and STC only; HTD asks to extend 5;
    a viewer; the clock on Monday 21/12/2020."""
    snv = await register(kit, "SNV", SNV)
    cards = task_messages(snv, SNV["id"])
    await register(kit, "HTD", HTD)
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 3 15/12/2020 SNV,HTD,STC"))
    await kit.send(kit.text(ADMIN, "/deadline 2410/UBND-KSTT 5 30/12/2020 HTD"))
    await kit.send(kit.text(SNV, "1,2 xong"))
    await kit.send(kit.document(SNV, file_name="KH-CCHC.pdf", reply_to=cards[0]))
    await kit.send(kit.text(HTD, "4 vướng mắc: thiếu kinh phí"))
    await kit.send(kit.text(HTD, "3 vướng mắc: chờ hướng dẫn của Sở"))
    await kit.send(kit.text(HTD, "/giahan 5 15/01/2021 chờ kinh phí bổ sung"))
    await kit.send(kit.text(ADMIN, "/staff add 300 viewer"))
    kit.clock.current = datetime(2020, 12, 21, 9, 0, tzinfo=TZ)


@asynccontextmanager
async def office_dashboard(backend: str) -> AsyncIterator[BotKit]:
    """A dashboard kit on an empty database of `backend` with the office scenario, stopped afterwards: the
    `dash` fixture of the dashboard's test files."""
    from tests.conftest import fresh_engine

    kit = await dashboard_kit(fresh_engine(backend))
    try:
        await office_scenario(kit)
        yield kit
    finally:
        await kit.stop()
        kit.engine.dispose()


def client(kit: BotKit, user: dict | None = None, *, init: str | None = None) -> httpx.AsyncClient:
    """An HTTP client of the dashboard as `user` (or with the given raw init data)."""
    headers = {}
    if user is not None or init is not None:
        headers["Authorization"] = ("tma " + (init if init is not None else launch_data(user))).strip()
    return httpx.AsyncClient(base_url=kit.base_url, headers=headers, timeout=30)
