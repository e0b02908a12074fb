"""The bot's own access token for outbound calls to the Bot Connector.

msal does the client-credentials grant. It is synchronous (it uses `requests`),
so every msal call runs in a worker thread, never on the event loop. The token
is cached here until five minutes before it expires (msal's own cache treats
tokens as expired at the same margin), and an asyncio lock makes concurrent
turns share one refresh instead of each starting their own.
"""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlsplit, urlunsplit

import msal
import requests

from bot.settings import Settings

log = logging.getLogger(__name__)

REFRESH_MARGIN_SECONDS = 5 * 60
HTTP_TIMEOUT_SECONDS = 10
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class AppTokenError(Exception):
    """The identity platform refused or failed to issue an app token."""


class AppTokenProvider:
    def __init__(self, settings: Settings, *, clock=time.monotonic, scope: str | None = None,
                 tenant: str | None = None) -> None:
        """`scope` and `tenant`: for tokens other than the Bot Connector's, e.g.
        Microsoft Graph's in a customer's tenant."""
        self._settings = settings
        self._scope = scope or settings.token_scope
        self._tenant = tenant or settings.token_tenant
        self._clock = clock
        self._app: msal.ConfidentialClientApplication | None = None
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str | None:
        """A valid access token, or None in development mode (no app id, no auth)."""
        if self._settings.dev_mode:
            return None
        if self._is_fresh():
            return self._token
        async with self._lock:
            if not self._is_fresh():  # another turn may have refreshed it meanwhile
                await asyncio.to_thread(self._acquire)
        return self._token

    def _is_fresh(self) -> bool:
        return self._token is not None and self._clock() < self._expires_at - REFRESH_MARGIN_SECONDS

    def _acquire(self) -> None:
        started = self._clock()
        if self._app is None:
            self._app = _build_app(self._settings, self._tenant)
        result = self._app.acquire_token_for_client(scopes=[self._scope])
        if "access_token" not in result:
            raise AppTokenError(
                f"{result.get('error', 'unknown_error')}: {result.get('error_description', '')}"
            )
        self._token = result["access_token"]
        self._expires_at = started + int(result.get("expires_in", 0))
        log.debug("app token acquired, valid for %s s", result.get("expires_in"))


def _build_app(settings: Settings, tenant: str) -> msal.ConfidentialClientApplication:
    authority_host = settings.login_authority_host.rstrip("/")
    options: dict = {"timeout": HTTP_TIMEOUT_SECONDS}
    parts = urlsplit(authority_host)
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        # msal accepts only https authorities (msal.authority.canonicalize raises
        # otherwise) and always fetches the tenant's OpenID configuration. To use
        # a plain-http login server on loopback (local fakes, offline development)
        # we name it with https and give msal an http_client that sends requests
        # for exactly that host and port over http. instance_discovery=False stops
        # msal asking login.microsoftonline.com whether the host is a known
        # authority, which would go to the network and then reject it.
        authority_host = urlunsplit(parts._replace(scheme="https"))
        options = {
            "http_client": _LoopbackHttpClient(parts.netloc),
            "instance_discovery": False,
        }
    return msal.ConfidentialClientApplication(
        settings.app_id,
        client_credential=settings.app_password,
        authority=f"{authority_host}/{tenant}",
        **options,
    )


class _LoopbackHttpClient(requests.Session):
    """A requests session that reaches one loopback host:port over plain http."""

    def __init__(self, netloc: str) -> None:
        super().__init__()
        self._netloc = netloc

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc == self._netloc:
            url = urlunsplit(parts._replace(scheme="http"))
        kwargs.setdefault("timeout", HTTP_TIMEOUT_SECONDS)
        return super().request(method, url, *args, **kwargs)
