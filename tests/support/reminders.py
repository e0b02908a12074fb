"""Running one reminder policy at the handler tier, as the reminders capability does.

`run` finds what is due with the organisation's settings over the policy's
defaults, builds each card in its recipient's language, queues it under its key,
and lets the outbox deliver; `reminder_cards` picks the cards a person got.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chat.reminders import Due, ReminderPolicy
from storage.models import Person
from storage.repos import OutboxRepository
from tests.support.cards import actions_of
from tests.support.handler import Desk


async def run(desk: Desk, policy: ReminderPolicy, now: datetime,
              settings: dict[str, Any] | None = None) -> list[Due]:
    async with desk.db.session() as session:
        due = await policy.find(session, desk.organisation_id,
                                {**policy.defaults, **(settings or {})}, now)
        for item in due:
            person = await session.get(Person, item.person_id)
            message = await item.build(person.preferred_language or "sv", session)
            await OutboxRepository(session).enqueue(
                person_id=item.person_id, message=message, kind=policy.kind, key=item.key,
                organisation_id=desk.organisation_id, record_type=item.record_type,
                record_id=item.record_id)
    await desk.notifier.drain(desk.db)
    return list(due)


def reminder_cards(desk: Desk, who: Any, policy: ReminderPolicy | None = None) -> list[dict]:
    """The reminder cards the person got (every reminder has a snooze button naming its
    policy); of one policy, if given."""
    return [m for m in desk.notifier.to(who.who.person_id) if isinstance(m, dict)
            and any((a.get("data") or {}).get("action") == "reminder.snooze"
                    and (policy is None or a["data"].get("policy") == policy.name)
                    for a in actions_of(m))]
