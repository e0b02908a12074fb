"""Recognising an activity the channel delivers a second time.

Teams retries a POST it got no timely answer for, so the same activity can
arrive twice. The server asks a deduper before running a turn; only the first
delivery runs. If that turn fails, the server calls `release` so that the
channel's retry is not mistaken for a duplicate and the work is not lost.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol


def delivery_key(activity: dict) -> str | None:
    """channelId + conversation id + activity id; None when the activity has no id."""
    activity_id = activity.get("id")
    if not activity_id:
        return None
    conversation_id = (activity.get("conversation") or {}).get("id", "")
    return f"{activity.get('channelId', '')}|{conversation_id}|{activity_id}"


class Deduper(Protocol):
    async def first_delivery(self, key: str) -> bool:
        """True exactly once per key (atomically, also across processes if shared)."""
        ...

    async def release(self, key: str) -> None:
        """Forget a key whose turn failed, so a redelivery runs again."""
        ...


class InMemoryDeduper:
    """Per-process deduper with bounded memory: keys expire after `ttl_seconds`."""

    def __init__(
        self, *, ttl_seconds: float = 3600, max_keys: int = 100_000, clock=time.monotonic
    ) -> None:
        self._ttl = ttl_seconds
        self._max_keys = max_keys
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    async def first_delivery(self, key: str) -> bool:
        now = self._clock()
        self._forget_expired(now)
        if key in self._seen:
            return False
        self._seen[key] = now
        if len(self._seen) > self._max_keys:
            self._seen.popitem(last=False)
        return True

    async def release(self, key: str) -> None:
        self._seen.pop(key, None)

    def _forget_expired(self, now: float) -> None:
        while self._seen:
            oldest_key, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self._ttl:
                return
            del self._seen[oldest_key]
