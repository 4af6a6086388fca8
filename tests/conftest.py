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
