"""`make run`: the bot and the Microsoft 365 Agents Playground, talking on loopback.

What it does, in order: checks that no bot credentials are set and the ports
are free; migrates the database and loads the demo organisation, so the mock
users have their roles; starts the bot (`python -m bot.cli serve`) and one
Playground per mock user; prints where to open each; on Ctrl-C or SIGTERM stops
them all and exits 0.

Two things about the Playground (npm `@microsoft/m365agentsplayground` 0.2.x)
shape this module, and the end-to-end tests reuse the pieces below:

- It always says the user's Teams locale is `en-US`. A `LocaleShim` between
  the Playground and the bot sets each mock user's locale, as Teams would.
- Even with `--disable-telemetry` it probes the network (cloud metadata
  address, DNS). `OFFLINE_GUARD` is loaded into its Node process: connections
  and look-ups go to loopback only, and it listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import yaml
from aiohttp import web

from bot.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
PLAYGROUND_CONFIG = REPO_ROOT / ".m365agentsplayground.yml"
DEMO_ORGANISATIONS = REPO_ROOT / "config" / "demo-organisations.toml"
PLAYGROUND_CLI = REPO_ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
FIRST_PLAYGROUND_PORT = 56150
DEFAULT_LOCALE = "sv-SE"
# The Playground's config file has no place for a locale, so it lives here.
MOCK_USER_LOCALES = {"user-emma": "en-GB"}
ROLE_LABELS = {"dso": "DSO", "deputy_dso": "deputy DSO", "object_owner": "object owner",
               "admin": "admin"}

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


class DevRunError(Exception):
    """Something the developer can fix; shown as one clear message."""


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


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocaleShim:
    """Forwards the Playground's activities to the bot with the user's Teams locale.

    Each Playground posts to `/<locale>/api/messages`. The shim also counts
    finished turns, so tests can wait until the bot has answered.
    """

    def __init__(self, bot_url: str) -> None:
        self.bot_url = bot_url
        self.url = ""
        self.turns_done = 0
        self.in_flight = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    def endpoint(self, locale: str) -> str:
        return f"{self.url}/{locale}/api/messages"

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_route("*", "/{locale}/api/messages", self._forward)
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


@dataclass
class ManagedProcess:
    """A child process in its own session, its output in a log file."""

    name: str
    process: subprocess.Popen
    log_path: Path

    @classmethod
    def start(cls, name: str, argv: list[str], log_path: Path, env: dict[str, str],
              cwd: Path = REPO_ROOT) -> ManagedProcess:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("ab") as log:
            # Own session: a Ctrl-C in the terminal reaches only us, and we stop
            # the children in order (Playgrounds first, then the bot).
            process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
        return cls(name, process, log_path)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    async def wait_until_answers(self, url: str, within: float) -> None:
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise DevRunError(f"{self.name} stopped (exit code {self.process.returncode})"
                                      f":\n{self.log_tail()}")
                with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
                    async with session.get(url) as answer:
                        if answer.status < 500:
                            return
                await asyncio.sleep(0.1)
        raise DevRunError(f"{self.name} did not answer at {url} within {within:.0f} s:\n"
                          f"{self.log_tail()}")

    async def stop(self, grace: float = 10) -> int:
        """SIGTERM to the whole process group, SIGKILL if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(self.process.wait, grace)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # stragglers of the group, if any
        return self.process.wait()


def start_bot(port: int, log_path: Path, env: dict[str, str]) -> ManagedProcess:
    argv = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return ManagedProcess.start("the bot", argv, log_path, env)


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


async def prepare_database(settings: Settings, org_config: Path = DEMO_ORGANISATIONS) -> dict:
    """Migrate, load the demo organisation; returns roles by Entra object id."""
    from storage.config_loader import apply_config, read_config
    from storage.migrate import upgrade_async

    url = settings.effective_database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade_async(url)
    from storage.db import Database

    db = Database(url)
    try:
        async with db.session() as session:
            await apply_config(session, org_config)
    finally:
        await db.dispose()
    return {p.aad_object_id: [r.value for roles in p.roles.values() for r in roles]
            for p in read_config(org_config).people}


