"""Runs guided dialogs (dialogs/) for a person in a chat, with state in the database.

The engine is pure; this module loads the instance, checks that the card or
message belongs to this person and organisation, hands the answer to the
engine, and stores the new state with a revision check, so two clicks racing
each other cannot both win. What is shown comes from `cards.flow`. Flows and
what happens when one is finished come from the registry (`ctx.registry`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from cards.flow import render as render_view
from chat.ctx import Ctx
from chat.platform.cards.busy import busy_card
from chat.platform.cards.my_cases import Draft
from chat.registry import ActionHandler
from chat.turn import Answer
from dialogs import engine
from dialogs.answers import Context
from dialogs.model import Flow
from dialogs.views import ACTIONS as FLOW_ACTIONS
from dialogs.views import CardAction, Phase, Text
from i18n import t
from storage.errors import ActiveFlowExists, StaleRevision
from storage.models import FlowInstance, FlowStatus
from storage.repos import FlowRepository
from storage.repos.flow_states import (
    FlowState,
    active_state,
    latest_state,
    state_by_id,
    store_state,
)
from storage.repos.revision import compare_and_set

log = logging.getLogger(__name__)


def _flow(ctx: Ctx, flow_id: str) -> Flow:
    spec = ctx.registry.flow(flow_id)
    if spec is None:  # a stored dialog of a capability no longer installed
        raise LookupError(f"flow {flow_id!r} is not installed")
    return spec.flow


async def engine_context(ctx: Ctx, flow: Flow, instance: str | None = None) -> Context:
    """The engine's context: language, the instance, and records to pick from."""
    choices = {}
    for step in flow.steps:
        source = ctx.registry.choices(step.choices_from) if step.choices_from else None
        if source is not None:
            choices[step.id] = await source(ctx)
    return Context(lang=ctx.lang, choices=choices, instance=instance)


async def start_flow(
    ctx: Ctx, flow_id: str, *, replace_current: bool = False, in_place: bool = False
) -> Answer:
    """Start a dialog; `in_place` when the card that asked for it should become the dialog."""
    spec = ctx.registry.flow(flow_id)
    if spec is None or ctx.who.organisation is None:
        return Answer.text(t(ctx.lang, "bot.unknown_action"))
    flow = spec.flow
    org_id = ctx.who.organisation.id
    context = await engine_context(ctx, flow)
    async with ctx.db.session() as session:
        flows = FlowRepository(session)
        current = await flows.active_for(ctx.who.person_id, ctx.who.conversation_id)
        if current is not None and not replace_current:
            current_flow = _flow(ctx, current.flow_id)
            view = engine.show(current_flow, current.state, await engine_context(ctx, current_flow))
            if ctx.activity_key and current.state.get("activity") == ctx.activity_key:
                # This very request started it (Teams delivering it again): show it.
                return Answer.card(render_view(view))
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
        outcome = engine.start(flow, ctx.now(), Context(ctx.lang, context.choices, row.id.hex))
        outcome.state["activity"] = ctx.activity_key
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
    flow = _flow(ctx, current.flow_id)
    view = engine.show(flow, current.state, await engine_context(ctx, flow))
    return Answer(replace_card=render_view(view))


async def answer_typed(ctx: Ctx, text: str) -> Answer | None:
    """A typed answer to the person's active dialog, or None when there is none."""

    async def active(connection: AsyncConnection) -> FlowState | None:
        found = await active_state(connection, ctx.who.person_id, ctx.who.conversation_id)
        if found is None and ctx.activity_key:
            # Teams delivering again an answer that finished a dialog: that dialog.
            latest = await latest_state(connection, ctx.who.person_id, ctx.who.conversation_id)
            if latest is not None and latest.state.get("activity") == ctx.activity_key:
                return latest
        return found

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


@dataclass(frozen=True)
class Submission:
    """A dialog submitted in this turn, handed to its flow's `on_done`."""

    instance_id: uuid.UUID
    organisation_id: int
    revision: int  # the instance's revision when it was submitted
    state: dict[str, Any]  # the final state (phase done), not stored yet


