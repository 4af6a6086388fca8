import pytest

from tests.kit import BotKit


@pytest.fixture
async def kit():
    kit = await BotKit().start()
    yield kit
    await kit.stop()
