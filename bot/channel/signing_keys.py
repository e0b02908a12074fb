"""Signing keys published through OpenID metadata, fetched and cached without blocking.

The channel signs its tokens with keys listed in a JWKS document whose address
is in an OpenID metadata document. Keys change rarely, so they are cached for a
day; a token naming an unknown key id triggers a refresh, but at most once per
`min_refresh_interval`, so a flood of forged key ids cannot hammer the endpoint.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass

import aiohttp
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

KEY_CACHE_SECONDS = 24 * 3600
MIN_REFRESH_SECONDS = 5 * 60
FETCH_TIMEOUT = aiohttp.ClientTimeout(total=10)


@dataclass(frozen=True)
class SigningKey:
    public_key: object
    # Channels the key may sign for; empty means the key carries no restriction.
    endorsements: tuple[str, ...]


class KeyFetchError(Exception):
    """The metadata or key document could not be fetched or understood."""


class OpenIdKeySet:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        metadata_url: str,
        *,
        cache_seconds: float = KEY_CACHE_SECONDS,
        min_refresh_seconds: float = MIN_REFRESH_SECONDS,
        clock=time.monotonic,
    ) -> None:
        self._session = session
        self._metadata_url = metadata_url
        self._cache_seconds = cache_seconds
        self._min_refresh_seconds = min_refresh_seconds
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> SigningKey | None:
        """The key with this id, refreshing the cache when it is stale or lacks the id."""
        if self._should_refresh(kid):
            async with self._lock:
                # Another request may have refreshed while this one waited for the lock.
                if self._should_refresh(kid):
                    await self._refresh()
        if not self._keys:
            raise KeyFetchError(f"no signing keys available from {self._metadata_url}")
        return self._keys.get(kid)

    def _should_refresh(self, kid: str) -> bool:
        now = self._clock()
        # Whatever happened last time (success or failure), wait out the interval.
        if self._attempted_at is not None and now - self._attempted_at < self._min_refresh_seconds:
            return False
        expired = self._fetched_at is None or now - self._fetched_at >= self._cache_seconds
        return expired or kid not in self._keys

    async def _refresh(self) -> None:
        # Marked as attempted only when done, so requests arriving meanwhile queue on
        # the lock and then use the result instead of finding no keys.
        try:
            metadata = await self._get_json(self._metadata_url)
            keys = _parse_jwks(await self._get_json(metadata["jwks_uri"]))
        except (aiohttp.ClientError, TimeoutError, KeyError, TypeError, ValueError) as exc:
            # Keep serving the keys we have; the next attempt waits for the interval.
            log.warning("could not refresh signing keys from %s: %s", self._metadata_url, exc)
            self._attempted_at = self._clock()
            return
        self._keys = keys
        self._fetched_at = self._attempted_at = self._clock()
        log.info("loaded %d signing keys from %s", len(keys), self._metadata_url)

    async def _get_json(self, url: str) -> dict:
        async with self._session.get(url, timeout=FETCH_TIMEOUT) as response:
            response.raise_for_status()
            return await response.json(content_type=None)


def _parse_jwks(jwks: dict) -> dict[str, SigningKey]:
    keys: dict[str, SigningKey] = {}
    for jwk in jwks["keys"]:
        if jwk.get("kty") != "RSA" or "kid" not in jwk:
            continue
        keys[jwk["kid"]] = SigningKey(
            public_key=RSAAlgorithm.from_jwk(json.dumps(jwk)),
            endorsements=tuple(jwk.get("endorsements") or ()),
        )
    return keys
