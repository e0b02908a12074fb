"""A Microsoft Graph look-alike for installing the app for a person.

- `GET /v1.0/appCatalogs/teamsApps?$filter=externalId eq '<manifest id>'` finds
  the app in the organisation's catalog (an empty `value` when it is not there);
- `POST /v1.0/users/{id}/teamwork/installedApps` with `teamsApp@odata.bind`
  installs it: 201, or 409 when it is installed already; 403 without the
  application permission.

An install is reported to `on_install` (e.g. adding the user to a
FakeConnector's `installed`), so that Teams then lets the bot open the chat.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from aiohttp import web

from tests.support.fakes.loopback import LoopbackServer

_FILTER = re.compile(r"^externalId eq '([^']+)'$")


class FakeGraph(LoopbackServer):
    def __init__(self, *, catalog: dict[str, str], token_check: Callable[[str], bool],
                 on_install: Callable[[str], None]) -> None:
        super().__init__()
        self.catalog = catalog  # manifest id -> catalog id
        self.token_check = token_check
        self.on_install = on_install
        self.permitted = True
        self.installs: list[str] = []
        self.lookups = 0

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1.0/appCatalogs/teamsApps", self._catalog)
        app.router.add_post("/v1.0/users/{user}/teamwork/installedApps", self._install)
        return app

    def _authorised(self, request: web.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return scheme == "Bearer" and self.token_check(token)

    async def _catalog(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"error": {"code": "InvalidAuthenticationToken"}},
                                     status=401)
        self.lookups += 1
        match = _FILTER.match(request.query.get("$filter", ""))
        if match is None:
            return web.json_response({"error": {"code": "BadRequest"}}, status=400)
        found = self.catalog.get(match.group(1))
        value = [{"id": found, "externalId": match.group(1), "displayName": "Dataskyddsboten",
                  "distributionMethod": "organization"}] if found else []
        return web.json_response({"value": value})

    async def _install(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"error": {"code": "InvalidAuthenticationToken"}},
                                     status=401)
        if not self.permitted:
            return web.json_response({"error": {"code": "Forbidden"}}, status=403)
        body = await request.json()
        bound = str(body.get("teamsApp@odata.bind", ""))
        known = (f"/appCatalogs/teamsApps/{cid}" for cid in self.catalog.values())
        if not any(bound.endswith(path) for path in known):
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        user = request.match_info["user"]
        if user in self.installs:
            return web.json_response({"error": {"code": "Conflict"}}, status=409)
        self.installs.append(user)
        self.on_install(user)
        return web.Response(status=201)