@dataclass
class DevRun:
    settings: Settings
    users: list[MockUser]
    first_port: int
    processes: list[ManagedProcess] = field(default_factory=list)

    def check_ports(self) -> None:
        if not port_is_free(self.settings.port):
            raise DevRunError(f"port {self.settings.port} is taken: is another bot (or `make "
                              "run`) running? Stop it, or choose a port with DSOBOT_PORT=...")
        for offset, user in enumerate(self.users):
            if not port_is_free(self.first_port + offset):
                raise DevRunError(f"port {self.first_port + offset} (Playground of {user.name}) "
                                  "is taken: stop what uses it, or choose the first Playground "
                                  "port with PLAYGROUND_PORT=...")

    async def run(self, stop: asyncio.Event) -> None:
        self.check_ports()
        roles = await prepare_database(self.settings)
        print(f"database ready: {self.settings.effective_database_url}", flush=True)
        work_dir = self.settings.data_dir / "playground"
        work_dir.mkdir(parents=True, exist_ok=True)
        bot_url = f"http://127.0.0.1:{self.settings.port}"
        shim = LocaleShim(f"{bot_url}/api/messages")
        try:
            startup = asyncio.ensure_future(self._start_all(shim, bot_url, work_dir))
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({startup, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if not startup.done():  # Ctrl-C while starting
                startup.cancel()
                return
            self._print_ready(bot_url, startup.result(), roles, work_dir)
            await self._supervise(stop)
        finally:
            await self.stop_all()
            await shim.stop()

    async def _start_all(self, shim: LocaleShim, bot_url: str, work_dir: Path) -> list[str]:
        bot = start_bot(self.settings.port, work_dir / "bot.log", dict(os.environ))
        self.processes.append(bot)
        await bot.wait_until_answers(f"{bot_url}/healthz", within=60)
        await shim.start()
        return await self._start_playgrounds(shim, work_dir)

    async def _start_playgrounds(self, shim: LocaleShim, work_dir: Path) -> list[str]:
        started = []
        for offset, user in enumerate(self.users):
            port = self.first_port + offset
            playground = start_playground(user, shim.endpoint(user.locale), port, work_dir)
            self.processes.append(playground)
            started.append((playground, f"http://127.0.0.1:{port}"))
        for playground, address in started:
            await playground.wait_until_answers(f"{address}/_debug/ping", within=60)
        return [address for _, address in started]

    def _print_ready(self, bot_url: str, addresses: list[str], roles: dict,
                     work_dir: Path) -> None:
        print(f"\nThe bot is running at {bot_url}/api/messages (development mode, "
              "no authentication, loopback only).\n\nOpen a Playground in your browser, "
              "one per person:\n", flush=True)
        for user, address in zip(self.users, addresses, strict=True):
            role = ", ".join(ROLE_LABELS.get(r, r) for r in roles.get(user.aad_object_id, []))
            print(f"  {address:<24} {user.name:<22} {role or 'staff':<14} "
                  f"Teams locale {user.locale}")
        print(f"\nLogs: {work_dir}/   Stop with Ctrl-C.\n", flush=True)

    async def _supervise(self, stop: asyncio.Event) -> None:
        """Until asked to stop; a child that dies is reported, the rest keep going."""
        reported: set[str] = set()
        while not stop.is_set():
            for process in self.processes:
                if process.process.poll() is not None and process.name not in reported:
                    reported.add(process.name)
                    print(f"{process.name} stopped unexpectedly:\n{process.log_tail(20)}",
                          file=sys.stderr, flush=True)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=1)

    async def stop_all(self) -> None:
        # Playgrounds first, so none of them posts to a bot that is going away.
        for process in reversed(self.processes):
            await process.stop()
        self.processes.clear()


def choose_users(users: Iterable[MockUser], wanted: str | None) -> list[MockUser]:
    users = list(users)
    if not wanted:
        return users
    by_key = {u.key: u for u in users}
    unknown = [k for k in (w.strip() for w in wanted.split(",")) if k and k not in by_key]
    if unknown:
        raise DevRunError(f"unknown Playground user(s) {', '.join(unknown)}; "
                          f"known: {', '.join(by_key)}")
    return [by_key[k.strip()] for k in wanted.split(",") if k.strip()]


async def _main_async() -> int:
    settings = Settings.load()
    if not settings.dev_mode:
        raise DevRunError("MicrosoftAppId is set, so the bot would demand Bot Framework tokens, "
                          "which the Playground cannot send. Unset it (and .env) for `make run`.")
    users = choose_users(load_mock_users(), os.environ.get("PLAYGROUND_USERS"))
    first_port = int(os.environ.get("PLAYGROUND_PORT", FIRST_PLAYGROUND_PORT))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await DevRun(settings, users, first_port).run(stop)
    print("stopped the bot and the Playgrounds.", flush=True)
    return 0


def main() -> int:
    try:
        return asyncio.run(_main_async())
    except DevRunError as error:
        print(f"make run: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
