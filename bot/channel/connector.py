"""Outbound Bot Connector (v3 REST) client on one pooled aiohttp session.

Every call carries the app token (none in development mode). Throttling (429)
and server errors (5xx) are retried with capped exponential backoff, honouring
`Retry-After`; other 4xx answers raise a typed error so callers can react, e.g.
a 403 on a proactive message means the user blocked or uninstalled the bot.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from bot.channel.retry import RetryPolicy
from bot.channel.service_urls import ServiceUrlPolicy
from bot.channel.tokens import AppTokenProvider

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)


class ConnectorError(Exception):
    """The Bot Connector answered with an error that retrying will not fix."""

    def __init__(self, status: int, method: str, path: str, body: str = "",
                 retry_after: str | None = None) -> None:
        super().__init__(f"{method} {path} -> {status}")
        self.status = status
        self.body = body[:500]
        # What the service asked for (429/503): the outbox waits that long before retrying.
        self.retry_after = retry_after


class ConnectorForbidden(ConnectorError):
    """403: the bot may not post here (blocked, uninstalled, or no permission)."""


class ConnectorNotFound(ConnectorError):
    """404: the conversation, activity or member does not exist (any more)."""


class ConnectorUnavailable(ConnectorError):
    """Still throttled or failing after every retry; status 0 means no connection."""


class ServiceUrlRefused(ConnectorError):
    """The address is not a Bot Connector host: nothing (no token) is sent there."""


_ERRORS_BY_STATUS: dict[int, type[ConnectorError]] = {
    403: ConnectorForbidden,
    404: ConnectorNotFound,
}


def _segment(value: str) -> str:
    # Teams ids contain ':', ';', '@' and '=', which must not read as URL syntax.
    return quote(value, safe="")


class ConnectorClient:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        tokens: AppTokenProvider,
        *,
        retry: RetryPolicy | None = None,
        sleep=asyncio.sleep,
        service_urls: ServiceUrlPolicy | None = None,
    ) -> None:
        self._session = session
        self._tokens = tokens
        self._service_urls = service_urls or ServiceUrlPolicy()
        self._retry = retry or RetryPolicy()
        self._sleep = sleep

    async def send_to_conversation(
        self, service_url: str, conversation_id: str, activity: dict
    ) -> dict:
        path = f"v3/conversations/{_segment(conversation_id)}/activities"
        return await self._call("POST", service_url, path, activity)

    async def reply_to_activity(
        self, service_url: str, conversation_id: str, reply_to_id: str, activity: dict
    ) -> dict:
        path = (
            f"v3/conversations/{_segment(conversation_id)}/activities/{_segment(reply_to_id)}"
        )
        return await self._call("POST", service_url, path, activity)

    async def update_activity(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict
    ) -> dict:
        path = (
            f"v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        )
        return await self._call("PUT", service_url, path, activity)

    async def delete_activity(
        self, service_url: str, conversation_id: str, activity_id: str
    ) -> None:
        path = (
            f"v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        )
        await self._call("DELETE", service_url, path)

    async def create_conversation(self, service_url: str, parameters: dict) -> dict:
        """POST /v3/conversations; the answer holds the new conversation's `id`."""
        return await self._call("POST", service_url, "v3/conversations", parameters)

    async def get_conversation_member(
        self, service_url: str, conversation_id: str, member_id: str
    ) -> dict:
        path = f"v3/conversations/{_segment(conversation_id)}/members/{_segment(member_id)}"
        return await self._call("GET", service_url, path)

    async def _call(
        self, method: str, service_url: str, path: str, body: dict | None = None
    ) -> dict[str, Any]:
        if not self._service_urls.allows(service_url):
            raise ServiceUrlRefused(0, method, path, "not a Bot Connector address")
        url = URL(f"{service_url.rstrip('/')}/{path}", encoded=True)
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        attempt = 0
        while True:
            attempt += 1
            headers = await self._headers(data is not None)
            try:
                async with self._session.request(
                    method, url, data=data, headers=headers, timeout=REQUEST_TIMEOUT
                ) as response:
                    status = response.status
                    if status < 300:
                        text = await response.text()
                        return json.loads(text) if text.strip() else {}
                    retry_after = response.headers.get("Retry-After")
                    text = await response.text()
            except aiohttp.ClientConnectorError as exc:
                # The connection was never made, so nothing was sent: safe to retry.
                status, retry_after, text = 0, None, str(exc)
            if status and not self._retry.is_retryable(status):
                error_type = _ERRORS_BY_STATUS.get(status, ConnectorError)
                raise error_type(status, method, path, text)
            wait = self._retry.delay(attempt, retry_after)
            if wait is None:
                raise ConnectorUnavailable(status, method, path, text, retry_after)
            log.info("%s %s -> %s; retry %d in %.2f s", method, path, status, attempt, wait)
            await self._sleep(wait)

    async def _headers(self, has_body: bool) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if has_body:
            headers["Content-Type"] = "application/json; charset=utf-8"
        token = await self._tokens.token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers
