"""The DSO's alert survives a Bot Connector outage.

A report is filed while the connector answers 500 to everything for a minute.
The alert was queued with the report, so nothing is lost: the dispatcher keeps
trying with backoff, and once the connector is back the DSO gets the alert,
once. The minute is simulated: the dispatcher and the connector share a clock
that runs thirty times faster than the wall clock, so the test takes seconds.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.channel.connector import ConnectorClient
from bot.channel.dispatcher import Dispatcher, DispatchSettings
from bot.channel.retry import RetryPolicy
from bot.channel.service_urls import ServiceUrlPolicy
from bot.channel.tokens import AppTokenProvider
from tests.features.incidents.steps import report_by_clicking
from tests.support.cards import cards_in
from tests.support.fakes.settings import settings_for
from tests.support.harness import BotUnderTest, start_bot

SPEED = 30.0


class FastClock:
    """Wall time, thirty times faster, from the moment it was made."""

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._start_utc = datetime.now(UTC)

    def elapsed(self) -> float:
        return (time.monotonic() - self._start) * SPEED

    def monotonic(self) -> float:
        return self._start + self.elapsed()

    def now(self) -> datetime:
        return self._start_utc + timedelta(seconds=self.elapsed())


@pytest.fixture
async def quiet_bot(tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    """The bot without its own dispatcher: this test runs one on the fast clock."""
    running, stops = await start_bot(tmp_path, serve_dispatches=False)
    try:
        yield running
    finally:
        for stop in stops:
            await stop()


async def test_the_alert_reaches_the_dso_once_after_a_minute_long_outage(quiet_bot):
    bot = quiet_bot
    org = await bot.add_organisation("bun", "Barn- och utbildningsnämnden")
    dana = bot.user("Dana Dataskyddsombud")
    await bot.grant(dana, org, "dso", email="dana@example.se")
    await dana.install()
    stina = bot.user("Stina Skola")
    await stina.install()
    dana.new_messages()

    clock = FastClock()
    bot.connector.clock = clock.monotonic
    bot.connector.unavailable_for(60.0)  # one (simulated) minute of 500s
    [first] = cards_in(await stina.say("rapportera incident"))
    await report_by_clicking(stina, first)
    assert dana.new_messages() == [], "nothing reached the DSO during the outage"

    settings = settings_for(bot.identity)
    client = ConnectorClient(bot.http, AppTokenProvider(settings),
                             retry=RetryPolicy(max_attempts=1),
                             service_urls=ServiceUrlPolicy(loopback=True))
    dispatcher = Dispatcher(bot.db, client, clock=clock.now, settings=DispatchSettings(
        idle_poll_seconds=0.02, flush_seconds=0.02))
    await dispatcher.run_until_idle(waiting_too=True)

    assert clock.elapsed() >= 60.0, "delivered only after the outage"
    alerts = cards_in(dana.new_messages())
    assert len(alerts) == 1, "the DSO gets the alert once"
    failed = [r for r in bot.connector.requests if r.status == 500]
    assert len(failed) >= 3, "it was tried during the outage, with backoff"
    assert len(failed) < 20, "backoff, not hammering"
