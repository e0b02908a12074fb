"""When a rights request's reminders fall due: before, on and after its last day.

Pure: facts in, steps out. The clock is the law's (Art. 12(3)): counted in
calendar days in Stockholm, the last day already moved past weekends and
holidays when the request was logged (`due_on`). By default a reminder 7 and 2
days before the last day and on the day itself (`days_before`: 7, 2, 0), then,
once the day has passed, one every `overdue_every_days` while the request is
not answered or withdrawn. A step falls due at `hour` o'clock Stockholm time
on its day (a legal clock runs at any hour, but nobody needs a 00:01 nudge).

A missed run gives only the latest step that is due, and a step is named by
its place on the ladder ("d7", "d2", "d0", "over1", ...), so the same step
found twice is the same reminder.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from compliance.localtime import STOCKHOLM, to_local
from compliance.settings import whole_number

DEFAULTS: Mapping[str, Any] = {"days_before": [7, 2, 0], "overdue_every_days": 1, "hour": 8}


@dataclass(frozen=True)
class LadderSettings:
    days_before: tuple[int, ...] = (7, 2, 0)
    overdue_every_days: int = 1
    hour: int = 8


def ladder_settings(given: Mapping[str, Any]) -> LadderSettings:
    """An organisation's settings read safely (days before 0–60, overdue every 1–30
    days, the hour 0–23); anything else falls back to the default."""
    raw = given.get("days_before", DEFAULTS["days_before"])
    days = tuple(sorted({d for d in (whole_number(v, 0, 60) for v in raw) if d is not None},
                        reverse=True)) if isinstance(raw, list) else (7, 2, 0)
    every = whole_number(given.get("overdue_every_days"), 1, 30) or DEFAULTS["overdue_every_days"]
    hour = whole_number(given.get("hour", DEFAULTS["hour"]), 0, 23)
    return LadderSettings(days, every, DEFAULTS["hour"] if hour is None else hour)


@dataclass(frozen=True)
class RequestFacts:
    id: str
    due_on: date  # the last day to answer, as stored (already moved past days off)
    open: bool = True  # not answered, not withdrawn


@dataclass(frozen=True)
class Step:
    name: str  # "d7", "d2", "d0", "over1", ...: part of the reminder's key
    at: datetime  # when it fell due (aware, Stockholm)
    days_left: int  # on the step's day; negative once overdue
    overdue: int = 0


def _on(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def request_step(facts: RequestFacts, settings: LadderSettings, now: datetime) -> Step | None:
    """The latest step due at `now` for one request, or None."""
    if not facts.open:
        return None
    moment = to_local(now)
    # The day whose hour has come: before `hour`, it is still yesterday's step.
    today = moment.date() if moment.hour >= settings.hour \
        else moment.date() - timedelta(days=1)
    late = (today - facts.due_on).days
    if late >= settings.overdue_every_days:
        count = late // settings.overdue_every_days
        day = facts.due_on + timedelta(days=count * settings.overdue_every_days)
        return Step(f"over{count}", _on(day, settings.hour), -(day - facts.due_on).days,
                    count)
    passed = [d for d in settings.days_before if (facts.due_on - today).days <= d]
    if not passed:
        return None
    days = min(passed)
    return Step(f"d{days}", _on(facts.due_on - timedelta(days=days), settings.hour), days)


def due_steps(facts: Iterable[RequestFacts], settings: LadderSettings, now: datetime
              ) -> list[tuple[RequestFacts, Step]]:
    found = []
    for request in facts:
        step = request_step(request, settings, now)
        if step is not None:
            found.append((request, step))
    return found
