"""The bot's aiohttp application: POST /api/messages and GET /healthz.

Every refusal is a short JSON error with the right status (400 malformed,
401 bad token, 403 tenant, 413 too large, 415 not JSON); a crash in the turn
logic is logged here and answered 500 without details, never a stack trace.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import aiohttp
from aiohttp import web
from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity

from bot.channel.adapter import EdgeAdapter, Logic
from bot.channel.auth import AuthError, ChannelAuthenticator
from bot.channel.connector import ConnectorClient
from bot.channel.dedupe import Claim, Deduper, InMemoryDeduper, delivery_key
from bot.channel.inbound import MalformedActivity, parse_activity
from bot.channel.retry import RetryPolicy
from bot.channel.tokens import AppTokenProvider
from bot.channel.wire import from_wire
from bot.settings import Settings

log = logging.getLogger(__name__)

# Teams caps a message at about 40 KB; card submits and invokes stay well below this.
MAX_BODY_BYTES = 256 * 1024
# A duplicate waits this long for the first copy's answer (Teams gives a turn 15 s).
DUPLICATE_WAIT_SECONDS = 10.0
DUPLICATE_POLL_SECONDS = 0.1

ADAPTER = web.AppKey("adapter", EdgeAdapter)
SETTINGS = web.AppKey("settings", Settings)
_AUTHENTICATOR = web.AppKey("authenticator", ChannelAuthenticator)


def create_app(
    settings: Settings,
    logic: Logic,
    *,
    deduper: Deduper | None = None,
    retry: RetryPolicy | None = None,
) -> web.Application:
    """The web application; `app[ADAPTER]` is ready once the app has started."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_channel_edge(settings, retry))
    endpoint = _MessagesEndpoint(app, logic, deduper or InMemoryDeduper())
    app.router.add_post("/api/messages", endpoint.handle)
    app.router.add_get("/healthz", _healthz)
    if settings.dev_mode:
        log.warning(
            "DEVELOPMENT MODE: no MicrosoftAppId set, so /api/messages accepts requests "
            "WITHOUT authentication. Never expose this process beyond 127.0.0.1."
        )
    elif not settings.allowed_tenants:
        log.warning("no tenant allow-list (DSOBOT_ALLOWED_TENANTS): any tenant may use the bot")
    return app


def _channel_edge(settings: Settings, retry: RetryPolicy | None):
    async def lifecycle(app: web.Application):
        # One pooled session for every outbound call: connector, keys, everything.
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=100, ttl_dns_cache=300)
        )
        connector = ConnectorClient(session, AppTokenProvider(settings), retry=retry,
                                    service_urls=settings.service_urls)
        app[ADAPTER] = EdgeAdapter(connector, app_id=settings.app_id)
        app[_AUTHENTICATOR] = ChannelAuthenticator(settings, session)
        yield
        await session.close()

    return lifecycle


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


class _MessagesEndpoint:
    def __init__(self, app: web.Application, logic: Logic, deduper: Deduper) -> None:
        self._app = app
        self._logic = logic
        self._deduper = deduper

    async def handle(self, request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return _error(415, "content type must be application/json")
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _error(413, "body too large")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, "body too large")
        auth_header = request.headers.get("Authorization")
        if not auth_header and not self._app[SETTINGS].dev_mode:
            return _error(401, "missing authorization header")
        try:
            body = parse_activity(raw)
            activity = from_wire(Activity, body)
        except MalformedActivity as exc:
            return _error(400, str(exc))
        except ValueError:
            return _error(400, "activity fields have invalid types")
        try:
            claims = await self._app[_AUTHENTICATOR].authenticate(auth_header, body)
        except AuthError as exc:
            log.info("refused activity: %s (%s)", exc.status, exc.reason)
            return _error(exc.status, exc.reason)
        return await self._run_once(body, activity, claims)

    async def _run_once(self, body: dict, activity: Activity, claims: dict) -> web.Response:
        key = delivery_key(body)
        if key is not None:
            waited = await self._claim(key, body["type"])
            if waited is not None:
                return waited
        try:
            result = await self._app[ADAPTER].process_activity(activity, claims, self._logic)
        except Exception:
            log.exception("turn failed for a %s activity", body["type"])
            if key is not None:
                await self._deduper.release(key)
            return _error(500, "internal error")
        if key is not None:
            stored = _stored(result) if body["type"] == "invoke" else None
            await self._deduper.complete(key, stored)
        if result is None:
            return web.Response(status=200)
        return _invoke_http_response(result)

    async def _claim(self, key: str, kind: str) -> web.Response | None:
        """None when this copy is to run; otherwise the answer for a duplicate."""
        deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
        while True:
            delivery = await self._deduper.claim(key)
            if delivery.claim is Claim.CLAIMED:
                return None
            if delivery.claim is Claim.DONE:
                log.info("duplicate delivery of a %s activity answered again", kind)
                return _replayed(delivery.response)
            if time.monotonic() > deadline:
                # The first copy is still running: retry later, and get its answer then.
                return web.json_response({"error": "the same activity is being handled"},
                                         status=503, headers={"Retry-After": "2"})
            await asyncio.sleep(DUPLICATE_POLL_SECONDS)


def _stored(result: InvokeResponse | None) -> dict[str, Any] | None:
    """An invoke's answer as JSON data, to answer a duplicate with (None: an empty 200)."""
    if result is None:
        return None
    try:
        body = json.loads(json.dumps(result.body))
    except (TypeError, ValueError):
        body = None
    return {"status": int(result.status or 200), "body": body}


def _replayed(stored: dict[str, Any] | None) -> web.Response:
    if not stored:
        return web.Response(status=200)
    return _invoke_http_response(InvokeResponse(status=stored["status"], body=stored["body"]))


def _invoke_http_response(result: InvokeResponse) -> web.Response:
    status = int(result.status or 200)
    if result.body is None:
        return web.Response(status=status)
    return web.json_response(result.body, status=status)
