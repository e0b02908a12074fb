"""When an incident's reminders fall due: the 72-hour ladder and IMY's supplement.

Pure: facts in, steps out, no I/O. The ladder runs on elapsed time (UTC
instants), as the 72 hours do: across the October change to winter time, 24
hours after 22:30 on Saturday is 21:30 local on Sunday, not 22:30.

- The deadline ladder (Art. 33(1)): steps at the given hours after awareness
  (by default 24, 48, 60 and 70) while no decision on notifying IMY is
  recorded; from 72 hours on, "overdue" once every `overdue_every_hours`, and
  those steps are escalated. A near miss has no clock and is never reminded.
- The supplement (Art. 33(4)): after a preliminary notification, one reminder
  `days` after it while no supplement is recorded.

A missed run (the bot stopped for a day) gives only the latest step that is due,
never each one it missed: a step is named by its place on the ladder, so the
same step found twice is the same reminder (the outbox's key).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from compliance.deadlines import NOTIFICATION_WINDOW, notification_deadline
from compliance.localtime import to_utc

DEADLINE_DEFAULTS: Mapping[str, Any] = {"hours": [24, 48, 60, 70], "overdue_every_hours": 24,
                                        "escalate_to": []}
SUPPLEMENT_DEFAULTS: Mapping[str, Any] = {"days": 28}
WINDOW_HOURS = int(NOTIFICATION_WINDOW.total_seconds() // 3600)


@dataclass(frozen=True)
class LadderSettings:
    hours: tuple[int, ...] = (24, 48, 60, 70)
    overdue_every_hours: int = 24
    escalate_to: tuple[str, ...] = ()


def _positive_int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high and number == value else None


def ladder_settings(given: Mapping[str, Any]) -> LadderSettings:
    """An organisation's settings read safely: what is not a sensible value falls back to
    the default (steps are hours before the deadline, 1–71; overdue every 1–168 hours)."""
    raw_hours = given.get("hours", DEADLINE_DEFAULTS["hours"])
    hours = tuple(sorted({h for h in (_positive_int(v, 1, WINDOW_HOURS - 1)
                                      for v in (raw_hours if isinstance(raw_hours, list)
                                                else [])) if h is not None}))
    every = _positive_int(given.get("overdue_every_hours"), 1, 168) or \
        DEADLINE_DEFAULTS["overdue_every_hours"]
    raw_escalate = given.get("escalate_to") or []
    escalate = tuple(str(a).strip() for a in (raw_escalate if isinstance(raw_escalate, list)
                                              else []) if str(a).strip())
    return LadderSettings(hours if isinstance(raw_hours, list) else
                          tuple(DEADLINE_DEFAULTS["hours"]), every, escalate)


@dataclass(frozen=True)
class DeadlineFacts:
    """What the ladder needs to know of one incident."""

    id: str
    clock_start: datetime  # awareness, or the report's time when awareness is not known
    near_miss: bool = False
    decided: bool = False  # a decision on notifying IMY is recorded
    closed: bool = False


@dataclass(frozen=True)
class Step:
    """One step of a ladder, due since `at`."""

    name: str  # "h24", "h70", "over1", "over2", ...; part of the reminder's key
    at: datetime
    hours: int = 0  # hours after awareness (the ladder's steps)
    overdue: int = 0  # the how-manieth overdue reminder (0: not overdue)

    @property
    def escalated(self) -> bool:
        """Overdue reminders go to the escalation contacts too."""
        return self.overdue > 0


def deadline_step(facts: DeadlineFacts, settings: LadderSettings, now: datetime
                  ) -> Step | None:
    """The latest step of the 72-hour ladder due at `now`, or None."""
    if facts.near_miss or facts.decided or facts.closed:
        return None
    start = to_utc(facts.clock_start)
    elapsed = to_utc(now) - start
    deadline = notification_deadline(start)
    if elapsed >= NOTIFICATION_WINDOW:
        every = timedelta(hours=settings.overdue_every_hours)
        count = int((elapsed - NOTIFICATION_WINDOW) // every) + 1
        return Step(f"over{count}", deadline + (count - 1) * every, WINDOW_HOURS, count)
    passed = [h for h in settings.hours if elapsed >= timedelta(hours=h)]
    if not passed:
        return None
    hours = max(passed)
    return Step(f"h{hours}", start + timedelta(hours=hours), hours)


def due_steps(facts: Iterable[DeadlineFacts], settings: LadderSettings, now: datetime
              ) -> list[tuple[DeadlineFacts, Step]]:
    """Each incident with the latest step of its ladder due at `now` (none: left out)."""
    found = []
    for incident in facts:
        step = deadline_step(incident, settings, now)
        if step is not None:
            found.append((incident, step))
    return found


# -- the supplement to a preliminary notification ------------------------------------------


@dataclass(frozen=True)
class SupplementFacts:
    id: str
    notified_at: datetime | None  # when IMY was notified
    preliminary: bool  # the notification was preliminary (Art. 33(4))
    supplemented: bool  # the supplement is recorded
    notified: bool = True  # the decision is (still) to notify
    closed: bool = False


def supplement_days(given: Mapping[str, Any]) -> int:
    return _positive_int(given.get("days"), 1, 90) or SUPPLEMENT_DEFAULTS["days"]


def supplement_step(facts: SupplementFacts, days: int, now: datetime) -> Step | None:
    """The supplement's one step, once `days` have passed since the notification."""
    if (facts.notified_at is None or not facts.preliminary or facts.supplemented
            or not facts.notified or facts.closed):
        return None
    at = to_utc(facts.notified_at) + timedelta(days=days)
    return Step(f"d{days}", at) if to_utc(now) >= at else None


def supplement_steps(facts: Sequence[SupplementFacts], days: int, now: datetime
                     ) -> list[tuple[SupplementFacts, Step]]:
    found = []
    for incident in facts:
        step = supplement_step(incident, days, now)
        if step is not None:
            found.append((incident, step))
    return found
