"""Running each inbound activity once, also when Teams delivers it again.

Teams retries a POST it got no timely answer for, so the same activity can
arrive twice, and a process can die in the middle of a turn. A delivery is
therefore *claimed* with a short lease before its turn runs and *completed*
after it succeeded (with the answer, for invokes):

- the first delivery claims the key and runs;
- a duplicate while the first still runs waits for it and repeats its answer
  (or, if it takes too long, is asked to retry later, never given an empty 200);
- a duplicate of a completed delivery gets the stored answer again;
- a redelivery of a delivery whose process died (its lease ran out) claims it
  again and runs the turn again. The turn's effects recognise the activity
  (a dialog stores the key with its state), so nothing is applied twice.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

from storage.dedupe import LEASE, Claim, Delivery

__all__ = ["Claim", "Deduper", "Delivery", "InMemoryDeduper", "delivery_key"]

LEASE_SECONDS = LEASE.total_seconds()


def delivery_key(activity: dict) -> str | None:
    """A fixed-size key for channelId + conversation id + activity id; None without an id."""
    activity_id = activity.get("id")
    if not activity_id:
        return None
    conversation_id = (activity.get("conversation") or {}).get("id", "")
    return _hashed(str(activity.get("channelId", "")), str(conversation_id), str(activity_id))


def delivery_key_of(channel_id: str | None, conversation_id: str | None,
                    activity_id: str | None) -> str | None:
    """The same key, from an activity already parsed into objects."""
    if not activity_id:
        return None
    return _hashed(channel_id or "", conversation_id or "", activity_id)


def _hashed(*parts: str) -> str:
    # Hashed, so a long conversation id cannot make the key outgrow its column.
    return hashlib.sha256("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Deduper(Protocol):
    async def claim(self, key: str) -> Delivery:
        """Claim a delivery (atomically, also across processes if shared)."""
        ...

    async def complete(self, key: str, response: dict[str, Any] | None) -> None:
        """The turn succeeded; later copies get `response` (an invoke's answer)."""
        ...

    async def release(self, key: str) -> None:
        """The turn failed: the channel's retry runs it again at once."""
        ...


@dataclass
class _Entry:
    lease_until: float
    done: bool = False
    response: dict[str, Any] | None = None


class InMemoryDeduper:
    """Per-process deduper with bounded memory: keys expire after `ttl_seconds`."""

    def __init__(
        self, *, ttl_seconds: float = 3600, max_keys: int = 100_000, clock=time.monotonic,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self._ttl = ttl_seconds
        self._max_keys = max_keys
        self._clock = clock
        self._lease = lease_seconds
        self._seen: OrderedDict[str, tuple[float, _Entry]] = OrderedDict()

    async def claim(self, key: str) -> Delivery:
        now = self._clock()
        self._forget_expired(now)
        found = self._seen.get(key)
        if found is not None:
            entry = found[1]
            if entry.done:
                return Delivery(Claim.DONE, entry.response)
            if entry.lease_until > now:
                return Delivery(Claim.BUSY)
            entry.lease_until = now + self._lease
            return Delivery(Claim.CLAIMED)
        self._seen[key] = (now, _Entry(now + self._lease))
        if len(self._seen) > self._max_keys:
            self._seen.popitem(last=False)
        return Delivery(Claim.CLAIMED)

    async def complete(self, key: str, response: dict[str, Any] | None) -> None:
        found = self._seen.get(key)
        if found is not None:
            found[1].done, found[1].response = True, response

    async def release(self, key: str) -> None:
        self._seen.pop(key, None)

    def _forget_expired(self, now: float) -> None:
        while self._seen:
            oldest_key, (seen_at, _) = next(iter(self._seen.items()))
            if now - seen_at < self._ttl:
                return
            del self._seen[oldest_key]
