"""The outbox's dispatcher: delivers every message the bot starts, once.

It claims due messages with a lease (storage.repos.outbox), asks the owning
policy whether a reminder still applies, and sends each to the person's 1:1
chat through the Bot Connector:

- through the stored conversation, whose serviceUrl is refreshed by every
  inbound activity (it is regional and per tenant);
- with no stored conversation, or when Teams answers "conversation not
  found", it opens the 1:1 chat for the person's Entra id in their tenant;
- when that is refused because the app is not installed for them and Graph is
  configured, it installs the app for them and tries once more.

Teams' limits are kept (bot.channel.throttle). 429 waits for its Retry-After;
412, 5xx and lost connections are retried with exponential backoff and jitter,
as a queued row with a later `due_at`, so a restart loses nothing. 403 and 404
are permanent: the message is marked undeliverable and shown to the DSO. A
card over Teams' size limit is never sent.

Outcomes are written in batches, each in one transaction. A crash loses
nothing: claimed rows whose lease lapses are claimed again, so at worst the
messages in flight at the moment of the crash are sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import socket
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.channel.connector import (
    ConnectorClient,
    ConnectorError,
    ConnectorForbidden,
    ConnectorNotFound,
    ConnectorUnavailable,
    ServiceUrlRefused,
)
from bot.channel.graph import GraphInstaller
from bot.channel.outgoing import to_activity
from bot.channel.retry import parse_retry_after
from bot.channel.throttle import RateLimits
from bot.channel.wire import to_wire
from i18n import t
from storage.db import Database
from storage.models import ConversationReference, OutboxState, Person, utcnow
from storage.repos import Claimed, ConversationInfo, ConversationRepository, OutboxRepository

log = logging.getLogger(__name__)

# Teams refuses messages over about 40 KB, counted in UTF-16; we keep a margin.
MAX_MESSAGE_BYTES_UTF16 = 38 * 1024
# Whether a queued reminder still applies, by outbox kind: (session, record id, now).
StillApplies = Callable[[Any, str, datetime], Awaitable[bool]]


@dataclass(frozen=True)
class DispatchSettings:
    batch: int = 200  # messages claimed at a time, and at most in flight
    lease: timedelta = timedelta(minutes=5)
    idle_poll_seconds: float = 2.0  # how often an idle dispatcher looks for due rows
    flush_seconds: float = 0.2  # outcomes are written at least this often
    # Transient failures before a message is given up as failed: with the backoff
    # below, about four hours of trying, so an outage of the Bot Connector is outlasted.
    max_attempts: int = 24
    base_backoff_seconds: float = 0.5
    max_backoff_seconds: float = 900.0


@dataclass(frozen=True)
class Target:
    """Where a person can be reached, as far as we know."""

    person_id: int
    tenant_id: str | None
    user_id: str | None  # Teams user id, or the Entra object id before that is known
    aad_object_id: str | None
    language: str | None
    conversation: ConversationReference | None


@dataclass
class Outcome:
    state: OutboxState
    outcome: str
    status: int | None = None
    retry_at: datetime | None = None
    error: str | None = None
    conversation_id: str | None = None
    activity_id: str | None = None


@dataclass(frozen=True)
class Template:
    """Where a tenant's Bot Connector and our bot account are: from any conversation
    of the tenant, or (for a tenant nobody has used the bot in yet) configured."""

    channel_id: str
    service_url: str
    bot_id: str


@dataclass
class Dispatcher:
    db: Database
    connector: ConnectorClient
    limits: RateLimits = field(default_factory=RateLimits)
    graph: GraphInstaller | None = None
    still_applies: Mapping[str, StillApplies] = field(default_factory=dict)
    settings: DispatchSettings = field(default_factory=DispatchSettings)
    clock: Callable[[], datetime] = utcnow
    # Teams' global Bot Connector and our bot's id, for a tenant with no conversation yet.
    fallback: Template | None = None
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")

    def __post_init__(self) -> None:
        self._wake = asyncio.Event()
        self._results: list[tuple[Claimed, Outcome]] = []
        self._inflight: set[asyncio.Task] = set()

    def wake(self) -> None:
        """Something may have been queued: look now rather than at the next poll."""
        self._wake.set()

    # -- the loop ------------------------------------------------------------------------

    async def run_forever(self) -> None:
        while True:
            try:
                await self._step()
            except asyncio.CancelledError:
                await self._drain()
                raise
            except Exception:
                # A database hiccup must not stop delivery: try again shortly.
                log.exception("the dispatcher's round failed")
                await asyncio.sleep(self.settings.idle_poll_seconds)

    async def run_until_idle(self, *, waiting_too: bool = False) -> None:
        """Deliver until nothing is due or in flight (tests, one-off runs). With
        `waiting_too`, also until the messages waiting for a retry are through."""
        while True:
            claimed = await self._claim(self._room())
            if not claimed and not self._inflight:
                await self._flush()
                if not waiting_too or not await self._anything_waiting():
                    return
                await asyncio.sleep(await self._idle_wait())
                continue
            await self._step(claimed)

    async def _anything_waiting(self) -> bool:
        async with self.db.session(readonly=True) as session:
            counts = await OutboxRepository(session).counts(None)
        return bool(counts.get(OutboxState.QUEUED.value) or counts.get(OutboxState.SENDING.value))

    def _room(self) -> int:
        """How many more to claim: none until half the batch is through (claiming is a
        write; a claim per finished message would cost more than it sends)."""
        room = self.settings.batch - len(self._inflight)
        return room if room >= self.settings.batch // 2 else 0

    async def _step(self, claimed: list[Claimed] | None = None) -> None:
        if claimed is None:
            claimed = await self._claim(self._room())
        if claimed:
            await self._start(claimed)
        if self._inflight:
            await asyncio.wait(self._inflight, timeout=self.settings.flush_seconds,
                               return_when=asyncio.FIRST_COMPLETED)
            if len(self._results) >= self.settings.batch // 4 or not self._inflight:
                await self._flush()
            else:
                await self._flush_if_due()
            return
        await self._flush()
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), await self._idle_wait())

    async def _idle_wait(self) -> float:
        async with self.db.session(readonly=True) as session:
            next_due = await OutboxRepository(session).next_due()
        if next_due is None:
            return self.settings.idle_poll_seconds
        seconds = (next_due - self.clock()).total_seconds()
        return min(self.settings.idle_poll_seconds, max(0.01, seconds))

    async def _drain(self) -> None:
        if self._inflight:
            await asyncio.wait(self._inflight, timeout=10)
        await self._flush()

    # -- claiming and checking -----------------------------------------------------------

    async def _claim(self, limit: int) -> list[Claimed]:
        if limit <= 0:
            return []
        now = self.clock()
        async with self.db.session() as session:
            return await OutboxRepository(session).claim(
                self.worker, now=now, lease=self.settings.lease, limit=limit)

    async def _start(self, claimed: list[Claimed]) -> None:
        obsolete = await self._no_longer_applying(claimed)
        for item in claimed:
            if item.id in obsolete:
                self._results.append((item, Outcome(OutboxState.CANCELLED, "cancelled")))
        live = [item for item in claimed if item.id not in obsolete]
        targets = await self._targets({item.person_id for item in live})
        for item in live:
            task = asyncio.create_task(self._deliver_one(item, targets.get(item.person_id)))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
        self._last_flush = getattr(self, "_last_flush", time.monotonic())

    async def _no_longer_applying(self, claimed: list[Claimed]) -> set[int]:
        checked = [item for item in claimed
                   if item.kind in self.still_applies and item.record_id is not None]
        if not checked:
            return set()
        obsolete = set()
        now = self.clock()
        async with self.db.session(readonly=True) as session:
            for item in checked:
                try:
                    applies = await self.still_applies[item.kind](session, item.record_id, now)
                except Exception:
                    log.exception("checking whether a %s still applies failed", item.kind)
                    applies = True  # when in doubt, remind
                if not applies:
                    obsolete.add(item.id)
        return obsolete

    async def _targets(self, person_ids: set[int]) -> dict[int, Target]:
        if not person_ids:
            return {}
        async with self.db.session(readonly=True) as session:
            people = {p.id: p for p in await session.scalars(
                select(Person).where(Person.id.in_(person_ids)))}
            chats: dict[int, ConversationReference] = {}
            rows = await session.scalars(
                select(ConversationReference)
                .where(ConversationReference.person_id.in_(person_ids),
                       ConversationReference.conversation_type == "personal")
                .order_by(ConversationReference.updated_at, ConversationReference.id))
            for row in rows:
                chats[row.person_id] = row  # the most recently used one wins
        return {pid: Target(pid, p.tenant_id, p.teams_user_id or p.aad_object_id,
                            p.aad_object_id, p.preferred_language, chats.get(pid))
                for pid, p in people.items()}

    # -- one message ---------------------------------------------------------------------

    async def _deliver_one(self, item: Claimed, target: Target | None) -> None:
        try:
            outcome = await self._deliver(item, target)
        except Exception as error:  # anything unexpected: retried later, never lost
            log.warning("delivering message %s failed: %s", item.id, type(error).__name__)
            outcome = self._transient(item, None, None, type(error).__name__)
        self._results.append((item, outcome))

    async def _deliver(self, item: Claimed, target: Target | None) -> Outcome:
        if target is None or not target.tenant_id:
            return Outcome(OutboxState.UNDELIVERABLE, "gone", error="gone")
        message = self._sized(item.message, target.language)
        conversation = target.conversation
        if conversation is not None:
            try:
                return await self._send(item, target, conversation.service_url,
                                        conversation.conversation_id, conversation.bot_id,
                                        conversation.channel_id, message)
            except ConnectorNotFound:
                pass  # the chat is gone (Teams removed it): open a new one below
        return await self._open_and_send(item, target, message)

    async def _open_and_send(self, item: Claimed, target: Target, message: Any) -> Outcome:
        template = await self._template(target.tenant_id or "")
        if template is None or not target.user_id:
            # The bot has never been used in this tenant: there is nowhere to send from.
            return Outcome(OutboxState.UNDELIVERABLE, "not_installed", error="not_installed")
        try:
            conversation_id = await self._open(target, template)
        except ConnectorForbidden as error:
            installed = await self._install(target)
            if not installed:
                return Outcome(OutboxState.UNDELIVERABLE, "not_installed", error.status,
                               error="not_installed")
            try:
                conversation_id = await self._open(target, template)
            except ConnectorForbidden as again:
                return Outcome(OutboxState.UNDELIVERABLE, "not_installed", again.status,
                               error="not_installed")
        except ConnectorNotFound as error:
            return Outcome(OutboxState.UNDELIVERABLE, "gone", error.status, error="gone")
        except ConnectorUnavailable as error:
            return self._transient(item, error.status, error.retry_after,
                                   f"http {error.status}")
        return await self._send(item, target, template.service_url, conversation_id,
                                template.bot_id, template.channel_id, message)

    async def _open(self, target: Target, template: Template) -> str:
        async with self.limits.slot(target.tenant_id or "", f"new:{target.user_id}"):
            created = await self._create(template, target)
        conversation_id = created["id"]
        reference = {
            "channelId": template.channel_id, "serviceUrl": template.service_url,
            "conversation": {"id": conversation_id, "conversationType": "personal",
                             "tenantId": target.tenant_id},
            "bot": {"id": template.bot_id},
            "user": {"id": target.user_id, "aadObjectId": target.aad_object_id},
        }
        async with self.db.session() as session:
            await ConversationRepository(session).save(ConversationInfo(
                channel_id=template.channel_id, conversation_id=conversation_id,
                service_url=template.service_url, reference=reference,
                conversation_type="personal", tenant_id=target.tenant_id,
                bot_id=template.bot_id, person_id=target.person_id))
        return conversation_id

    async def _create(self, template: Template, target: Target) -> dict[str, Any]:
        return await self.connector.create_conversation(template.service_url, {
            "isGroup": False,
            "bot": {"id": template.bot_id},
            "members": [{"id": target.user_id}],
            "tenantId": target.tenant_id,
            "channelData": {"tenant": {"id": target.tenant_id}},
        })

    async def _install(self, target: Target) -> bool:
        if self.graph is None or not target.aad_object_id or not target.tenant_id:
            return False
        try:
            return await self.graph.install_for(target.tenant_id, target.aad_object_id)
        except Exception as error:
            log.warning("installing the app through Graph failed: %s", type(error).__name__)
            return False

    async def _send(self, item: Claimed, target: Target, service_url: str,
                    conversation_id: str, bot_id: str | None, channel_id: str,
                    message: Any) -> Outcome:
        activity = to_wire(to_activity(message))
        activity.update({
            "type": "message", "channelId": channel_id, "serviceUrl": service_url,
            "conversation": {"id": conversation_id, "tenantId": target.tenant_id},
            "from": {"id": bot_id} if bot_id else None,
            "recipient": {"id": target.user_id} if target.user_id else None,
        })
        activity = {k: v for k, v in activity.items() if v is not None}
        try:
            async with self.limits.slot(target.tenant_id or "", conversation_id):
                answer = await self.connector.send_to_conversation(service_url,
                                                                   conversation_id, activity)
        except ConnectorForbidden as error:
            # Blocked by the person, or the app was removed for them.
            return Outcome(OutboxState.UNDELIVERABLE, "blocked", error.status, error="blocked")
        except ServiceUrlRefused:
            return Outcome(OutboxState.UNDELIVERABLE, "refused", error="refused")
        except ConnectorUnavailable as error:
            return self._transient(item, error.status, error.retry_after,
                                   f"http {error.status}")
        except ConnectorNotFound:
            raise
        except ConnectorError as error:
            return Outcome(OutboxState.UNDELIVERABLE, "refused", error.status,
                           error=f"http {error.status}")
        return Outcome(OutboxState.SENT, "sent", conversation_id=conversation_id,
                       activity_id=str(answer.get("id") or "") or None)

    def _transient(self, item: Claimed, status: int | None, retry_after: str | None,
                   error: str) -> Outcome:
        """Try again later: after Retry-After, or with exponential backoff and jitter."""
        if item.attempts >= self.settings.max_attempts:
            return Outcome(OutboxState.FAILED, "failed", status, error=error)
        wait = parse_retry_after(retry_after)
        if wait is None:
            backoff = min(self.settings.max_backoff_seconds,
                          self.settings.base_backoff_seconds * 2 ** (item.attempts - 1))
            wait = random.uniform(backoff / 2, backoff)
        outcome = "throttled" if status == 429 else "failed_transient"
        return Outcome(OutboxState.QUEUED, outcome, status,
                       retry_at=self.clock() + timedelta(seconds=wait), error=error)

    def _sized(self, message: Any, language: str | None) -> Any:
        """The message, or a short note in its place when it is over Teams' limit."""
        size = len(json.dumps(message, ensure_ascii=False).encode("utf-16-le"))
        if size <= MAX_MESSAGE_BYTES_UTF16:
            return message
        log.warning("a message of %d bytes (UTF-16) was over Teams' limit", size)
        return t(language or "sv", "outbox.too_large")

    async def _template(self, tenant_id: str) -> Template | None:
        cache: dict[str, Template | None] = self.__dict__.setdefault("_templates", {})
        if tenant_id not in cache:
            async with self.db.session(readonly=True) as session:
                row = await ConversationRepository(session).latest_in_tenant(tenant_id)
            cache[tenant_id] = (Template(row.channel_id, row.service_url, row.bot_id)
                                if row is not None and row.bot_id else self.fallback)
        return cache[tenant_id]

    # -- outcomes ------------------------------------------------------------------------

    async def _flush_if_due(self) -> None:
        if time.monotonic() - getattr(self, "_last_flush", 0.0) >= self.settings.flush_seconds:
            await self._flush()

    async def _flush(self) -> None:
        self._last_flush = time.monotonic()
        if not self._results:
            return
        results, self._results = self._results, []
        now = self.clock()
        async with self.db.session() as session:
            outbox = OutboxRepository(session)
            for item, outcome in results:
                await outbox.finish(item.id, self.worker, state=outcome.state,
                                    outcome=outcome.outcome, status=outcome.status, at=now,
                                    retry_at=outcome.retry_at, error=outcome.error,
                                    conversation_id=outcome.conversation_id,
                                    activity_id=outcome.activity_id)
        for item, outcome in results:
            if outcome.state in (OutboxState.UNDELIVERABLE, OutboxState.FAILED):
                log.warning("message %s (%s) is %s: %s", item.id, item.kind,
                            outcome.state.value, outcome.error)


def still_applies_by_kind(policies: Sequence[Any]) -> dict[str, StillApplies]:
    """The installed reminder policies' checks, by the outbox kind they enqueue."""
    return {p.kind: p.still_applies for p in policies if p.still_applies is not None}
