"""A Bot Connector (v3 REST) look-alike: records what the bot sends, per conversation.

It can demand a bearer token (checked with a callable, e.g. a FakeIdentity's
`is_valid_access_token`) and behaves as the real service does where it matters
for proactive messages:

- the next requests, or a random share of all requests, are answered with
  throttling (429 with Retry-After) or server errors;
- a conversation the person blocked answers 403 (`ConversationBlockedByUser`);
- a conversation Teams no longer knows answers 404 (`ConversationNotFound`);
- with `installed` set, opening a 1:1 chat with someone who does not have the
  app answers 403, as Teams does; a person who left the directory answers 404;
- it can be made unavailable (500 to everything) for a while.

Every request is kept with its arrival time and tenant, so a test can check
Teams' per-tenant rate limit was never exceeded.
"""

from __future__ import annotations

import itertools
import random
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
    status: int = 0  # what the fake answered

    @property
    def tenant(self) -> str | None:
        body = self.body or {}
        conversation = body.get("conversation") or {}
        return conversation.get("tenantId") or body.get("tenantId")


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
        self.blocked: set[str] = set()  # conversations whose person blocked the bot
        self.gone: set[str] = set()  # conversations Teams no longer knows
        self.installed: set[str] | None = None  # None: the app is installed for everyone
        self.left: set[str] = set()  # user ids no longer in the tenant's directory
        # A random share of requests answered with a status: {429: 0.05, 500: 0.01}.
        self.failure_rates: dict[int, float] = {}
        self.retry_after = "1"
        self.random = random.Random(7)
        self.down_until = 0.0  # until then (by `clock`) everything answers 500
        self.clock: Callable[[], float] = time.monotonic
        # Called with each activity sent, before the answer leaves: a test can act at an
        # exact moment of a delivery (a kill between the send and its record).
        self.on_send: Callable[[dict], None] | None = None

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

    def unavailable_for(self, seconds: float) -> None:
        """Answer every request with 500 for this long (an outage)."""
        self.down_until = self.clock() + seconds

    def sent_to(self, conversation_id: str) -> list[dict]:
        return self.activities[conversation_id]

    @web.middleware
    async def _gate(self, request: web.Request, handler) -> web.StreamResponse:
        body = await request.json() if request.can_read_body else None
        auth = request.headers.get("Authorization")
        received = Received(request.method, request.path, body, auth)
        self.requests.append(received)
        response = self._failure()
        if response is None and self.token_check is not None:
            scheme, _, token = (auth or "").partition(" ")
            if scheme != "Bearer" or not self.token_check(token):
                response = web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        if response is None:
            request[_BODY] = body
            response = await handler(request)
        received.status = response.status
        return response

    def _failure(self) -> web.Response | None:
        if self._failures:
            status, headers = self._failures.popleft()
            return _error(status, headers)
        if self.clock() < self.down_until:
            return _error(500, {})
        draw = self.random.random()
        for status, share in self.failure_rates.items():
            if draw < share:
                return _error(status, {"Retry-After": self.retry_after} if status == 429 else {})
            draw -= share
        return None

    def _new_id(self) -> str:
        return str(next(self._ids))

    async def _send(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        if conversation in self.gone:
            return web.json_response({"error": {"code": "ConversationNotFound"}}, status=404)
        if conversation in self.blocked:
            return web.json_response({"error": {"code": "ConversationBlockedByUser"}},
                                     status=403)
        activity = dict(request[_BODY] or {})
        activity["id"] = self._new_id()
        if "activity" in request.match_info:
            activity.setdefault("replyToId", request.match_info["activity"])
        self.activities[request.match_info["conversation"]].append(activity)
        if self.on_send is not None:
            self.on_send(activity)
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
        user = parameters["members"][0]["id"]
        if user in self.left:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        if self.installed is not None and user not in self.installed:
            # Teams opens a 1:1 chat only with someone who has the app installed.
            error = {"code": "Forbidden", "message": "The bot is not installed for the user"}
            return web.json_response({"error": error}, status=403)
        self.created.append(parameters)
        # Teams answers with the 1:1 conversation id, the same one for the same user.
        conversation_id = f"a:{uuid.uuid5(uuid.NAMESPACE_URL, user).hex}"
        return web.json_response({"id": conversation_id}, status=201)

    async def _member(self, request: web.Request) -> web.Response:
        key = (request.match_info["conversation"], request.match_info["member"])
        if key not in self.members:
            error = {"error": {"code": "MemberNotFoundInConversation"}}
            return web.json_response(error, status=404)
        return web.json_response(self.members[key])


def _error(status: int, headers: dict[str, str]) -> web.Response:
    code = "Throttled" if status == 429 else "ServiceError"
    return web.json_response({"error": {"code": code}}, status=status, headers=headers)
