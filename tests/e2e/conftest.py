"""The `playground` fixture: the real bot and real Agents Playgrounds, per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import Playground


@pytest.fixture
async def playground(tmp_path: Path) -> AsyncIterator[Playground]:
    harness = Playground(tmp_path)
    try:
        await harness.start()
        yield harness
    finally:
        await harness.stop()
        # pytest shows captured output only for a failing test: then it explains why.
        print(harness.logs())
