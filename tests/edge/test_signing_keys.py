"""The signing-key cache against the fake OpenID/JWKS server, with a controllable clock."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot.channel.signing_keys import KeyFetchError, OpenIdKeySet


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def test_keys_are_fetched_once_and_served_from_cache(identity, http, clock):
    keys = OpenIdKeySet(http, identity.metadata_url, clock=clock)
    kid = identity.keys[0].kid
    first = await keys.get(kid)
    clock.now += 23 * 3600
    assert await keys.get(kid) is first
    assert (identity.metadata_fetches, identity.jwks_fetches) == (1, 1)
    assert first.endorsements == ("msteams",)


async def test_cache_expires_after_a_day(identity, http, clock):
    keys = OpenIdKeySet(http, identity.metadata_url, clock=clock)
    await keys.get(identity.keys[0].kid)
    clock.now += 24 * 3600 + 1
    await keys.get(identity.keys[0].kid)
    assert identity.jwks_fetches == 2


async def test_rotated_key_is_found_after_the_minimum_refresh_interval(identity, http, clock):
    keys = OpenIdKeySet(http, identity.metadata_url, clock=clock)
    await keys.get(identity.keys[0].kid)
    new_kid = identity.rotate_keys().kid
    clock.now += 60
    assert await keys.get(new_kid) is None  # too soon to refetch: a flood costs nothing
    assert identity.jwks_fetches == 1
    clock.now += 5 * 60
    assert await keys.get(new_kid) is not None
    assert identity.jwks_fetches == 2


async def test_concurrent_requests_for_an_unknown_kid_share_one_refresh(identity, http, clock):
    keys = OpenIdKeySet(http, identity.metadata_url, clock=clock)
    results = await asyncio.gather(*(keys.get("nobody") for _ in range(50)))
    assert results == [None] * 50
    assert identity.jwks_fetches == 1


async def test_an_unreachable_endpoint_is_not_hammered(identity, clock):
    async with aiohttp.ClientSession() as http:
        keys = OpenIdKeySet(http, f"{identity.url}/missing", clock=clock)
        for _ in range(5):
            with pytest.raises(KeyFetchError):
                await keys.get("any")
        clock.now += 5 * 60
        with pytest.raises(KeyFetchError):
            await keys.get("any")
    assert identity.hits["/missing"] == 2  # the first call, then once after the interval


async def test_old_keys_are_kept_when_a_refresh_fails(identity, http, clock):
    keys = OpenIdKeySet(http, identity.metadata_url, clock=clock)
    kid = identity.keys[0].kid
    await keys.get(kid)
    await identity.stop()
    clock.now += 25 * 3600
    assert await keys.get(kid) is not None
