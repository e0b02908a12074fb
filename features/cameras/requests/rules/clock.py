"""When requested footage is erased.

A camera keeps recordings for `retention_hours`. The first of the requested
footage to go is the window's START: it is erased when the retention has run from
it. Counted two ways — elapsed hours, and (when the retention is whole days)
calendar days on the Stockholm wall clock — which differ by an hour when the
retention spans a daylight-saving change. Video systems do either, so the
earlier is the one to act on. A request's erasure is the earliest over its
cameras; a camera without a retention makes the erasure unknown, which is
treated as urgent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from compliance.localtime import STOCKHOLM, require_aware, to_local, to_utc

URGENT = timedelta(hours=48)


def camera_erasure(window_start: datetime, retention_hours: int | None) -> datetime | None:
    """When a camera's footage from `window_start` is erased (UTC), or None if unknown."""
    require_aware(window_start)
    if retention_hours is None or retention_hours <= 0:
        return None
    elapsed = to_utc(window_start) + timedelta(hours=retention_hours)
    if retention_hours % 24:
        return elapsed
    wall = to_local(window_start).replace(tzinfo=None) + timedelta(days=retention_hours // 24)
    calendar = to_utc(wall.replace(tzinfo=STOCKHOLM))
    return min(elapsed, calendar)


@dataclass(frozen=True)
class Erasure:
    """The earliest erasure over the cameras; `unknown`: cameras with no retention."""

    at: datetime | None
    unknown: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.at is not None and not self.unknown

    def too_late(self, now: datetime) -> bool:
        """The footage is already gone by the retention (unless someone kept it)."""
        return self.at is not None and self.at <= now

    def urgent(self, now: datetime) -> bool:
        """Less than 48 hours left, or unknown."""
        return self.at is None or bool(self.unknown) or self.at - now < URGENT


def erasure(window_start: datetime, retentions: Mapping[str, int | None]) -> Erasure:
    """The request's erasure: `retentions` maps each camera to its retention in hours."""
    known = {cam: camera_erasure(window_start, hours) for cam, hours in retentions.items()}
    times = [at for at in known.values() if at is not None]
    return Erasure(min(times) if times else None,
                   tuple(cam for cam, at in known.items() if at is None))


@dataclass(frozen=True)
class Left:
    days: int
    hours: int
    past: bool


def time_left(at: datetime, now: datetime) -> Left:
    """Whole days ("dygn") and hours from now until `at` (or since, when past)."""
    seconds = int((at - now).total_seconds())
    past = seconds < 0
    hours = abs(seconds) // 3600
    return Left(hours // 24, hours % 24, past)
