"""The in-memory deduper: once per key, bounded, forgetting old and released keys."""

from __future__ import annotations

from bot.channel.dedupe import InMemoryDeduper, delivery_key
from tests.support.fakes.activities import teams_activity


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_first_delivery_is_true_once_per_key():
    deduper = InMemoryDeduper()
    assert await deduper.first_delivery("k")
    assert not await deduper.first_delivery("k")
    await deduper.release("k")
    assert await deduper.first_delivery("k")


async def test_keys_expire_and_memory_is_bounded():
    clock = Clock()
    deduper = InMemoryDeduper(ttl_seconds=60, max_keys=3, clock=clock)
    for key in "abcd":
        assert await deduper.first_delivery(key)
    assert await deduper.first_delivery("a")  # evicted as the oldest of more than three
    clock.now += 61
    assert await deduper.first_delivery("d")


def test_key_names_channel_conversation_and_activity():
    activity = teams_activity("https://x", id="1", conversation_id="a:chat")
    assert delivery_key(activity) == "msteams|a:chat|1"
    del activity["id"]
    assert delivery_key(activity) is None