async def _advance(
    ctx: Ctx, load: Callable[[AsyncConnection], Awaitable[FlowState | None]], answer: Any
) -> Answer | None:
    """Load, hand the answer to the engine and store the result, in one transaction.

    An activity Teams delivers again (its first turn died after storing) is
    recognised by the key stored with the state, and shows where the dialog
    stands instead of being applied a second time. A submitted dialog is stored
    by its flow's `on_done`, with what it produced, in one transaction.
    None when `load` finds no dialog to answer.
    """
    try:
        async with ctx.db.transaction() as connection:
            row = await load(connection)
            if row is None:
                return None
            flow = _flow(ctx, row.flow_id)
            if row.state.get("phase") == Phase.DONE.value:
                again = await _receipt_again(ctx, row)
                if again is not None:
                    return again
            context = await engine_context(ctx, flow)
            if ctx.activity_key and row.state.get("activity") == ctx.activity_key:
                return Answer(replace_card=render_view(engine.show(flow, row.state, context)))
            outcome = engine.handle(flow, row.state, answer, ctx.now(), context)
            if outcome.changed:
                outcome.state["activity"] = ctx.activity_key
            submitted = outcome.changed and outcome.view.phase is Phase.DONE
            if outcome.changed and not submitted:
                cancelled = outcome.view.phase is Phase.CANCELLED
                await store_state(connection, row, outcome.state, outcome.state.get("step"),
                                  FlowStatus.CANCELLED if cancelled else None)
                if cancelled:
                    await _audit(connection, ctx, "flow.cancelled", row.id, flow=row.flow_id)
        if submitted:
            spec = ctx.registry.flow(flow.id)
            assert spec is not None
            return await spec.on_done(ctx, Submission(row.id, row.organisation_id, row.revision,
                                                      outcome.state))
    except StaleRevision:
        # Someone (a second click, another device) got there first: show the present.
        return await _current_view(ctx, row.id)
    return Answer(replace_card=render_view(outcome.view))


async def complete(session: AsyncSession, submission: Submission) -> FlowInstance:
    """Store a submitted dialog's final state and close it, in the transaction that
    stores what it produced (the record and the closed dialog go together).
    StaleRevision if another click submitted or changed it first."""
    return await compare_and_set(
        session, FlowInstance, submission.instance_id, submission.organisation_id,
        submission.revision, {"state": submission.state, "step_id": None,
                              "status": FlowStatus.COMPLETED.value})


async def _audit(
    connection: AsyncConnection, ctx: Ctx, what: str, instance_id: uuid.UUID, **detail: Any
) -> None:
    # The audit entry joins the dialog's own transaction on the same connection.
    async with AsyncSession(bind=connection) as session:
        await ctx.audit(session, what, "flow", instance_id, **detail)


async def _receipt_again(ctx: Ctx, row: FlowState) -> Answer | None:
    """A dialog already submitted shows its receipt again, not "already finished"."""
    spec = ctx.registry.flow(row.flow_id)
    if spec is None or spec.receipt is None:
        return None
    return await spec.receipt(ctx, row.state)


async def _current_view(ctx: Ctx, instance_id: uuid.UUID) -> Answer:
    assert ctx.who.organisation is not None
    async with ctx.db.statement(readonly=True) as connection:
        row = await state_by_id(connection, ctx.who.organisation.id, instance_id)
    if row is None:
        return _stale(ctx)
    if row.state.get("phase") == Phase.DONE.value:
        again = await _receipt_again(ctx, row)
        if again is not None:
            return again
    flow = _flow(ctx, row.flow_id)
    view = engine.show(flow, row.state, await engine_context(ctx, flow), notice=engine.STALE)
    return Answer(replace_card=render_view(view))


def _stale(ctx: Ctx) -> Answer:
    return Answer.text(t(ctx.lang, "bot.flow_card_unknown"))


# -- card actions ---------------------------------------------------------------------


async def start_from_card(ctx: Ctx, data: dict[str, Any]) -> Answer:
    return await start_flow(ctx, str(data.get("flow", "")))


async def pause_and_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    return await start_flow(ctx, str(data.get("flow", "")), replace_current=True, in_place=True)


async def resume_from_card(ctx: Ctx, data: dict[str, Any]) -> Answer:
    return await resume(ctx)


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
    flow = _flow(ctx, chosen.flow_id)
    view = engine.show(flow, chosen.state, await engine_context(ctx, flow))
    return Answer.card(render_view(view))


async def drafts_of(ctx: Ctx) -> list[Draft]:
    """The person's reports begun and not sent (the one open here, then paused ones)."""
    async with ctx.db.session(readonly=True) as session:
        flows = FlowRepository(session)
        active = await flows.active_for(ctx.who.person_id, ctx.who.conversation_id)
        rows = ([active] if active else []) + await flows.paused_for(ctx.who.person_id)
    drafts = []
    for row in rows:
        flow = ctx.registry.flow(row.flow_id)
        if flow is None:
            continue  # a capability no longer installed
        view = engine.show(flow.flow, row.state, Context(ctx.lang))
        progress = (
            t(ctx.lang, "dialog.progress", position=view.question.position,
              total=view.question.total)
            if view.question is not None
            else t(ctx.lang, "dialog.summary.title")
        )
        drafts.append(Draft(row.id.hex, view.title_key, progress, row.updated_at))
    return drafts


ACTIONS: dict[str, ActionHandler] = {
    **dict.fromkeys(FLOW_ACTIONS, on_card),
    "flow.start": start_from_card,
    "flow.pause_and_start": pause_and_start,
    "flow.resume": resume_from_card,
    "flow.resume_draft": resume_draft,
}
