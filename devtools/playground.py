"""The Microsoft 365 Agents Playground as this project runs it: offline, one per mock user.

Two things about the Playground (npm `@microsoft/m365agentsplayground` 0.2.x)
shape this module, and the end-to-end tests reuse its pieces:

- It always says the user's Teams locale is `en-US`. A `LocaleShim` between
  the Playground and the bot sets each mock user's locale, as Teams would.
- Even with `--disable-telemetry` it probes the network (cloud metadata
  address, DNS). `OFFLINE_GUARD` is loaded into its Node process: connections
  and look-ups go to loopback only, and it listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import yaml
from aiohttp import web

from devtools.local_processes import REPO_ROOT, DevRunError, ManagedProcess

PLAYGROUND_CONFIG = REPO_ROOT / ".m365agentsplayground.yml"
PLAYGROUND_CLI = REPO_ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
FIRST_PLAYGROUND_PORT = 56150
DEFAULT_LOCALE = "sv-SE"
# The Playground's config file has no place for a locale, so it lives here.
MOCK_USER_LOCALES = {"user-emma": "en-GB"}
OFFLINE_GUARD = """
import net from 'node:net';
import dns from 'node:dns';
const loopback = (h) =>
  h == null || h === 'localhost' || h === '::1' || /^(::ffff:)?127\\./.test(h);
const refuse = (what) => Object.assign(new Error('offline: ' + what), {code: 'ECONNREFUSED'});
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  const local = typeof o === 'object' ? (o.path || loopback(o.host)) : loopback(args[1]);
  if (!local) { process.nextTick(() => this.destroy(refuse(JSON.stringify(o)))); return this; }
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (loopback(host)) return lookup.call(this, host, ...rest);
  process.nextTick(() => rest[rest.length - 1](Object.assign(refuse(host), {code: 'ENOTFOUND'})));
  return {};
};
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
"""


@dataclass(frozen=True)
class MockUser:
    id: str
    name: str
    aad_object_id: str
    email: str
    locale: str

    @property
    def key(self) -> str:
        """Short name used on the command line and in tests: `user-dana` -> `dana`."""
        return self.id.removeprefix("user-")


def _read_playground_config(path: Path = PLAYGROUND_CONFIG) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_mock_users(path: Path = PLAYGROUND_CONFIG) -> list[MockUser]:
    """The Playground's mock people, its current user first."""
    config = _read_playground_config(path)
    return [
        MockUser(u["id"], u["name"], u["aadObjectId"], u["email"],
                 MOCK_USER_LOCALES.get(u["id"], DEFAULT_LOCALE))
        for u in [config["currentUser"], *config["users"]]
    ]


def playground_config_for(user: MockUser, path: Path = PLAYGROUND_CONFIG) -> dict:
    """The shared config with `user` as the Playground's current user.

    The Playground always speaks as its current user, so each person gets an
    instance of their own, with their own 1:1 chat (as in Teams).
    """
    config = _read_playground_config(path)
    everyone = [config["currentUser"], *config["users"]]
    config["currentUser"] = next(u for u in everyone if u["id"] == user.id)
    config["users"] = [u for u in everyone if u["id"] != user.id]
    config["personalChat"] = {"id": f"personal-chat-{user.key}"}
    return config


class LocaleShim:
    """Forwards the Playground's activities to the bot with the user's Teams locale.

    Each Playground posts to `/<locale>/api/messages`. The shim also counts
    finished turns, so tests can wait until the bot has answered.

    It also stands between the bot and each Playground's mock Bot Connector
    (`/connector/<n>/v3/...`): the activities' `serviceUrl` is rewritten to
    point here. In Teams, one connector serves a whole tenant, and opening a 1:1
    chat with someone who does not have the app is refused (403). Each Playground
    is one person's Teams client, and its mock connector would open a chat for
    anyone, in that person's window. So the shim refuses, as Teams does, to open
    a chat in one person's Playground for someone else: the bot then waits until
    that person opens their own Playground, as it would wait for the app to be
    installed.
    """

    def __init__(self, bot_url: str) -> None:
        self.bot_url = bot_url
        self.url = ""
        self.turns_done = 0
        self.in_flight = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        # Each Playground's own connector address, and the ids of the person it is for.
        self._connectors: list[str] = []
        self._people: list[set[str]] = []

    def endpoint(self, locale: str) -> str:
        return f"{self.url}/{locale}/api/messages"

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_route("*", "/{locale}/api/messages", self._forward)
        app.router.add_route("*", "/connector/{n:\\d+}/{path:.*}", self._connector)
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def wait_idle(self, turns_after: int) -> None:
        """Until more than `turns_after` turns have finished and none is running."""
        async with self._changed:
            await self._changed.wait_for(
                lambda: self.turns_done > turns_after and self.in_flight == 0)

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        if request.method != "POST":  # the Playground probes the endpoint before it connects
            return web.Response(status=405)
        activity = await request.json()
        _set_locale(activity, request.match_info["locale"])
        self._through_here(activity)
        await self._count(in_flight=+1)
        try:
            assert self._session is not None
            async with self._session.post(self.bot_url, json=activity) as answer:
                body = await answer.read()
                return web.Response(status=answer.status, body=body,
                                    content_type=answer.content_type)
        except aiohttp.ClientError as error:
            return web.Response(status=502, text=f"bot not reachable: {error}")
        finally:
            await self._count(in_flight=-1, done=1)

    def _through_here(self, activity: dict) -> None:
        """Point the activity's serviceUrl at this shim, remembering the Playground's."""
        service_url = activity.get("serviceUrl")
        sender = activity.get("from") or {}
        if not isinstance(service_url, str) or not service_url:
            return
        service_url = service_url.rstrip("/")
        if service_url not in self._connectors:
            self._connectors.append(service_url)
            self._people.append(set())
        n = self._connectors.index(service_url)
        self._people[n] |= {v for v in (sender.get("id"), sender.get("aadObjectId")) if v}
        activity["serviceUrl"] = f"{self.url}/connector/{n}/"

    async def _connector(self, request: web.Request) -> web.StreamResponse:
        n = int(request.match_info["n"])
        if n >= len(self._connectors):
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        path = request.match_info["path"]
        body = await request.read()
        if request.method == "POST" and path.rstrip("/") == "v3/conversations":
            members = (json.loads(body or b"{}").get("members") or [{}])
            if members[0].get("id") not in self._people[n]:
                error = {"code": "Forbidden", "message": "The bot is not installed for the user"}
                return web.json_response({"error": error}, status=403)
        assert self._session is not None
        target = f"{self._connectors[n]}/{path}"
        if request.query_string:
            target += f"?{request.query_string}"
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("content-type", "authorization", "accept")}
        try:
            async with self._session.request(request.method, target, data=body or None,
                                             headers=headers) as answer:
                return web.Response(status=answer.status, body=await answer.read(),
                                    content_type=answer.content_type)
        except aiohttp.ClientError as error:
            return web.Response(status=502, text=f"Playground not reachable: {error}")

    async def _count(self, in_flight: int, done: int = 0) -> None:
        async with self._changed:
            self.in_flight += in_flight
            self.turns_done += done
            self._changed.notify_all()


def _set_locale(activity: dict, locale: str) -> None:
    activity["locale"] = locale
    for entity in activity.get("entities") or []:
        if entity.get("type") == "clientInfo":
            entity["locale"] = locale


def start_playground(user: MockUser, endpoint: str, port: int, work_dir: Path,
                     config_path: Path | None = None) -> ManagedProcess:
    """One offline Playground for `user`, listening on 127.0.0.1:`port`."""
    if not PLAYGROUND_CLI.is_file():
        raise DevRunError(f"the Agents Playground is not installed ({PLAYGROUND_CLI}); "
                          "run `npm install` in the repository root")
    if config_path is None:
        config_path = work_dir / f"{user.key}.yml"
        config_path.write_text(json.dumps(playground_config_for(user), indent=2),
                               encoding="utf-8")  # JSON is YAML
    guard = "data:text/javascript," + urllib.parse.quote(OFFLINE_GUARD)
    argv = ["node", "--import", guard, str(PLAYGROUND_CLI),
            "--app-endpoint", endpoint, "--channel-id", "msteams", "--port", str(port),
            "--service-url", f"http://127.0.0.1:{port}/_connector", "--disable-telemetry"]
    env = {**os.environ,
           "TEAMSAPPTESTER_BROWSER": "none",
           "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(config_path),
           "TEAMSAPPTESTER_LOGFILE": str(work_dir / f"{user.key}.detail.log"),
           "APPLICATION_INSIGHTS_NO_STATSBEAT": "true"}
    return ManagedProcess.start(f"the Playground of {user.name}", argv,
                                work_dir / f"{user.key}.log", env)


