"""Runs every installed reminder policy for every organisation, and queues what is due.

For each organisation and policy, in a transaction of its own (one failing policy
does not stop the others, and is logged without content):

1. the organisation's setting for the policy: on or off, and its parameters merged
   over the policy's defaults;
2. the policy decides what is due now (`ReminderPolicy.find`);
3. reminders about a record someone snoozed (until a time still ahead) are dropped;
4. each remaining one is built in its recipient's language and queued in the outbox
   under the key ``reminder:<due.key>``, so evaluating twice queues once. Only
   reminders not queued before are built at all.

Legal clocks are due at once. The others are held until the organisation's next
office moment (Swedish working days, office hours in Europe/Stockholm).
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.registry import Registry
from chat.reminders import Due, ReminderPolicy
from compliance.localtime import require_aware, to_utc
from features.reminders.rules.office_hours import next_office_moment
from features.reminders.settings import (
    OFFICE_HOURS,
    effective,
    evaluating_for,
    office_hours,
    policies_of,
    row_of,
)
from i18n import DEFAULT_LANGUAGE, language_of
from storage.db import Database
from storage.models import OutboxMessage, Person, ReminderSnooze
from storage.repos import OrganisationRepository, OutboxRepository

__all__ = ["KEY_PREFIX", "evaluate", "next_office_moment", "outbox_key"]

log = logging.getLogger(__name__)

KEY_PREFIX = "reminder:"
_CHUNK = 500


def outbox_key(due: Due) -> str:
    """The reminder's key in the outbox (whose keys hold 200 characters)."""
    return (KEY_PREFIX + due.key)[:200]


async def evaluate(db: Database, registry: Registry, now: datetime, *,
                   any_time: bool = False) -> dict[str, Any]:
    """Evaluate every policy for every organisation at `now`; queue what is due.

    `any_time`: deliver every reminder at once, office hours or not (for trying the
    bot out: `make run` and the end-to-end tests, at night and at weekends too).

    Returns counts: ``organisations``, ``policies``, ``queued`` (new rows),
    ``already`` (queued before), ``snoozed``, ``disabled`` (organisation × policy
    pairs switched off), ``failed`` (pairs that raised), and ``by_policy``
    (new rows per policy name).
    """
    now = to_utc(require_aware(now))
    policies = policies_of(registry)
    async with db.session(readonly=True) as session:
        organisations = [o.id for o in await OrganisationRepository(session).list()]
    totals: Counter[str] = Counter()
    by_policy: Counter[str] = Counter()
    with evaluating_for(registry):
        for org_id in organisations:
            async with db.session(readonly=True) as session:
                start, end = office_hours(await row_of(session, org_id, OFFICE_HOURS))
            office_moment = now if any_time else next_office_moment(now, start, end)
            for policy in policies:
                try:
                    async with db.session() as session:
                        done = await _run(session, policy, org_id, now,
                                          now if policy.legal else office_moment)
                except Exception as error:  # one policy's fault must not stop the others
                    totals["failed"] += 1
                    # The type and the frames (code), never the message: it may hold data.
                    log.error("reminder policy %s failed for organisation %s (%s)\n%s",
                              policy.name, org_id, type(error).__name__,
                              "".join(traceback.format_tb(error.__traceback__)))
                    continue
                totals.update(done)
                by_policy[policy.name] += done["queued"]
    return {
        "organisations": len(organisations),
        "policies": len(policies),
        "queued": totals["queued"],
        "already": totals["already"],
        "snoozed": totals["snoozed"],
        "disabled": totals["disabled"],
        "failed": totals["failed"],
        "by_policy": dict(by_policy),
    }


async def _run(session: AsyncSession, policy: ReminderPolicy, org_id: int, now: datetime,
               due_at: datetime) -> Counter[str]:
    """One policy for one organisation, in the caller's transaction."""
    done: Counter[str] = Counter(queued=0)
    setting = effective(policy, await row_of(session, org_id, policy.name))
    if not setting.enabled:
        done["disabled"] += 1
        return done
    found = list(await policy.find(session, org_id, setting.values, now))
    if not found:
        return done
    snoozed = await _snoozed(session, org_id, policy.name, now)
    awake = [d for d in found if d.record_id is None or str(d.record_id) not in snoozed]
    done["snoozed"] += len(found) - len(awake)
    queued_before = await _existing(session, [outbox_key(d) for d in awake])
    fresh = [d for d in awake if outbox_key(d) not in queued_before]
    done["already"] += len(awake) - len(fresh)
    languages = await _languages(session, {d.person_id for d in fresh})
    outbox = OutboxRepository(session)
    for due in fresh:
        message = await due.build(languages.get(due.person_id, DEFAULT_LANGUAGE), session)
        added = await outbox.enqueue(
            person_id=due.person_id, message=message, kind=policy.kind, key=outbox_key(due),
            organisation_id=org_id, record_type=due.record_type, record_id=due.record_id,
            due_at=due_at)
        done["queued" if added else "already"] += 1
    return done


async def _snoozed(session: AsyncSession, org_id: int, policy: str, now: datetime) -> set[str]:
    rows = await session.scalars(select(ReminderSnooze.record_id).where(
        ReminderSnooze.organisation_id == org_id, ReminderSnooze.policy == policy,
        ReminderSnooze.until > now))
    return set(rows)


async def _existing(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(keys), _CHUNK):
        chunk = list(keys[i:i + _CHUNK])
        found |= set(await session.scalars(
            select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))))
    return found


async def _languages(session: AsyncSession, person_ids: set[int]) -> dict[int, str]:
    """Each recipient's language: their own choice, else Swedish."""
    found: dict[int, str] = {}
    ids = sorted(person_ids)
    for i in range(0, len(ids), _CHUNK):
        rows = await session.execute(select(Person.id, Person.preferred_language).where(
            Person.id.in_(ids[i:i + _CHUNK])))
        found.update({pid: language_of(lang) for pid, lang in rows if lang})
    return found
