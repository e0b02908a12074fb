"""A Bot Connector (v3 REST) look-alike: records what the bot sends, per conversation.

It can demand a bearer token (checked with a callable, e.g. a FakeIdentity's
`is_valid_access_token`) and can be told to answer the next requests with
throttling (429 with Retry-After) or server errors, as the real service does.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.fakes.loopback import LoopbackServer


@dataclass
class Received:
    method: str
    path: str
    body: dict[str, Any] | None
    authorization: str | None
    at: float = field(default_factory=time.monotonic)


_BODY = web.RequestKey("body", object)


class FakeConnector(LoopbackServer):
    def __init__(self, *, token_check: Callable[[str], bool] | None = None) -> None:
        super().__init__()
        self.token_check = token_check
        self.requests: list[Received] = []
        self.activities: dict[str, list[dict]] = defaultdict(list)
        self.updates: dict[str, list[dict]] = defaultdict(list)
        self.deletions: dict[str, list[str]] = defaultdict(list)
        self.created: list[dict] = []
        self.members: dict[tuple[str, str], dict] = {}
        self._failures: deque[tuple[int, dict[str, str]]] = deque()
        self._ids = itertools.count(1)

    def fail_next(self, count: int, status: int = 429, retry_after: str | None = None) -> None:
        """Answer the next `count` requests with `status` (and Retry-After, if given)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self._failures.extend([(status, headers)] * count)

    def add_member(self, conversation_id: str, member: dict) -> None:
        self.members[(conversation_id, member["id"])] = member

    def texts(self, conversation_id: str) -> list[str | None]:
        return [a.get("text") for a in self.activities[conversation_id]]

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._gate])
        base = "/v3/conversations/{conversation}/activities"
        app.router.add_post(base, self._send)
        app.router.add_post(base + "/{activity}", self._send)
        app.router.add_put(base + "/{activity}", self._update)
        app.router.add_delete(base + "/{activity}", self._delete)
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        return app

    @web.middleware
    async def _gate(self, request: web.Request, handler) -> web.StreamResponse:
        body = await request.json() if request.can_read_body else None
        auth = request.headers.get("Authorization")
        self.requests.append(Received(request.method, request.path, body, auth))
        if self._failures:
            status, headers = self._failures.popleft()
            return web.json_response(
                {"error": {"code": "Throttled" if status == 429 else "ServiceError"}},
                status=status,
                headers=headers,
            )
        if self.token_check is not None:
            scheme, _, token = (auth or "").partition(" ")
            if scheme != "Bearer" or not self.token_check(token):
                return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        request[_BODY] = body
        return await handler(request)

    def _new_id(self) -> str:
        return str(next(self._ids))

    async def _send(self, request: web.Request) -> web.Response:
        activity = dict(request[_BODY] or {})
        activity["id"] = self._new_id()
        if "activity" in request.match_info:
            activity.setdefault("replyToId", request.match_info["activity"])
        self.activities[request.match_info["conversation"]].append(activity)
        return web.json_response({"id": activity["id"]}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        activity_id = request.match_info["activity"]
        self.updates[request.match_info["conversation"]].append(
            {**(request[_BODY] or {}), "id": activity_id}
        )
        return web.json_response({"id": activity_id})

    async def _delete(self, request: web.Request) -> web.Response:
        self.deletions[request.match_info["conversation"]].append(request.match_info["activity"])
        return web.Response(status=200)

    async def _create(self, request: web.Request) -> web.Response:
        parameters = request[_BODY] or {}
        if not parameters.get("members") or not parameters.get("bot"):
            return web.json_response({"error": {"code": "BadArgument"}}, status=400)
        self.created.append(parameters)
        # Teams answers with the 1:1 conversation id, the same one for the same user.
        user = parameters["members"][0]["id"]
        conversation_id = f"a:{uuid.uuid5(uuid.NAMESPACE_URL, user).hex}"
        return web.json_response({"id": conversation_id}, status=201)

    async def _member(self, request: web.Request) -> web.Response:
        key = (request.match_info["conversation"], request.match_info["member"])
        if key not in self.members:
            error = {"error": {"code": "MemberNotFoundInConversation"}}
            return web.json_response(error, status=404)
        return web.json_response(self.members[key])
