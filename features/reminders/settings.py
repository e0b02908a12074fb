"""Each organisation's reminder settings: which policies run, with which parameters,
and its office hours. Stored in `ReminderSetting`, one row per organisation and
policy; no row means the policy's defaults. Office hours are a pseudo-policy,
`office_hours`, whose settings are `{"start": "08:00", "end": "17:00"}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.registry import Registry
from chat.reminders import ReminderPolicy
from features.reminders.rules.office_hours import (
    DEFAULT_END,
    DEFAULT_START,
    clock_text,
    parse_clock,
)
from features.reminders.rules.params import merged
from storage.models import ReminderSetting

OFFICE_HOURS = "office_hours"
OFFICE_DEFAULTS = {"start": clock_text(DEFAULT_START), "end": clock_text(DEFAULT_END)}

# The registry the policies are evaluated for, while the runner runs them: the
# platform's own policies need it to name a flow (the policy contract passes no
# registry, and a capability never imports another).
_registry: ContextVar[Registry | None] = ContextVar("reminders_registry", default=None)


@contextmanager
def evaluating_for(registry: Registry) -> Iterator[None]:
    token = _registry.set(registry)
    try:
        yield
    finally:
        _registry.reset(token)


def current_registry() -> Registry | None:
    return _registry.get()


def policies_of(registry: Registry) -> list[ReminderPolicy]:
    """Every installed capability's reminder policies, in the order they were installed."""
    return [p for p in registry.contributions("reminder_policies")
            if isinstance(p, ReminderPolicy)]


def policy_named(registry: Registry, name: str) -> ReminderPolicy | None:
    return next((p for p in policies_of(registry) if p.name == name), None)


@dataclass(frozen=True)
class Effective:
    """A policy as it runs for one organisation."""

    enabled: bool
    values: dict[str, Any]  # the organisation's settings merged over the defaults
    customised: bool  # the organisation changed something


def effective(policy: ReminderPolicy, row: ReminderSetting | None) -> Effective:
    if row is None:
        return Effective(policy.enabled_by_default, merged(policy.defaults, None), False)
    return Effective(bool(row.enabled), merged(policy.defaults, row.settings), True)


async def rows_of(session: AsyncSession, organisation_id: int) -> dict[str, ReminderSetting]:
    """The organisation's stored settings by policy name."""
    rows = await session.scalars(select(ReminderSetting).where(
        ReminderSetting.organisation_id == organisation_id))
    return {row.policy: row for row in rows}


async def row_of(session: AsyncSession, organisation_id: int,
                 policy: str) -> ReminderSetting | None:
    return await session.scalar(select(ReminderSetting).where(
        ReminderSetting.organisation_id == organisation_id, ReminderSetting.policy == policy))


def office_hours(row: ReminderSetting | None) -> tuple[time, time]:
    """The organisation's office hours; the defaults when unset or unreadable."""
    values = merged(OFFICE_DEFAULTS, row.settings if row is not None else None)
    start, end = parse_clock(str(values["start"])), parse_clock(str(values["end"]))
    if start is None or end is None or start >= end:
        return DEFAULT_START, DEFAULT_END
    return start, end
