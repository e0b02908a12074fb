"""Storing a logged request: the request, its first history event, its due date and the
closed dialog in one transaction; then the DSOs (and a handler named by someone
else) are told, each with the request's card built for them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from chat.ctx import Ctx
from chat.dialog_runner import Submission, complete
from chat.records import tell
from chat.turn import Answer
from compliance.localtime import to_local
from dialogs.format import parse_stored_moment
from features.rights.cards.request import request_card
from features.rights.flow import DSO_ASSIGNS, ME, identity_method, picked_activity
from features.rights.handlers.requests import request_notice
from features.rights.records import REQUEST
from features.rights.repo import dso_ids, new_reference, person_by_address
from features.rights.rules.clock import due, received_on
from features.rights.rules.workflow import EventKind, Status
from features.rights.views import request_view
from i18n import t
from i18n.dates import long_date
from storage.models import ProcessingActivity, RightsRequest


def _received(value: Any, now: datetime) -> date:
    """The day of receipt in Stockholm, from a stored answer (a date or a moment)."""
    moment = parse_stored_moment(str(value)) if value else now
    return received_on(moment) if isinstance(moment, datetime) else moment


async def _handler_id(ctx: Ctx, session: Any, organisation_id: int,
                      answers: dict[str, Any]) -> int | None:
    choice = answers.get("handler")
    if choice == ME:
        return ctx.who.person_id
    if choice == DSO_ASSIGNS or not answers.get("handler_email"):
        return None
    return (await person_by_address(session, organisation_id, answers["handler_email"])).id


async def _activity_ids(session: Any, organisation_id: int, picked: str | None) -> list[str]:
    """The register entry picked, if it is this organisation's (a card can be forged)."""
    if picked is None:
        return []
    activity = await session.get(ProcessingActivity, uuid.UUID(picked))
    return [picked] if activity is not None and activity.organisation_id == organisation_id \
        else []


async def file_logged(ctx: Ctx, submitted: Submission) -> Answer:
    answers = submitted.state["answers"]
    org = submitted.organisation_id
    received = _received(answers.get("received"), ctx.now())
    method = identity_method(answers)
    picked, systems = picked_activity(answers)
    async with ctx.db.session() as session:
        request = RightsRequest(
            organisation_id=org,
            reference=await new_reference(session, org, to_local(ctx.now()).year),
            rights=list(answers.get("rights") or []), received_on=received,
            channel=str(answers.get("channel")), identity_method=method,
            # Verified before it was logged: the day it was logged is the latest it can be.
            identity_verified_on=to_local(ctx.now()).date() if method else None,
            requester_ref=answers.get("requester_ref") or None,
            activity_ids=await _activity_ids(session, org, picked), systems=systems,
            logged_by_person_id=ctx.who.person_id,
            handler_person_id=await _handler_id(ctx, session, org, answers),
            status=(Status.IDENTITY_VERIFIED if method else Status.RECEIVED).value,
            due_on=due(received).due)
        session.add(request)
        await session.flush()
        await REQUEST.add_event(session, request, EventKind.LOGGED, ctx.who.person_id,
                                {"received_on": received.isoformat(),
                                 "rights": request.rights}, ctx.now())
        submitted.state["record"] = str(request.id)
        await complete(session, submitted)
        await ctx.audit(session, "rights_request.logged", "rights_request", request.id,
                        organisation_id=org, rights=request.rights,
                        handler_named=request.handler_person_id is not None)
        told = [n for person_id in await dso_ids(session, org)
                if person_id != ctx.who.person_id
                for n in request_notice(person_id, request, ctx.now(), "rights.told.logged")]
        if request.handler_person_id not in (None, ctx.who.person_id) and \
                request.handler_person_id not in {n.person_id for n in told}:
            told += request_notice(request.handler_person_id, request, ctx.now(),
                                   "rights.told.handler")
        await tell(ctx, session, told, kind="rights_request.notice",
                   record_type="rights_request", record_id=request.id, organisation_id=org)
        shown = await request_view(session, ctx.who, request, ctx.now())
    key = "rights.logged"
    notice = t(ctx.lang, key, reference=shown.reference,
               due=long_date(shown.deadline.due, ctx.lang))
    return Answer(replace_card=request_card(ctx.lang, shown, notice=notice))


async def receipt_again(ctx: Ctx, state: dict) -> Answer | None:
    """A request logged twice (a double click) shows the same request."""
    if ctx.who.organisation is None or not state.get("record"):
        return None
    async with ctx.db.session(readonly=True) as session:
        request = await session.get(RightsRequest, uuid.UUID(str(state["record"])))
        if request is None or request.organisation_id != ctx.who.organisation.id:
            return None
        shown = await request_view(session, ctx.who, request, ctx.now())
    return Answer(replace_card=request_card(ctx.lang, shown))
