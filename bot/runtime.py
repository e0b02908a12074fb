"""The composition root: database, edge, handler, and serving them."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

try:
    import uvloop
except ImportError:  # not built for Windows
    uvloop = None

from bot.channel.connector import ConnectorClient
from bot.channel.dispatcher import (
    Dispatcher,
    DispatchSettings,
    Template,
    still_applies_by_kind,
)
from bot.channel.files import FileDesk, FileTokens, download_route, secret_for
from bot.channel.graph import GRAPH_SCOPE, GraphInstaller
from bot.channel.retry import RetryPolicy
from bot.channel.server import create_app
from bot.channel.throttle import RateLimits
from bot.channel.tokens import AppTokenProvider
from bot.handler import DsoBot
from bot.jobs import Jobs
from bot.settings import Settings
from chat.install import install
from chat.registry import Feature, Registry
from features import FEATURES
from storage.db import Database
from storage.dedupe import DatabaseDeduper
from storage.migrate import upgrade_async
from storage.models import utcnow
from storage.repos import OutboxRepository

log = logging.getLogger("dsobot")

DATABASE = web.AppKey("database", Database)
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
FILES = web.AppKey("files", FileDesk)


async def build_app(
    settings: Settings, features: Sequence[Feature] = FEATURES
) -> web.Application:
    """Migrate the database, install the capabilities, then wire storage, the
    handler, the channel edge and the background work (jobs, reminders, outbox)."""
    url = settings.effective_database_url
    await upgrade_async(url)
    db = Database(url)
    if settings.org_config is not None:
        await _apply_org_config(db, settings)
    app: web.Application
    registry = install(features)

    def wake() -> None:
        if DISPATCHER in app:
            app[DISPATCHER].wake()

    files = FileDesk(FileTokens(secret_for(settings.file_secret, settings.data_dir),
                                settings.data_dir),
                     settings.files_url, consent=not settings.dev_mode,
                     loopback_uploads=settings.dev_mode)
    bot = DsoBot(db, settings, registry, wake=wake, files=files)
    deduper = DatabaseDeduper(db, lease=timedelta(seconds=settings.delivery_lease_seconds))
    app = create_app(settings, bot.on_turn, deduper=deduper)
    app[DATABASE] = db
    app[FILES] = files
    app.router.add_get("/files/{token}", download_route(files.tokens))

    async def close_database(_: web.Application) -> None:
        await files.close()
        await db.dispose()

    app.on_cleanup.append(close_database)
    app.cleanup_ctx.append(_background(jobs_for(db, deduper, settings, registry)))
    if settings.reminder_every_seconds > 0:
        app.cleanup_ctx.append(_background(Reminders(db, registry, settings)))
    if settings.serve_dispatches:
        app.cleanup_ctx.append(_dispatching(db, settings, registry, app))
    return app


def _background(work):
    """A background loop (`run_forever`) that runs while the bot serves."""

    async def run(app: web.Application):
        task = asyncio.create_task(work.run_forever())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return run


def _dispatching(db: Database, settings: Settings, registry: Registry,
                 app: web.Application | None = None):
    """The outbox's dispatcher with its own HTTP session, while the bot serves."""

    async def run(_: web.Application):
        async with dispatcher_for(db, settings, registry) as dispatcher:
            if app is not None:
                app[DISPATCHER] = dispatcher
            task = asyncio.create_task(dispatcher.run_forever())
            yield
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return run


@contextlib.asynccontextmanager
async def dispatcher_for(db: Database, settings: Settings, registry: Registry):
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100))
    try:
        # One attempt per call: the outbox itself retries, durably, at the right time.
        connector = ConnectorClient(session, AppTokenProvider(settings),
                                    retry=RetryPolicy(max_attempts=1),
                                    service_urls=settings.service_urls)
        graph = None
        if settings.graph_install and settings.teams_app_id:
            graph = GraphInstaller(
                session, settings.graph_url, settings.teams_app_id,
                lambda tenant: AppTokenProvider(settings, scope=GRAPH_SCOPE, tenant=tenant))
        yield Dispatcher(
            db, connector, limits=RateLimits(tenant_ceiling=settings.tenant_rate),
            graph=graph,
            settings=DispatchSettings(lease=timedelta(seconds=settings.outbox_lease_seconds)),
            fallback=None if settings.dev_mode else Template(
                "msteams", settings.default_service_url, f"28:{settings.app_id}"),
            still_applies=still_applies_by_kind(registry.contributions("reminder_policies")))
    finally:
        await session.close()


class Reminders:
    """Evaluates every capability's reminder policies now and then; what is due is
    queued in the outbox (once: each step has its own key)."""

    def __init__(self, db: Database, registry: Registry, settings: Settings) -> None:
        self._db = db
        self._registry = registry
        self._every = settings.reminder_every_seconds
        self._any_time = settings.reminders_any_time

    async def run_forever(self) -> None:
        from features.reminders.runner import evaluate

        while True:
            try:
                await evaluate(self._db, self._registry, utcnow(), any_time=self._any_time)
            except Exception:
                log.exception("evaluating the reminder policies failed")
            await asyncio.sleep(self._every)


def jobs_for(db: Database, deduper: DatabaseDeduper, settings: Settings,
             registry: Registry) -> Jobs:
    return Jobs(db, deduper, registry.contributions("retention"),
                settings.dedupe_retention_days, outbox_days=settings.outbox_retention_days,
                data_dir=settings.data_dir)


