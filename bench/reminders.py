"""Reminder fan-out through the outbox under Teams' rate limit, with injected failures.

10,000 reminders to 2,000 people in 3 tenants are queued, then one dispatcher
delivers them to a fake Bot Connector on loopback that answers 5% of requests
with 429 (Retry-After: 1) and 1% with 500, as Teams does under load. The
dispatcher keeps a per-tenant ceiling (`DSOBOT_TENANT_RATE`, default 40 a
second, below Teams' 50).

Printed: whether every reminder arrived, exactly once, whether the ceiling was
ever exceeded (every request the connector saw, failed ones included, in every
one-second window per tenant), and the time against the minimum the ceiling
allows: the busiest tenant's requests divided by the ceiling. Throttled and
failed requests count against the ceiling at Teams as well, so they are in the
minimum; the time against the reminders alone is printed beside it.

`python -m bench reminders`; sizes with BENCH_REMINDERS=N BENCH_PEOPLE=N,
the ceiling with BENCH_CEILING=N, PostgreSQL as well with BENCH_REMINDERS_PG=1.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import aiohttp

from bench.dialog_turn import _postgres_database
from bench.harness import LoadShape, Outcome, Stats, benchmark
from bot.channel.connector import ConnectorClient
from bot.channel.dispatcher import Dispatcher
from bot.channel.retry import RetryPolicy
from bot.channel.service_urls import ServiceUrlPolicy
from bot.channel.throttle import RateLimits
from bot.channel.tokens import AppTokenProvider
from bot.settings import Settings
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import ConversationReference, OutboxMessage, OutboxState, Person, utcnow
from storage.repos import OrganisationRepository
from tests.support.fakes import FakeConnector

REMINDERS = int(os.environ.get("BENCH_REMINDERS", "10000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "2000"))
TENANTS = ("tenant-north", "tenant-south", "tenant-west")
CEILING = int(os.environ.get("BENCH_CEILING", "40"))
FAILURES = {429: 0.05, 500: 0.01}


async def _queue(db: Database, connector_url: str) -> None:
    """People, their 1:1 chats, and the reminders: written directly, in bulk."""
    now = utcnow()
    async with db.session() as session:
        org, _ = await OrganisationRepository(session).upsert("bench", "Benchnämnden")
        people = [Person(aad_object_id=f"aad-{n}", tenant_id=TENANTS[n % len(TENANTS)],
                         display_name=f"Person {n}", created_at=now, updated_at=now)
                  for n in range(PEOPLE)]
        session.add_all(people)
        await session.flush()
        session.add_all(ConversationReference(
            channel_id="msteams", conversation_id=f"a:{p.id}", person_id=p.id,
            tenant_id=p.tenant_id, conversation_type="personal", service_url=connector_url,
            bot_id="28:bot", reference={}, created_at=now, updated_at=now) for p in people)
        session.add_all(OutboxMessage(
            key=f"bench:{n}", organisation_id=org.id, person_id=people[n % PEOPLE].id,
            kind="reminder.bench", message=f"Påminnelse {n}", state=OutboxState.QUEUED.value,
            due_at=now, attempts=0, created_at=now) for n in range(REMINDERS))


def _over_ceiling(times: list[float]) -> int:
    """Requests that made some one-second window hold more than the ceiling."""
    times.sort()
    over, start = 0, 0
    for end, at in enumerate(times):
        while times[start] <= at - 1.0:
            start += 1
        over += (end - start + 1) > CEILING
    return over


async def _contender(name: str, url: str) -> tuple[str, float, str]:
    await upgrade_async(url)
    db = Database(url)
    async with FakeConnector() as connector, aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=200)) as http:
        await _queue(db, connector.url)
        connector.failure_rates = dict(FAILURES)
        client = ConnectorClient(http, AppTokenProvider(Settings()),
                                 retry=RetryPolicy(max_attempts=1),
                                 service_urls=ServiceUrlPolicy(loopback=True))
        dispatcher = Dispatcher(db, client, limits=RateLimits(tenant_ceiling=CEILING))
        began = time.perf_counter()
        await dispatcher.run_until_idle(waiting_too=True)
        seconds = time.perf_counter() - began
        texts = [a.get("text") for sent in connector.activities.values() for a in sent]
        async with db.session(readonly=True) as session:
            from sqlalchemy import func, select

            states = dict((await session.execute(
                select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))).all())
    await db.dispose()
    by_tenant: dict[str, list[float]] = defaultdict(list)
    for request in connector.requests:
        by_tenant[request.tenant or "?"].append(request.at)
    delivered = len(set(texts))
    duplicates = sum(count - 1 for count in Counter(texts).values())
    exceeded = sum(_over_ceiling(times) for times in by_tenant.values())
    busiest = max(len(times) for times in by_tenant.values())
    minimum = busiest / CEILING
    reminders_only = max(Counter(n % PEOPLE % len(TENANTS) for n in range(REMINDERS)).values()
                         ) / CEILING
    line = (f"{name}: {REMINDERS:,} reminders, {PEOPLE:,} people, {len(TENANTS)} tenants, "
            f"ceiling {CEILING}/s, {len(connector.requests):,} requests "
            f"({sum(1 for r in connector.requests if r.status == 429)} answered 429, "
            f"{sum(1 for r in connector.requests if r.status == 500)} answered 500), "
            f"{seconds:.1f} s, {100 * seconds / reminders_only:.0f}% of the reminders alone; "
            f"sent {states.get('sent', 0):,} in the outbox; "
            f"delivered {delivered}/{REMINDERS}, duplicates {duplicates}, "
            f"ceiling exceeded {exceeded}, time {100 * seconds / minimum:.0f}% of minimum")
    return name, seconds, line


@benchmark("reminders", f"{REMINDERS:,} reminders through the outbox to a throttling connector")
async def run(shape: LoadShape) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        results = [await _contender("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")]
        if os.environ.get("BENCH_REMINDERS_PG"):
            async with _postgres_database() as postgres_url:
                results.append(await _contender("PostgreSQL", postgres_url))
    for _, _, line in results:
        print(line)
    return Outcome([Stats(name, REMINDERS, seconds, [seconds]) for name, seconds, _ in results],
                   baseline="SQLite")
