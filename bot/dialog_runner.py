"""Runs guided dialogs (dialogs/) for a person in a chat, with state in the database.

The engine is pure; this module loads the instance, checks that the card or
message belongs to this person and organisation, hands the answer to the
engine, and stores the new state with a revision check, so two clicks racing
each other cannot both win. What is shown comes from `cards.flow`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.actions import action
from bot.context import Ctx
from bot.turn import Answer
from cards.flow import render as render_view
from cards.flow_pause import busy_card
from cards.my_cases import Draft
from dialogs import engine
from dialogs.flows import FLOWS
from dialogs.views import ACTIONS as FLOW_ACTIONS
from dialogs.views import CardAction, Phase, Text
from i18n import t
from storage.errors import ActiveFlowExists, StaleRevision
from storage.models import FlowStatus
from storage.repos import FlowRepository
from storage.repos.flow_states import FlowState, active_state, state_by_id, store_state

log = logging.getLogger(__name__)

# What happens when a flow is finished, by flow id (e.g. the incident is filed).
Completion = Any  # async (ctx, instance_id, state) -> Answer
ON_DONE: dict[str, Completion] = {}


def _context(ctx: Ctx, instance: str | None = None) -> dict[str, Any]:
    return {"lang": ctx.lang, "instance": instance}


async def start_flow(
    ctx: Ctx, flow_id: str, *, replace_current: bool = False, in_place: bool = False
) -> Answer:
    """Start a dialog; `in_place` when the card that asked for it should become the dialog."""
    flow = FLOWS.get(flow_id)
    if flow is None or ctx.who.organisation is None:
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    org_id = ctx.who.organisation.id
    async with ctx.db.session() as session:
        flows = FlowRepository(session)
        current = await flows.active_for(ctx.who.person_id, ctx.who.conversation_id)
        if current is not None and not replace_current:
            view = engine.show(FLOWS[current.flow_id], current.state, _context(ctx))
            return Answer.card(busy_card(ctx.lang, view, new_flow=flow_id))
        if current is not None:
            await flows.pause(current.organisation_id, current.id, current.revision)
        try:
            row = await flows.start(
                organisation_id=org_id,
                person_id=ctx.who.person_id,
                conversation_id=ctx.who.conversation_id,
                flow_id=flow.id,
                flow_version=flow.version,
                state={},
                step_id=None,
            )
        except ActiveFlowExists:  # a double click started it a moment ago
            return await resume(ctx)
        outcome = engine.start(flow, ctx.now(), _context(ctx, row.id.hex))
        await flows.save(org_id, row.id, row.revision, state=outcome.state,
                         step_id=outcome.state.get("step"))
        await ctx.audit(session, "flow.started", "flow", row.id, flow=flow.id)
    card = render_view(outcome.view)
    return Answer(replace_card=card) if in_place else Answer.card(card)


async def resume(ctx: Ctx) -> Answer:
    """Show the active dialog where it stands (or say there is none)."""
    async with ctx.db.session(readonly=True) as session:
        current = await FlowRepository(session).active_for(
            ctx.who.person_id, ctx.who.conversation_id
        )
    if current is None:
        return Answer.text(t(ctx.lang, "bot.no_active_flow"))
    view = engine.show(FLOWS[current.flow_id], current.state, _context(ctx))
    return Answer(replace_card=render_view(view))


async def answer_typed(ctx: Ctx, text: str) -> Answer | None:
    """A typed answer to the person's active dialog, or None when there is none."""

    async def active(connection: AsyncConnection) -> FlowState | None:
        return await active_state(connection, ctx.who.person_id, ctx.who.conversation_id)

    answer = await _advance(ctx, active, Text(text))
    if answer is None:
        return None
    # A typed answer cannot replace the card; the next step comes as a new card.
    if answer.replace_card is not None:
        answer.messages.insert(0, answer.replace_card)
        answer.replace_card = None
    return answer