async def _apply_org_config(db: Database, settings: Settings) -> None:
    from storage.config_loader import apply_config

    async with db.session() as session:
        await apply_config(session, settings.org_config)
    log.info("organisations and roles loaded from %s", settings.org_config)


def listen_host(settings: Settings) -> str:
    """Without authentication the bot must never be reachable from another machine."""
    if not settings.dev_mode:
        return settings.host
    try:
        loopback = ipaddress.ip_address(settings.host).is_loopback
    except ValueError:
        loopback = settings.host == "localhost"
    if not loopback:
        log.warning("development mode: ignoring DSOBOT_HOST=%s, listening on 127.0.0.1 only",
                    settings.host)
        return "127.0.0.1"
    return settings.host


class _NotHttp(logging.Filter):
    """aiohttp answers a request that is not HTTP at all (a header over 8 KB, say) with
    400 and logs its raw bytes, which may hold a token: those records are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, HttpProcessingError)


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("aiohttp.server").addFilter(_NotHttp())


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The event loop the bot runs on: uvloop's, a drop-in for asyncio's that
    handles sockets in C and makes a turn's HTTP work markedly cheaper; asyncio's
    own where uvloop does not exist (Windows)."""
    if uvloop is None:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


@contextlib.asynccontextmanager
async def _database_and_capabilities(settings: Settings):
    """For the background work outside `serve`: the migrated database and the registry."""
    url = settings.effective_database_url
    await upgrade_async(url)
    db = Database(url)
    try:
        yield db, install(FEATURES)
    finally:
        await db.dispose()


def _run(work) -> Any:
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(
        loop_factory=new_event_loop
    ) as runner:
        return runner.run(work)


def send_once(settings: Settings) -> str:
    """`dsobot reminders send`: evaluate the policies once, deliver what is due, stop."""
    configure_logging(settings)

    async def run() -> str:
        from features.reminders.runner import evaluate

        async with _database_and_capabilities(settings) as (db, registry):
            await evaluate(db, registry, utcnow(), any_time=settings.reminders_any_time)
            async with dispatcher_for(db, settings, registry) as dispatcher:
                await dispatcher.run_until_idle()
            async with db.session(readonly=True) as session:
                counts = await OutboxRepository(session).counts(None)
        return ", ".join(f"{state} {count}" for state, count in sorted(counts.items())) \
            or "nothing queued"

    return _run(run()) or ""


def work(settings: Settings) -> None:
    """`dsobot worker`: the background work alone (jobs, reminders, the outbox's
    dispatcher), until interrupted. Several may run on one PostgreSQL database."""
    configure_logging(settings)

    async def run() -> None:
        async with _database_and_capabilities(settings) as (db, registry):
            deduper = DatabaseDeduper(db)
            log.info("dsobot worker running its background jobs and delivering messages")
            async with dispatcher_for(db, settings, registry) as dispatcher:
                reminders = [Reminders(db, registry, settings).run_forever()] \
                    if settings.reminder_every_seconds > 0 else []
                await asyncio.gather(jobs_for(db, deduper, settings, registry).run_forever(),
                                     dispatcher.run_forever(), *reminders)

    _run(run())


class CannotListen(Exception):
    """`dsobot serve` cannot listen where it was told to; the message says what to do."""

    def __init__(self, host: str, port: int, error: OSError) -> None:
        if error.errno == errno.EADDRINUSE:
            message = (f"port {port} on {host} is already in use (another dsobot serve?); "
                       "choose another with --port or DSOBOT_PORT")
        else:
            reason = error.strerror or str(error)
            message = (f"cannot listen on {host}:{port} ({reason}); "
                       "choose another address with --host/--port or DSOBOT_HOST/DSOBOT_PORT")
        super().__init__(message)


def check_can_listen(host: str, port: int) -> None:
    """Fail before migrating anything when the address cannot be listened on.

    The probe binds as the server does, with SO_REUSEADDR: a port left in TIME_WAIT by
    the last run (for a minute after Ctrl-C) is free, one with a listener is taken.
    """
    try:
        addresses = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
    except OSError as error:  # an unknown host name
        raise CannotListen(host, port, error) from None
    unavailable, bound = None, 0
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno != errno.EADDRNOTAVAIL:
                    raise CannotListen(host, port, error) from None
                unavailable = error  # that family is off here; the server skips it too
            else:
                bound += 1
    if not bound and unavailable is not None:
        raise CannotListen(host, port, unavailable)


def serve(settings: Settings) -> None:
    """Run the bot until interrupted; `CannotListen` when its address is not free."""
    configure_logging(settings)
    host = listen_host(settings)
    check_can_listen(host, settings.port)
    app = build_app(settings)  # run_app awaits the coroutine in its own loop

    def listening(_: str) -> None:  # run_app calls it once the socket listens
        log.info("dsobot listening on http://%s:%s/api/messages", host, settings.port)

    try:
        web.run_app(
            app, host=host, port=settings.port, reuse_address=True, print=listening,
            access_log=None, loop=new_event_loop(),
        )
    except OSError as error:  # taken between the check and the bind
        if error.errno == errno.EADDRINUSE:
            raise CannotListen(host, settings.port, error) from None
        raise
