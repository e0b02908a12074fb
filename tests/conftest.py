"""Shared database fixtures.

Storage tests run on SQLite (a temporary file) AND on PostgreSQL. Each test
session creates its own databases on the PostgreSQL server named by
TEST_POSTGRES_URL (default below) and drops them afterwards, so runs are
isolated and migrations always run from scratch. An unreachable server is a
failure, never a skip.

Fixtures for other test suites:
- `db_url`: URL of a fresh, migrated database, parametrised over both backends;
- `db`: a `storage.db.Database` on `db_url`;
- `empty_db_url`: a fresh database without any tables (for migration tests);
- `sqlite_db`: a migrated SQLite `Database` only, for fast non-storage tests;
- `seed_org_and_person`: an organisation and a person in `db`;
- `bot`: the whole bot on loopback with fake Teams services (`tests.support.harness`).

The capabilities are installed once for the whole run (`registry`), so their
texts are in the catalog for tests that build cards directly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

import i18n
from chat.install import install
from chat.registry import Registry
from features import FEATURES
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Base
from tests.storage.seeding import seed_org_and_person  # noqa: F401  (a fixture)
from tests.support import sent
from tests.support.harness import BotUnderTest, start_bot

REGISTRY = install(FEATURES)
LOG_LINES = sent.LogLines()


# With pytest-xdist each worker checks its own tests' texts against its own log lines
# and leaves what it found here; the controller reports them all and fails the run.
LEAKS_DIR_ENV = "DSOBOT_TEST_LEAKS_DIR"


def _worker_id(config: pytest.Config) -> str | None:
    workerinput = getattr(config, "workerinput", None)
    return workerinput["workerid"] if workerinput else None


def pytest_configure(config: pytest.Config) -> None:
    # Every record of the run is kept, INFO included, to check that none holds content.
    logging.getLogger().addHandler(LOG_LINES)
    logging.getLogger().setLevel(logging.INFO)
    if _worker_id(config) is None:  # the controller, or a run without workers
        os.environ[LEAKS_DIR_ENV] = tempfile.mkdtemp(prefix="dsobot-test-leaks-")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No text a person sent in any test appears in any log line of the whole run."""
    found = sent.leaks(sent.SENT, sent.all_lines(LOG_LINES))
    leaks_dir = Path(os.environ[LEAKS_DIR_ENV])
    worker = _worker_id(session.config)
    if worker is not None:
        (leaks_dir / f"{worker}.json").write_text(json.dumps(found), encoding="utf-8")
        return
    for reported in sorted(leaks_dir.glob("*.json")):
        found += [tuple(pair) for pair in json.loads(reported.read_text(encoding="utf-8"))]
    shutil.rmtree(leaks_dir, ignore_errors=True)
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"MESSAGE CONTENT IN THE LOGS ({len(found)} lines):", red=True)
            for text in sorted({text for text, _ in found})[:20]:
                line = next(line for t, line in found if t == text)
                reporter.write_line(f"  {text[:60]!r} in: {line.splitlines()[0][:200]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


TEST_POSTGRES_URL_ENV = "TEST_POSTGRES_URL"
DEFAULT_TEST_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


class PostgresServer:
    """Creates and drops throw-away databases on one PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"dsobot_test_{secrets.token_hex(4)}"
        self._numbers = itertools.count(1)

    def _dsn(self) -> str:
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def _run(self, *statements: str) -> None:
        async def execute() -> None:
            connection = await asyncpg.connect(self._dsn(), timeout=5)
            try:
                for statement in statements:
                    await connection.execute(statement)
            finally:
                await connection.close()

        asyncio.run(execute())

    def check_reachable(self) -> None:
        self._run("SELECT 1")

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, suffix: str | None = None, template: str | None = None) -> str:
        name = f"{self.prefix}_{suffix or next(self._numbers)}"
        template_clause = f' TEMPLATE "{template}"' if template else ""
        self._run(f'CREATE DATABASE "{name}"{template_clause}')
        return name

    def empty_tables(self, name: str) -> None:
        """Delete every row of every table but alembic_version, in one transaction.

        The audit log refuses DELETE by trigger; its owner may switch that
        trigger off inside the transaction, so no other session ever sees it off.
        """

        async def execute() -> None:
            dsn = self.url.set(drivername="postgresql", database=name).render_as_string(
                hide_password=False
            )
            connection = await asyncpg.connect(dsn, timeout=5)
            try:
                async with connection.transaction():
                    await connection.execute("SET LOCAL lock_timeout = '5s'")
                    await connection.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
                    # Children before parents; DELETE beats TRUNCATE on tiny tables.
                    for table in reversed(Base.metadata.sorted_tables):
                        await connection.execute(f'DELETE FROM "{table.name}"')
                    await connection.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
            finally:
                await connection.close()

        asyncio.run(execute())

    def drop(self, *names: str) -> None:
        self._run(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    url = os.environ.get(TEST_POSTGRES_URL_ENV, DEFAULT_TEST_POSTGRES_URL)
    server = PostgresServer(url)
    try:
        server.check_reachable()
    except Exception as error:  # any connection problem must stop the run loudly
        pytest.fail(
            f"PostgreSQL for the storage tests is unreachable at "
            f"{server.url.render_as_string(hide_password=True)}: {error!r}.\n"
            f"Start it, or set {TEST_POSTGRES_URL_ENV} to a server where the user may "
            f"create databases, e.g. "
            f"{TEST_POSTGRES_URL_ENV}=postgresql+asyncpg://postgres@127.0.0.1:5432/test",
            pytrace=False,
        )
    yield server


@pytest.fixture(scope="session")
def _postgres_database(postgres_server: PostgresServer) -> Iterator[str]:
    """One database per session, migrated once; emptied before each test that uses it.

    Emptying is much faster than creating and dropping a database per test
    (DROP DATABASE forces a checkpoint).
    """
    name = postgres_server.create("shared")
    try:
        upgrade(postgres_server.url_of(name))
        yield name
    finally:
        postgres_server.drop(name)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _copy_sqlite(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        yield _sqlite_url(tmp_path / "empty.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    try:
        yield server.url_of(name)
    finally:
        server.drop(name)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        yield _sqlite_url(_copy_sqlite(template, tmp_path / "dsobot.db"))
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = request.getfixturevalue("_postgres_database")
    server.empty_tables(name)
    yield server.url_of(name)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def sqlite_db(_sqlite_template: Path, tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(_sqlite_url(_copy_sqlite(_sqlite_template, tmp_path / "fast.db")))
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture(autouse=True)
def strict_texts() -> Iterator[None]:
    """A missing catalog text is an error in every test, not a silent fallback."""
    i18n.set_strict(True)
    i18n.clear_misses()
    yield
    i18n.set_strict(False)


@pytest.fixture(scope="session")
def registry() -> Registry:
    """Every capability the bot ships with, installed as at start."""
    return REGISTRY


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[BotUnderTest]:
    running, stops = await start_bot(tmp_path)
    try:
        yield running
    finally:
        for stop in stops:
            await stop()