async def on_card(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Any flow.* card action: answer, back, skip, cancel, edit, submit, ..."""

    async def named(connection: AsyncConnection) -> FlowState | None:
        return await _own_instance(connection, ctx, data.get("instance"))

    answer = await _advance(ctx, named, CardAction.from_data(data))
    return answer if answer is not None else _stale(ctx)


async def _own_instance(
    connection: AsyncConnection, ctx: Ctx, raw_id: Any
) -> FlowState | None:
    """The instance named by a card, only if it is this person's, in this organisation."""
    if ctx.who.organisation is None:
        return None
    try:
        instance_id = uuid.UUID(str(raw_id))
    except ValueError:
        return None
    row = await state_by_id(connection, ctx.who.organisation.id, instance_id)
    if row is not None and row.person_id != ctx.who.person_id:
        await _audit(connection, ctx, "flow.refused_foreign_card", row.id)
        return None
    return row


async def _advance(
    ctx: Ctx, load: Callable[[AsyncConnection], Awaitable[FlowState | None]], answer: Any
) -> Answer | None:
    """Load, hand the answer to the engine and store the result, in one transaction.

    None when `load` finds no dialog to answer.
    """
    try:
        async with ctx.db.transaction() as connection:
            row = await load(connection)
            if row is None:
                return None
            flow = FLOWS[row.flow_id]
            outcome = engine.handle(flow, row.state, answer, ctx.now(), _context(ctx))
            if outcome.changed:
                cancelled = outcome.view.phase is Phase.CANCELLED
                await store_state(connection, row, outcome.state, outcome.state.get("step"),
                                  FlowStatus.CANCELLED if cancelled else None)
                if cancelled:
                    await _audit(connection, ctx, "flow.cancelled", row.id, flow=row.flow_id)
    except StaleRevision:
        # Someone (a second click, another device) got there first: show the present.
        return await _current_view(ctx, row.id)
    if outcome.changed and outcome.view.phase is Phase.DONE:
        return await ON_DONE[flow.id](ctx, row.id, outcome.state)
    return Answer(replace_card=render_view(outcome.view))


async def _audit(
    connection: AsyncConnection, ctx: Ctx, what: str, instance_id: uuid.UUID, **detail: Any
) -> None:
    # The audit entry joins the dialog's own transaction on the same connection.
    async with AsyncSession(bind=connection) as session:
        await ctx.audit(session, what, "flow", instance_id, **detail)


async def _current_view(ctx: Ctx, instance_id: uuid.UUID) -> Answer:
    assert ctx.who.organisation is not None
    async with ctx.db.statement(readonly=True) as connection:
        row = await state_by_id(connection, ctx.who.organisation.id, instance_id)
    if row is None:
        return _stale(ctx)
    view = engine.show(FLOWS[row.flow_id], row.state, _context(ctx), notice=engine.STALE)
    return Answer(replace_card=render_view(view))


def _stale(ctx: Ctx) -> Answer:
    return Answer.text(t(ctx.lang, "bot.flow_card_unknown"))


# -- card actions ---------------------------------------------------------------------

for _name in FLOW_ACTIONS:
    action(_name)(on_card)


@action("flow.start")
async def start_from_card(ctx: Ctx, data: dict[str, Any]) -> Answer:
    return await start_flow(ctx, str(data.get("flow", "")))


@action("flow.pause_and_start")
async def pause_and_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    return await start_flow(ctx, str(data.get("flow", "")), replace_current=True, in_place=True)


@action("flow.resume")
async def resume_from_card(ctx: Ctx, data: dict[str, Any]) -> Answer:
    return await resume(ctx)


@action("flow.resume_draft")
async def resume_draft(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Continue a report begun earlier (from "my cases"), pausing any other one here."""
    if ctx.who.organisation is None:
        return _stale(ctx)
    try:
        instance_id = uuid.UUID(str(data.get("instance")))
    except ValueError:
        return _stale(ctx)
    async with ctx.db.session() as session:
        flows = FlowRepository(session)
        chosen = await flows.get(ctx.who.organisation.id, instance_id)
        if chosen is None or chosen.person_id != ctx.who.person_id or chosen.status not in (
            FlowStatus.ACTIVE.value, FlowStatus.PAUSED.value
        ):
            return _stale(ctx)
        if chosen.status == FlowStatus.PAUSED.value:
            current = await flows.active_for(ctx.who.person_id, ctx.who.conversation_id)
            if current is not None:
                await flows.pause(current.organisation_id, current.id, current.revision)
            await flows.resume(chosen.organisation_id, chosen.id, chosen.revision)
            await ctx.audit(session, "flow.resumed", "flow", chosen.id)
        view = engine.show(FLOWS[chosen.flow_id], chosen.state, _context(ctx))
    return Answer.card(render_view(view))


async def drafts_of(ctx: Ctx) -> list[Draft]:
    """The person's reports begun and not sent (the one open here, then paused ones)."""
    async with ctx.db.session(readonly=True) as session:
        flows = FlowRepository(session)
        active = await flows.active_for(ctx.who.person_id, ctx.who.conversation_id)
        rows = ([active] if active else []) + await flows.paused_for(ctx.who.person_id)
    drafts = []
    for row in rows:
        view = engine.show(FLOWS[row.flow_id], row.state, _context(ctx))
        progress = (
            t(ctx.lang, "dialog.progress", position=view.question.position,
              total=view.question.total)
            if view.question is not None
            else t(ctx.lang, "dialog.summary.title")
        )
        drafts.append(Draft(row.id.hex, view.title_key, progress, row.updated_at))
    return drafts
