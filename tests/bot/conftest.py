from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.bot.harness import BotUnderTest, start_bot


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    running, stops = await start_bot(tmp_path)
    try:
        yield running
    finally:
        for stop in stops:
            await stop()
