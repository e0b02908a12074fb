"""The DSO's summary over large generated data: `figures_for` for one organisation's year.

100,000 incidents, 20,000 register entries and 50,000 rights requests across 20
organisations over three years are written in bulk (Core `insert()` in chunks),
then every figure of one organisation's current year is computed, best of 5, on
SQLite and on PostgreSQL. Targets: under 500 ms on SQLite, under 200 ms on
PostgreSQL.

`python -m bench summary`; sizes with BENCH_INCIDENTS=N BENCH_ENTRIES=N
BENCH_REQUESTS=N BENCH_ORGS=N; SQLite only with BENCH_SUMMARY_PG=0.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bench.dialog_turn import _postgres_database
from bench.harness import LoadShape, Outcome, Stats, benchmark
from chat.install import install
from compliance.localtime import STOCKHOLM
from features import FEATURES
from features.reports.summary import figures_for
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import (
    Incident,
    Organisation,
    ProcessingActivity,
    RegisterObject,
    RightsRequest,
)

INCIDENTS = int(os.environ.get("BENCH_INCIDENTS", "100000"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "20000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50000"))
ORGS = int(os.environ.get("BENCH_ORGS", "20"))
RUNS = 5
CHUNK = 5000
TARGET_MS = {"SQLite": 500, "PostgreSQL": 200}


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


def _moment(rng: random.Random, now: datetime) -> datetime:
    """An instant in the last three calendar years up to now."""
    start = datetime(now.astimezone(STOCKHOLM).year - 2, 1, 1, tzinfo=STOCKHOLM)
    return start + (now - start) * rng.random()


def _rows(now: datetime, org_ids: list[int], object_ids: dict[int, list[uuid.UUID]]
          ) -> dict[Any, list[dict[str, Any]]]:
    rng = random.Random(2024)
    incidents = []
    for n in range(INCIDENTS):
        submitted = _moment(rng, now)
        aware = submitted - timedelta(hours=rng.randrange(0, 96))
        decision = rng.choice((None, "not_notifiable", "not_notifiable", "notified"))
        incidents.append({
            "id": uuid.uuid4(), "organisation_id": org_ids[n % len(org_ids)],
            "reference": f"PUI-{n:07d}", "status": rng.choice(
                ("closed", "closed", "closed", "in_review", "not_notifiable", "notified_imy")),
            "answers": {"discovery": rng.choice(("employee", "routine", "outsider")),
                        "description": "Genererad incident"},
            "submitted_at": submitted, "aware_at": aware, "near_miss": rng.random() < 0.15,
            "decision": decision, "subjects_informed": rng.choice((None, True, False)),
            "imy_notified_at": aware + timedelta(hours=rng.randrange(1, 120))
            if decision == "notified" else None,
            "created_at": submitted, "updated_at": submitted, "revision": 1})
    entries = []
    for n in range(ENTRIES):
        org = org_ids[n % len(org_ids)]
        entries.append({
            "id": uuid.uuid4(), "organisation_id": org, "reference": f"BEH-{n:06d}",
            "object_id": rng.choice(object_ids[org]), "name": f"Behandling {n}",
            "status": rng.choice(("active", "active", "active", "inactive", "retired")),
            "values": {"purposes": ["Undervisning"], "subject_categories": ["Elever"],
                       "data_categories": ["Namn"], "recipients": ["Skolverket"],
                       "retention": "Gallras efter 3 år", "legal_basis": ["6.1e"],
                       "security_measures": "Behörighetsstyrning" if rng.random() < 0.7 else "",
                       "classified": rng.choice(("yes", "no")), "classified_on": "2025-02-01",
                       "klassa_confidentiality": "2", "klassa_integrity": "2",
                       "klassa_availability": "2", "klassa_traceability": "2",
                       "dpia": rng.choice(("needed", "not_needed", "done", "follow_up")),
                       "dpia_date": "2025-03-01", "dpia_follow_up": rng.choice(
                           ("2025-09-01", "2027-01-01", None))},
            "extra": {}, "reviewed_on": (now - timedelta(days=rng.randrange(0, 900))).date(),
            "version": 1, "created_at": now, "updated_at": now, "revision": 1})
    requests = []
    for n in range(REQUESTS):
        received = _moment(rng, now).astimezone(STOCKHOLM).date()
        extended = rng.random() < 0.1
        due = received + timedelta(days=92 if extended else 31)
        status = rng.choice(("answered", "answered", "answered", "withdrawn", "in_progress"))
        requests.append({
            "id": uuid.uuid4(), "organisation_id": org_ids[n % len(org_ids)],
            "reference": f"REG-{n:07d}", "rights": ["access"], "received_on": received,
            "channel": "email", "status": status, "due_on": due,
            "further_months": 2 if extended else 0, "activity_ids": [],
            "answered_on": due + timedelta(days=rng.randrange(-30, 5))
            if status == "answered" else None,
            "created_at": now, "updated_at": now, "revision": 1})
    return {Incident: incidents, ProcessingActivity: entries, RightsRequest: requests}


async def _generate(db: Database, now: datetime) -> int:
    """The data, written in bulk; the id of the organisation whose summary is timed."""
    rng = random.Random(7)
    async with db.session() as session:
        orgs = (await session.execute(insert(Organisation).returning(Organisation.id), [
            {"slug": f"org-{n}", "name": f"Nämnd {n}", "created_at": now}
            for n in range(ORGS)])).scalars().all()
        org_ids = sorted(orgs)
        objects: dict[int, list[uuid.UUID]] = {org: [] for org in org_ids}
        object_rows = []
        for org in org_ids:
            for n in range(10):
                object_id = uuid.uuid4()
                objects[org].append(object_id)
                object_rows.append({"id": object_id, "organisation_id": org,
                                    "name": f"Objekt {n}", "deputies": [], "created_at": now,
                                    "updated_at": now, "revision": 1})
        await session.execute(insert(RegisterObject), object_rows)
    for model, rows in _rows(now, org_ids, objects).items():
        for chunk in _chunks(rows):
            async with db.session() as session:
                await session.execute(insert(model), chunk)
    async with db.engine.connect() as connection:
        await connection.execute(text("ANALYZE"))
        await connection.commit()
    return rng.choice(org_ids)


async def _contender(name: str, url: str, now: datetime) -> tuple[Stats, dict[str, Any]]:
    await upgrade_async(url)
    db = Database(url)
    try:
        started = time.perf_counter()
        org = await _generate(db, now)
        generated = time.perf_counter() - started
        registry = install(FEATURES)
        year = now.astimezone(STOCKHOLM).year
        figures = await figures_for(db, registry, [org], year, now)  # warm-up
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            figures = await figures_for(db, registry, [org], year, now)
            times.append(time.perf_counter() - started)
    finally:
        await db.dispose()
    best = min(times) * 1000
    verdict = "within" if best < TARGET_MS[name] else "OVER"
    print(f"{name}: generated in {generated:.1f} s; figures_for one organisation's {year}: "
          f"best of {RUNS} {best:.1f} ms ({verdict} the target of {TARGET_MS[name]} ms); "
          f"all runs {', '.join(f'{t * 1000:.1f}' for t in times)} ms")
    return Stats(name, RUNS, sum(times), times), figures


@benchmark("summary", f"the DSO's summary over {INCIDENTS:,} incidents, {ENTRIES:,} register "
                      f"entries and {REQUESTS:,} requests in {ORGS} organisations")
async def run(shape: LoadShape) -> Outcome:
    now = datetime.now(UTC)
    rows: list[Stats] = []
    with tempfile.TemporaryDirectory() as tmp:
        stats, figures = await _contender(
            "SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", now)
        rows.append(stats)
        if os.environ.get("BENCH_SUMMARY_PG", "1") != "0":
            async with _postgres_database() as postgres_url:
                pg_stats, pg_figures = await _contender("PostgreSQL", postgres_url, now)
            rows.append(pg_stats)
            if pg_figures != figures:
                print("PostgreSQL and SQLite DISAGREE on the figures")
    print("figures (one organisation, SQLite):")
    for key, figure in figures.items():
        shown = f"{figure.value} of {figure.of}" if figure.of is not None else f"{figure.value}"
        print(f"  {key:32} {shown}")
    return Outcome(rows, baseline="SQLite")
