"""The record-action kernel: every card action on a record goes through `act()`.

In one place, for every capability, it:

1. checks that the person holds a role that may take the action at all;
2. loads the record named by the card within the organisations where the
   person may act (never by id alone);
3. checks the role in the record's own organisation, or ownership;
4. checks the revision the card showed, so nobody overwrites what they have
   not seen (a stale card is answered with the record as it is now);
5. asks the access's gate whether this person may take this action on this
   record as it stands (its step, its organisation's settings);
6. lets the action validate and decide (a pure-ish function of the record
   and the card's data);
7. writes the change, its history event and its audit entry in one
   transaction, and builds what the caller shows in that transaction too;
8. returns a typed result, and sends the notifications after the commit.

Every refusal is audited: forged ids, other organisations' records, stale
cards and roles that do not fit are exactly what the trail is for.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.ctx import Ctx
from storage.errors import StaleRevision
from storage.models import Person
from storage.repos.revision import compare_and_set
from storage.roles import Role


class ScopedRecord(Protocol):
    id: Any
    organisation_id: int
    revision: int


R = TypeVar("R", bound=ScopedRecord)


Message = str | dict[str, Any]


@dataclass(frozen=True)
class Notification:
    """A message for someone once the change is stored, built in their own language
    inside the change's transaction (so it shows the record as changed)."""

    person_id: int
    build: Callable[[str, AsyncSession], Awaitable[Message]]


def notice(person_id: int, build: Callable[[str], Message]) -> Notification:
    """A notification whose message needs nothing but the recipient's language."""

    async def built(lang: str, session: AsyncSession) -> Message:
        return build(lang)

    return Notification(person_id, built)


@dataclass(frozen=True)
class Change:
    """What an action decided: columns to change, the history event, what to tell whom."""

    columns: dict[str, Any]
    event: str
    event_data: dict[str, Any] = field(default_factory=dict)
    audit: dict[str, Any] = field(default_factory=dict)  # identifiers only, never content
    notify: Sequence[Notification] = ()
    receipt: Any = None  # handed back in `Changed.receipt`, for the caller's answer


@dataclass(frozen=True)
class Invalid:
    """The card's input was refused; nothing was stored. `message` is for the person;
    `draft` is added to what they entered when the form is shown again (e.g. which
    form asks whether to hide or keep personal data)."""

    message: str
    draft: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unchanged:
    """Nothing to do (e.g. the record is closed, or it was done already)."""

    message: str


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """Not this person's to act on, or no such record: say "not found" or "not allowed"."""

    reason: str  # "not_allowed" | "not_found"
    detail: str | None = None  # the gate's reason (audited), for a more precise answer


@dataclass(frozen=True)
class Stale(Generic[R]):
    """The card was out of date; `record` is the present, `shown` what the caller built."""

    record: R
    shown: Any = None


@dataclass(frozen=True)
class Declined(Generic[R]):
    """The action refused the input (`Invalid`) or had nothing to do (`Unchanged`)."""

    record: R
    outcome: Invalid | Unchanged
    shown: Any = None


@dataclass(frozen=True)
class Changed(Generic[R]):
    before: SimpleNamespace  # the record's column values before the change
    record: R
    shown: Any = None
    receipt: Any = None


Result = Refused | Stale[R] | Declined[R] | Changed[R]
Decide = Callable[[Ctx, AsyncSession, R, dict[str, Any]], Awaitable[Change | Invalid | Unchanged]]
# Builds what the caller shows (e.g. the card's view), inside the same transaction.
Show = Callable[[Ctx, AsyncSession, R], Awaitable[Any]]


@dataclass(frozen=True)
class RecordType(Generic[R]):
    """A kind of record the kernel acts on."""

    name: str  # audit record type, and the key naming the record in card data
    model: type[R]
    # Appends one history event in the caller's transaction.
    add_event: Callable[[AsyncSession, R, str, int, dict[str, Any], Any], Awaitable[None]]
    # Columns an action may change (identity and numbering stay fixed).
    updatable: frozenset[str]


# For this person and this record as it stands (e.g. the organisation's settings, the
# record's step): None to let the action go on, or the refusal's reason, audited.
Gate = Callable[[Ctx, AsyncSession, Any], Awaitable[str | None]]


