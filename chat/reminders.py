"""What a capability contributes to reminders: policies that say what is due.

A policy is evaluated for each organisation now and then (by the reminders
capability). It reads the facts it needs, then decides with a pure function
what is due at this moment, as `Due` items. Each item has a unique key per
step of its ladder (e.g. ``incident_deadline:<id>:h24``), so evaluating twice
enqueues once; after a missed run, a policy returns only the latest step that
is due, never every step it missed. The outbox delivers the items; just before
it does, it asks the policy whether the reminder still applies (an incident
decided meanwhile is not nagged about).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from i18n import Lang

OUTBOX_KIND_PREFIX = "reminder."

# The card or text of one reminder, built in its recipient's language.
BuildMessage = Callable[[Lang, AsyncSession], Awaitable["str | dict[str, Any]"]]


@dataclass(frozen=True)
class Due:
    """One reminder due now, for one person."""

    key: str  # unique for this step of this record's ladder, for this person
    person_id: int
    build: BuildMessage
    record_type: str | None = None
    record_id: str | None = None


# Reads what the policy needs and decides what is due: (session, organisation id,
# the organisation's settings for the policy, now) -> the reminders due now.
FindDue = Callable[[AsyncSession, int, Mapping[str, Any], datetime], Awaitable[Sequence[Due]]]
# Whether a queued reminder about this record still applies at delivery time.
StillApplies = Callable[[AsyncSession, str, datetime], Awaitable[bool]]


@dataclass(frozen=True)
class ReminderPolicy:
    name: str  # stable: the outbox kind is "reminder.<name>", and the settings' key
    label_key: str  # catalog key: what the DSO sees it called
    find: FindDue
    defaults: Mapping[str, Any] = field(default_factory=dict)
    still_applies: StillApplies | None = None
    # Legal clocks (72 hours, one month) run on calendar time, at any hour. The others
    # are delivered on Swedish working days, in office hours.
    legal: bool = False
    enabled_by_default: bool = True

    @property
    def kind(self) -> str:
        return OUTBOX_KIND_PREFIX + self.name
