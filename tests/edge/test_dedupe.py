"""The in-memory deduper: claimed once, answered again when done, taken over when the
lease lapses, bounded, forgetting old and released keys."""

from __future__ import annotations

from bot.channel.dedupe import Claim, InMemoryDeduper, delivery_key
from tests.support.fakes.activities import teams_activity


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_delivery_is_claimed_once_then_answered_again_when_done():
    deduper = InMemoryDeduper()
    assert (await deduper.claim("k")).claim is Claim.CLAIMED
    assert (await deduper.claim("k")).claim is Claim.BUSY  # the first copy still runs
    await deduper.complete("k", {"status": 200, "body": {"x": 1}})
    again = await deduper.claim("k")
    assert again.claim is Claim.DONE and again.response == {"status": 200, "body": {"x": 1}}


async def test_a_released_or_lapsed_claim_runs_again():
    clock = Clock()
    deduper = InMemoryDeduper(clock=clock, lease_seconds=20)
    await deduper.claim("k")
    await deduper.release("k")  # the turn failed
    assert (await deduper.claim("k")).claim is Claim.CLAIMED
    clock.now += 21  # the process running it died: its lease ran out
    assert (await deduper.claim("k")).claim is Claim.CLAIMED
    assert (await deduper.claim("k")).claim is Claim.BUSY


async def test_keys_expire_and_memory_is_bounded():
    clock = Clock()
    deduper = InMemoryDeduper(ttl_seconds=60, max_keys=3, clock=clock)
    for key in "abcd":
        assert (await deduper.claim(key)).claim is Claim.CLAIMED
        await deduper.complete(key, None)
    assert (await deduper.claim("a")).claim is Claim.CLAIMED  # evicted: oldest of four
    clock.now += 61
    assert (await deduper.claim("d")).claim is Claim.CLAIMED


def test_key_names_channel_conversation_and_activity_in_a_fixed_size():
    activity = teams_activity("https://x", id="1", conversation_id="a:chat")
    key = delivery_key(activity)
    assert key is not None and len(key) == 64
    assert delivery_key({**activity, "id": "2"}) != key
    assert delivery_key({**activity, "conversation": {"id": "a:other"}}) != key
    long = {**activity, "conversation": {"id": "a:" + "x" * 5000}}
    assert len(delivery_key(long)) == 64
    del activity["id"]
    assert delivery_key(activity) is None