@dataclass(frozen=True)
class Access:
    """Who may act: a role in the record's organisation, or being the record's own person;
    then, when given, the `gate` for this record."""

    roles: frozenset[Role] = frozenset()
    owner_column: str | None = None  # e.g. "reporter_person_id"
    # Audited as `<record type>.refused.<refusal>` when the person holds none of the roles.
    refusal: str = "not_allowed"
    gate: Gate | None = None

    def organisations(self, ctx: Ctx) -> list[int]:
        """Where to look for the record: the person's own organisation first."""
        found = set(ctx.who.organisations_with(self.roles))
        if self.owner_column and ctx.who.organisation is not None:
            found.add(ctx.who.organisation.id)
        home = ctx.who.organisation.id if ctx.who.organisation else None
        return sorted(found, key=lambda org: (org != home, org))

    def may(self, ctx: Ctx, record: ScopedRecord) -> bool:
        if self.roles and ctx.who.holds(self.roles, record.organisation_id):
            return True
        return bool(self.owner_column) and getattr(record, self.owner_column) == ctx.who.person_id


@dataclass(frozen=True)
class RecordAction(Generic[R]):
    name: str  # the audit action, "<record type>.<what happened>"
    record_type: RecordType[R]
    access: Access
    decide: Decide[R]
    check_revision: bool = True
    show: Show[R] | None = None


