"""The background jobs of `dsobot serve` and `dsobot worker`.

Hourly, ids of handled deliveries older than their retention are forgotten, and
so are messages the outbox finished with (sent, cancelled, undeliverable, failed)
more than `DSOBOT_OUTBOX_RETENTION_DAYS` ago, and files written for people
(exports, reports) after two days;
daily, every organisation's data past its retention schedule is disposed of
(`chat.retention`). A job that fails is logged and tried again at its next
turn: a database hiccup must not stop the bot. Several instances may run the
jobs at once; each is idempotent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from chat.retention import purge
from storage.db import Database
from storage.dedupe import DatabaseDeduper
from storage.models import utcnow
from storage.repos import OrganisationRepository, OutboxRepository

log = logging.getLogger(__name__)

TICK_SECONDS = 3600
RETENTION_EVERY = timedelta(days=1)


class Jobs:
    def __init__(self, db: Database, deduper: DatabaseDeduper, records: list[Any],
                 dedupe_days: int, clock: Callable[[], datetime] = utcnow,
                 outbox_days: int = 30, data_dir: Path | None = None) -> None:
        self._db = db
        self._data_dir = data_dir
        self._deduper = deduper
        self._records = records
        self._dedupe_days = dedupe_days
        self._outbox_days = outbox_days
        self._clock = clock
        self._retention_due: datetime | None = None  # first run: at the first tick

    async def tick(self) -> None:
        """One round of whatever is due."""
        try:
            removed = await self._deduper.purge_older_than(self._dedupe_days)
            if removed:
                log.info("forgot %d handled activity ids", removed)
        except Exception:
            log.exception("purging handled activity ids failed")
        now = self._clock()
        try:
            # A message keeps its content (personal data) only while it may be needed:
            # to deliver it, and for the DSO's list of what did not arrive.
            async with self._db.session() as session:
                removed = await OutboxRepository(session).purge_finished(
                    now - timedelta(days=self._outbox_days))
            if removed:
                log.info("forgot %d finished outbox messages", removed)
        except Exception:
            log.exception("purging finished outbox messages failed")
        if self._data_dir is not None:
            removed = forget_given_files(self._data_dir, now)
            if removed:
                log.info("forgot %d files given to people (exports, reports)", removed)
        if self._retention_due is None or now >= self._retention_due:
            await self.apply_retention(now)
            self._retention_due = now + RETENTION_EVERY

    async def apply_retention(self, now: datetime) -> None:
        async with self._db.session(readonly=True) as session:
            organisations = await OrganisationRepository(session).list()
        for organisation in organisations:
            try:
                done = await purge(self._db, organisation.id, self._records, now)
                if any(done.counts().values()):
                    log.info("retention: %s purged %s", organisation.slug, done.counts())
            except Exception:
                log.exception("retention purge of organisation %s failed", organisation.id)

    async def run_forever(self) -> None:
        while True:
            await self.tick()
            await asyncio.sleep(TICK_SECONDS)


# Files written for people (exports, reports) and files they sent that were left
# behind (uploads) hold personal data; they are fetched
# within minutes (a link lives 15 minutes, a consent card a day) and written anew
# on request, so they are kept two days at most.
GIVEN_FILES = ("exports", "reports", "uploads")
GIVEN_FILES_KEPT = timedelta(days=2)


def forget_given_files(data_dir: Path, now: datetime) -> int:
    removed = 0
    cutoff = (now - GIVEN_FILES_KEPT).timestamp()
    for folder in GIVEN_FILES:
        for path in (data_dir / folder).rglob("*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                log.warning("a given file could not be removed")
    return removed
