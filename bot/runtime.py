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

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

try:
    import uvloop
except ImportError:  # not built for Windows
    uvloop = None

from bot.channel.proactive import Proactive
from bot.channel.server import ADAPTER, create_app
from bot.handler import DsoBot
from bot.jobs import Jobs
from bot.settings import Settings
from chat.install import install
from chat.registry import Feature, Registry
from features import FEATURES
from storage.db import Database
from storage.dedupe import DatabaseDeduper
from storage.migrate import upgrade_async

log = logging.getLogger("dsobot")

DATABASE = web.AppKey("database", Database)
PROACTIVE = web.AppKey("proactive", Proactive)


async def build_app(
    settings: Settings, features: Sequence[Feature] = FEATURES
) -> web.Application:
    """Migrate the database, install the capabilities, then wire storage, the
    handler and the channel edge."""
    url = settings.effective_database_url
    await upgrade_async(url)
    db = Database(url)
    if settings.org_config is not None:
        await _apply_org_config(db, settings)
    app: web.Application
    proactive = Proactive(db, lambda: app[ADAPTER])
    registry = install(features)
    bot = DsoBot(db, settings, proactive.notify, registry)
    deduper = DatabaseDeduper(db, lease=timedelta(seconds=settings.delivery_lease_seconds))
    app = create_app(settings, bot.on_turn, deduper=deduper)
    app[DATABASE] = db
    app[PROACTIVE] = proactive

    async def close_database(_: web.Application) -> None:
        await db.dispose()

    app.on_cleanup.append(close_database)
    app.cleanup_ctx.append(_background(jobs_for(db, deduper, settings, registry)))
    return app


def _background(jobs: Jobs):
    """The background jobs run while the bot serves."""

    async def run(app: web.Application):
        task = asyncio.create_task(jobs.run_forever())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return run


def jobs_for(db: Database, deduper: DatabaseDeduper, settings: Settings,
             registry: Registry) -> Jobs:
    return Jobs(db, deduper, registry.contributions("retention"),
                settings.dedupe_retention_days)


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


def work(settings: Settings) -> None:
    """`dsobot worker`: the background jobs alone, until interrupted."""
    configure_logging(settings)

    async def run() -> None:
        url = settings.effective_database_url
        await upgrade_async(url)
        db = Database(url)
        try:
            deduper = DatabaseDeduper(db)
            log.info("dsobot worker running its background jobs")
            await jobs_for(db, deduper, settings, install(FEATURES)).run_forever()
        finally:
            await db.dispose()

    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(
        loop_factory=new_event_loop
    ) as runner:
        runner.run(run())


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