def parse_id(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def revision_of(data: dict[str, Any]) -> int | None:
    try:
        return int(data.get("rev"))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


async def find(
    ctx: Ctx, session: AsyncSession, kind: RecordType[R], access: Access, raw_id: Any
) -> R | None:
    """The record a card names, looked for only where this person may act; whether
    they may act on this very record is `access.may`'s to say."""
    record_id = parse_id(raw_id)
    organisations = access.organisations(ctx)
    if record_id is None or not organisations:
        return None
    model: Any = kind.model
    return await session.scalar(
        select(model).where(model.id == record_id, model.organisation_id.in_(organisations))
    )


async def refuse(ctx: Ctx, kind: str, raw_id: Any, reason: str, **detail: Any) -> Refused:
    """Audit a refusal in its own transaction (nothing else is written)."""
    async with ctx.db.session() as session:
        await ctx.audit(session, f"{kind}.refused.{reason}", kind, _bounded(raw_id), **detail)
    return Refused("not_found" if reason == "unknown" else "not_allowed")


def _could_act_anywhere(ctx: Ctx, access: Access) -> bool:
    """Whether the person holds a role that may act at all (checked before any load)."""
    return not access.roles or bool(access.owner_column) or bool(
        ctx.who.organisations_with(access.roles))


async def _locate(ctx: Ctx, session: AsyncSession, kind: RecordType[R], access: Access,
                  raw_id: Any, **detail: Any) -> R | Refused:
    """The record the card names, if this person may act on it; else the refusal,
    audited in the same transaction."""
    record = await find(ctx, session, kind, access, raw_id)
    if record is None:
        await ctx.audit(session, f"{kind.name}.refused.unknown", kind.name, _bounded(raw_id),
                        **detail)
        return Refused("not_found")
    if not access.may(ctx, record):
        await ctx.audit(session, f"{kind.name}.refused.not_owner", kind.name, record.id,
                        organisation_id=record.organisation_id, **detail)
        return Refused("not_found")
    return record


async def _gated(ctx: Ctx, session: AsyncSession, kind: RecordType[R], access: Access,
                 record: R, **detail: Any) -> Refused | None:
    """The gate's refusal, audited in the same transaction; None when it lets through."""
    if access.gate is None:
        return None
    reason = await access.gate(ctx, session, record)
    if reason is None:
        return None
    await ctx.audit(session, f"{kind.name}.refused.{reason}", kind.name, record.id,
                    organisation_id=record.organisation_id, **detail)
    return Refused("not_allowed", reason)


async def read(ctx: Ctx, kind: RecordType[R], access: Access, raw_id: Any, *,
               audit_as: str | None, show: Show[R]) -> tuple[R, Any] | Refused:
    """Look at one record, authorised like an action: the record and what `show` builds,
    in one transaction with the audit entry of the look (`audit_as`) or of the refusal."""
    if not _could_act_anywhere(ctx, access):
        return await refuse(ctx, kind.name, raw_id, access.refusal)
    async with ctx.db.session() as session:
        record = await _locate(ctx, session, kind, access, raw_id)
        if isinstance(record, Refused):
            return record
        refused = await _gated(ctx, session, kind, access, record)
        if refused is not None:
            return refused
        if audit_as:
            await ctx.audit(session, audit_as, kind.name, record.id,
                            organisation_id=record.organisation_id)
        return record, await show(ctx, session, record)


# An action that does not name a revision (e.g. a reporter's answer) is tried again
# when someone saved at the same moment: it must not be lost.
RETRIES_WITHOUT_REVISION = 3


async def act(ctx: Ctx, action: RecordAction[R], data: dict[str, Any]) -> Result[R]:
    """Run one action on the record a card names; see the module docstring."""
    for _ in range(1 if action.check_revision else RETRIES_WITHOUT_REVISION):
        result = await _act_once(ctx, action, data)
        if not isinstance(result, Stale):
            break
    return result


async def _act_once(ctx: Ctx, action: RecordAction[R], data: dict[str, Any]) -> Result[R]:
    kind, access = action.record_type, action.access
    raw_id = data.get(kind.name)
    card_action = str(data.get("action"))[:64]
    if not _could_act_anywhere(ctx, access):
        return await refuse(ctx, kind.name, raw_id, access.refusal, card_action=card_action)
    try:
        async with ctx.db.session() as session:
            record = await _locate(ctx, session, kind, access, raw_id, card_action=card_action)
            if isinstance(record, Refused):
                return record
            if action.check_revision and revision_of(data) != record.revision:
                await ctx.audit(session, f"{action.name}.stale", kind.name, record.id,
                                organisation_id=record.organisation_id)
                return Stale(record, await _show(ctx, session, action, record))
            refused = await _gated(ctx, session, kind, access, record, card_action=card_action)
            if refused is not None:
                return refused
            outcome = await action.decide(ctx, session, record, data)
            if not isinstance(outcome, Change):
                return Declined(record, outcome, await _show(ctx, session, action, record))
            before = _snapshot(record)
            updated = await _store(ctx, session, action, record, outcome)
            shown = await _show(ctx, session, action, updated)
            await tell(ctx, session, outcome.notify, kind=f"{kind.name}.notice",
                       record_type=kind.name, record_id=updated.id,
                       organisation_id=updated.organisation_id)
    except StaleRevision:
        # Someone saved between our read and our write: nothing of ours was stored.
        async with ctx.db.session() as session:
            current = await find(ctx, session, kind, access, raw_id)
            assert current is not None
            await ctx.audit(session, f"{action.name}.stale", kind.name, current.id,
                            organisation_id=current.organisation_id)
            return Stale(current, await _show(ctx, session, action, current))
    return Changed(before, updated, shown, outcome.receipt)


async def _store(ctx: Ctx, session: AsyncSession, action: RecordAction[R], record: R,
                 change: Change) -> R:
    kind = action.record_type
    unknown = set(change.columns) - kind.updatable
    if unknown:
        raise TypeError(f"not an updatable {kind.name} field: {', '.join(sorted(unknown))}")
    updated = await compare_and_set(session, kind.model, record.id, record.organisation_id,
                                    record.revision, change.columns)
    await kind.add_event(session, updated, change.event, ctx.who.person_id, change.event_data,
                         ctx.now())
    await ctx.audit(session, action.name, kind.name, updated.id,
                    organisation_id=updated.organisation_id, **change.audit)
    return updated


async def _show(ctx: Ctx, session: AsyncSession, action: RecordAction[R], record: R) -> Any:
    return await action.show(ctx, session, record) if action.show is not None else None


async def messages_for(ctx: Ctx, session: AsyncSession, notifications: Sequence[Notification]
                    ) -> list[tuple[int, Message]]:
    """Each message built in its recipient's language, read in the same transaction."""
    if not notifications:
        return []
    ids = {n.person_id for n in notifications}
    rows = await session.execute(
        select(Person.id, Person.preferred_language).where(Person.id.in_(ids)))
    languages = {person_id: lang for person_id, lang in rows}
    default = ctx.settings.default_language
    return [(n.person_id, await n.build(languages.get(n.person_id) or default, session))
            for n in notifications]


async def tell(ctx: Ctx, session: AsyncSession, notifications: Sequence[Notification], *,
               kind: str, record_type: str | None = None, record_id: Any = None,
               organisation_id: int | None = None) -> int:
    """Queue each notification, built in its recipient's language, in the caller's
    transaction (the outbox delivers them after the commit); how many were queued."""
    for person_id, message in await messages_for(ctx, session, notifications):
        await ctx.notify(session, person_id, message, kind=kind, record_type=record_type,
                         record_id=record_id, organisation_id=organisation_id)
    return len(notifications)


def _snapshot(record: Any) -> SimpleNamespace:
    """The record's column values before the change (the update refreshes the object)."""
    return SimpleNamespace(**{c.key: getattr(record, c.key) for c in record.__table__.columns})


def _bounded(raw_id: Any) -> str | None:
    return str(raw_id)[:64] if raw_id is not None else None
