"""`make run`: the bot and the Microsoft 365 Agents Playground, talking on loopback.

What it does, in order: checks that no bot credentials are set and the ports
are free; migrates the database and loads the demo organisation, so the mock
users have their roles, a small demo camera register (config/demo-cameras.csv), and
a small demo register (config/demo-register.csv) the
first time; starts the bot (`python -m bot.cli serve`) and one
Playground per mock user (`devtools.playground`); prints where to open each; on
Ctrl-C or SIGTERM stops them all and exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings
from devtools.local_processes import REPO_ROOT, DevRunError, ManagedProcess, port_is_free
from devtools.playground import (
    FIRST_PLAYGROUND_PORT,
    LocaleShim,
    MockUser,
    load_mock_users,
    start_playground,
)

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

DEMO_ORGANISATIONS = REPO_ROOT / "config" / "demo-organisations.toml"
# Olle's objects, one entry left incomplete, imported as a DSO would import a workbook.
DEMO_REGISTER = REPO_ROOT / "config" / "demo-register.csv"
DEMO_CAMERAS = REPO_ROOT / "config" / "demo-cameras.csv"
DEMO_ORGANISATION = "demonamnden"
ROLE_LABELS = {"dso": "DSO", "deputy_dso": "deputy DSO", "object_owner": "object owner",
               "admin": "admin"}

def start_bot(port: int, log_path: Path, env: dict[str, str]) -> ManagedProcess:
    argv = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return ManagedProcess.start("the bot", argv, log_path, env)


async def prepare_database(settings: Settings, org_config: Path = DEMO_ORGANISATIONS) -> dict:
    """Migrate, load the demo organisation and, into an empty register, the demo register;
    returns roles by Entra object id."""
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
            await _load_demo_register(session)
            await _load_demo_cameras(session)
    finally:
        await db.dispose()
    return {p.aad_object_id: [r.value for roles in p.roles.values() for r in roles]
            for p in read_config(org_config).people}


async def _load_demo_register(session: AsyncSession) -> None:
    """Only into an empty register: what someone changed in the Playground is kept over a
    restart (importing the file again would put its values back)."""
    from features.register.repo import RegisterRepository
    from features.register.spreadsheet.importer import import_table
    from features.register.spreadsheet.table import read_table
    from storage.repos import OrganisationRepository

    organisation = await OrganisationRepository(session).by_slug(DEMO_ORGANISATION)
    if organisation is None or await RegisterRepository(session).entries(organisation.id):
        return
    await import_table(session, organisation.id, read_table(DEMO_REGISTER), channel="demo")


async def _load_demo_cameras(session: AsyncSession) -> None:
    """Into an empty camera register only, as the demo register."""
    from sqlalchemy import func, select

    from bot.cli_history import read_rows
    from features.cameras.register import spreadsheet
    from storage.models import Camera
    from storage.repos import OrganisationRepository

    organisation = await OrganisationRepository(session).by_slug(DEMO_ORGANISATION)
    if organisation is None or await session.scalar(
            select(func.count()).select_from(Camera)
            .where(Camera.organisation_id == organisation.id)):
        return
    await spreadsheet.import_rows(session, organisation.id,
                                  read_rows(str(DEMO_CAMERAS), spreadsheet), dry_run=False)


@dataclass
class DevRun:
    settings: Settings
    users: list[MockUser]
    first_port: int
    processes: list[ManagedProcess] = field(default_factory=list)

    def check_ports(self) -> None:
        """A port is taken only while something listens on it (TIME_WAIT left by the last
        run, for a minute after Ctrl-C, does not count: the bot binds with address reuse)."""
        port = self.settings.port
        if not port_is_free(port):
            raise DevRunError(f"port {port} (the bot) is taken: is another bot (or `make run`) "
                              "running? Stop it, or choose another port for the bot, e.g. "
                              f"DSOBOT_PORT={port + 1} make run")
        for offset, user in enumerate(self.users):
            if not port_is_free(self.first_port + offset):
                raise DevRunError(f"port {self.first_port + offset} (Playground of {user.name}) "
                                  "is taken: stop what uses it, or choose the first Playground "
                                  f"port, e.g. PLAYGROUND_PORT={self.first_port + 100} make run "
                                  f"(the {len(self.users)} Playgrounds use consecutive ports)")

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
        # Reminders are evaluated every 30 seconds here (five minutes in production) and
        # delivered at any hour, so that a person trying the bot in the evening or at a
        # weekend sees them too.
        env = {"DSOBOT_REMINDER_EVERY_SECONDS": "30", "DSOBOT_REMINDERS_ANY_TIME": "1",
               **os.environ}
        bot = start_bot(self.settings.port, work_dir / "bot.log", env)
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
        dso = next(((user, address) for user, address in zip(self.users, addresses, strict=True)
                    if "dso" in roles.get(user.aad_object_id, [])), None)
        if dso is not None:
            print(f"\nThe bot reaches a person once their Playground is open: an alert to\n"
                  f"{dso[0].name} ({dso[1]}) waits until then, as it waits in Teams until the\n"
                  "app is installed for the person.")
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
