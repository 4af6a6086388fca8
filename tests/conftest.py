import os

import pytest

from tests.kit import BotKit

PG_URL = os.environ.get("CCHC_TEST_PG_URL")


def fresh_engine(backend: str):
    """An empty database of the given backend (PostgreSQL only when CCHC_TEST_PG_URL is set)."""
    from sqlmodel import SQLModel

    from db.engine import make_engine

    if backend == "sqlite":
        return make_engine("sqlite://")
    if not PG_URL:
        pytest.skip("PostgreSQL not available here: set CCHC_TEST_PG_URL (.ci/run starts a server and does)")
    engine = make_engine(PG_URL)
    SQLModel.metadata.drop_all(engine)
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    return request.param


@pytest.fixture
async def kit(backend):
    kit = await BotKit(engine=fresh_engine(backend)).start()
    yield kit
    await kit.stop()
    kit.engine.dispose()


@pytest.fixture
def server():
    """The fake Bot API over HTTP on 127.0.0.1, for tests that run `cchc-bot run` as a process."""
    from tests.fake_http_api import FakeBotServer

    server = FakeBotServer().start()
    yield server
    server.stop()


@pytest.fixture
def bots():
    """Bot processes a test starts; each is stopped at the end."""
    started = []
    yield started
    for bot in started:
        bot.stop()
