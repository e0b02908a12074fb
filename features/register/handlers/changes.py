"""Asking for a change to an entry, or its retirement, from the entry's card.

Anyone of the organisation may ask. The card first asks which fields to change
(the current values are then shown and only those are asked), then why. The
request stores what it proposes and what the entry then said; it goes to the
object's owner, or, when the requester is the owner (or acts for them) and the
DSO need not approve, it is carried out at once as the owner's own change.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cards import elements as el
from cards.forms import form_card
from chat.ctx import Ctx
from chat.records import Refused, read, tell
from chat.turn import Answer
from compliance.localtime import to_local
from dialogs.forms import PII_FORM, read_form
from features.register.access import RequestStatus, entry_access, object_of
from features.register.approval import Conflict, apply, next_stage
from features.register.cards.entry import entry_card, entry_data
from features.register.cards.request import request_card
from features.register.fields import FIELDS
from features.register.forms import (
    NOT_IN_FORMS,
    RETIRE_FORM,
    change_form,
    form_values,
    values_from_form,
)
from features.register.handlers.requests import new_reference, refused, route
from features.register.reading import entry_view, request_view
from features.register.records import ENTRY
from features.register.repo import RegisterRepository, changes_between, entry_values
from features.register.rules.vocabulary import Status
from features.register.views import EntryView
from i18n import t
from storage.models import ChangeRequest, ProcessingActivity, RequestEvent

CHANGEABLE = [f.id for f in FIELDS if f.id not in NOT_IN_FORMS]


async def _entry(ctx: Ctx, data: dict[str, Any]) -> EntryView | Refused:
    async def show(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity) -> EntryView:
        return await entry_view(session, ctx.who, activity, ctx.now())

    found = await read(ctx, ENTRY, entry_access(), data.get("register_entry"), audit_as=None,
                       show=show)
    return found if isinstance(found, Refused) else found[1]


def _title(ctx: Ctx, key: str, view: EntryView) -> list[el.Element]:
    return [el.heading(t(ctx.lang, key, reference=view.reference,
                         name=str(view.values.get("name") or "")), size="Medium")]


async def change_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Which fields to change."""
    view = await _entry(ctx, data)
    if isinstance(view, Refused):
        return refused(ctx, view)
    choices = [(t(ctx.lang, f"register.field.{f}"), f) for f in CHANGEABLE]
    body = [*_title(ctx, "register.form.title.change", view),
            el.input_choice_set("fields", choices, label=t(ctx.lang, "register.form.which"),
                                multi=True, required=True, style="compact",
                                error_message=t(ctx.lang, "register.form.which_error"))]
    actions = [el.action_execute(t(ctx.lang, "register.action.next"), "register.change_fields",
                                 entry_data(view), style="positive"),
               el.action_execute(t(ctx.lang, "common.cancel"), "register.open",
                                 {"register_entry": view.id})]
    return Answer(replace_card=el.card(body, actions, lang=ctx.lang))


def _fields(data: dict[str, Any]) -> list[str]:
    named = {f.strip() for f in str(data.get("fields") or "").split(",")}
    return [f for f in CHANGEABLE if f in named]


def _change_card(ctx: Ctx, view: EntryView, fields: list[str], notice_text: str | None = None,
                 draft: dict[str, Any] | None = None) -> Answer:
    before = _title(ctx, "register.form.title.change", view)
    before.append(el.text(t(ctx.lang, "register.form.change_intro"), trusted=True,
                          isSubtle=True, size="Small"))
    if notice_text:
        before.append(el.container([el.text(notice_text, weight="Bolder")], style="warning"))
    card = form_card(ctx.lang, change_form(fields), {**entry_data(view),
                                                     "fields": ",".join(fields)},
                     values=form_values(view.values, fields), draft=draft, before=before)
    card["actions"].append(el.action_execute(t(ctx.lang, "common.cancel"), "register.open",
                                             {"register_entry": view.id}))
    return Answer(replace_card=card)


async def change_fields(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """The chosen fields with their current values, and why."""
    view = await _entry(ctx, data)
    if isinstance(view, Refused):
        return refused(ctx, view)
    fields = _fields(data)
    if not fields:
        return await change_start(ctx, data)
    return _change_card(ctx, view, fields)


async def _file(ctx: Ctx, activity: ProcessingActivity, kind: str, proposed: dict[str, Any],
                reason: str | None) -> Answer:
    """Store the request and send it on (or carry it out when nobody else must approve)."""
    async with ctx.db.session() as session:
        activity = await RegisterRepository(session).get(activity.organisation_id,
                                                         activity.id) or activity
        obj = await object_of(session, activity)
        current = entry_values(activity, obj, None)
        previous = {f: current.get(f) for f in proposed}
        year = to_local(ctx.now()).year
        request = ChangeRequest(
            organisation_id=activity.organisation_id,
            reference=await new_reference(session, activity.organisation_id, year),
            kind=kind, activity_id=activity.id, object_id=obj.id,
            requester_person_id=ctx.who.person_id, status=RequestStatus.IN_REVIEW,
            proposed=proposed, previous=previous, reason=reason)
        session.add(request)
        await session.flush()
        session.add(RequestEvent(organisation_id=request.organisation_id,
                                 request_id=request.id, actor_person_id=ctx.who.person_id,
                                 kind="submitted", data={}, at=ctx.now()))
        stage = await next_stage(session, request, obj, None)
        await ctx.audit(session, "register_request.submitted", "register_request", request.id,
                        organisation_id=request.organisation_id, kind=kind,
                        fields=sorted(proposed))
        if stage is None:  # the owner's own request, nobody else to ask
            try:
                await apply(session, request, ctx.who.person_id)
            except Conflict:
                return Answer.text(t(ctx.lang, "register.stale"))
            request.status, request.decided_at = RequestStatus.APPROVED, ctx.now()
            session.add(RequestEvent(organisation_id=request.organisation_id,
                                     request_id=request.id, actor_person_id=ctx.who.person_id,
                                     kind="approved", data={"own": True}, at=ctx.now()))
            view = await entry_view(session, ctx.who, activity, ctx.now())
            card = entry_card(ctx.lang, view, notice=t(ctx.lang, "register.entry.saved"))
            return Answer(replace_card=card)
        request.stage = stage
        await tell(ctx, session, await route(session, request, obj),
                   kind="register_request.notice", record_type="register_request",
                   record_id=request.id, organisation_id=request.organisation_id)
        shown = await request_view(session, ctx.who, request)
    return Answer(replace_card=request_card(ctx.lang, shown,
                                            notice=t(ctx.lang, "register.request.sent")))


async def change_submit(ctx: Ctx, data: dict[str, Any]) -> Answer:
    view = await _entry(ctx, data)
    if isinstance(view, Refused):
        return refused(ctx, view)
    fields = _fields(data)
    if not fields:
        return await change_start(ctx, data)
    form = change_form(fields)
    read_ = read_form(form, data, lang=ctx.lang, now=ctx.now())
    if read_.error is not None:
        draft = {**data, **({PII_FORM: form.id} if read_.pii_warning else {})}
        return _change_card(ctx, view, fields, t(ctx.lang, read_.error.key,
                                                 **read_.error.params), draft)
    proposed = values_from_form(read_.values)
    changed = {f: v for f, v in proposed.items()
               if changes_between({f: view.values.get(f)}, {f: v})}
    if not changed:
        return _change_card(ctx, view, fields, t(ctx.lang, "register.form.nothing_changed"),
                            data)
    return await _activity_and_file(ctx, view, "change", changed, read_.values.get("reason"))


async def _activity_and_file(ctx: Ctx, view: EntryView, kind: str, proposed: dict[str, Any],
                             reason: str | None) -> Answer:
    assert ctx.who.organisation is not None
    async with ctx.db.session(readonly=True) as session:
        activity = await session.get(ProcessingActivity, uuid.UUID(view.id))
    assert activity is not None
    return await _file(ctx, activity, kind, proposed, reason)


async def retire_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    view = await _entry(ctx, data)
    if isinstance(view, Refused):
        return refused(ctx, view)
    before = _title(ctx, "register.form.title.retire", view)
    card = form_card(ctx.lang, RETIRE_FORM, entry_data(view), before=before)
    card["actions"].append(el.action_execute(t(ctx.lang, "common.cancel"), "register.open",
                                             {"register_entry": view.id}))
    return Answer(replace_card=card)


async def retire_submit(ctx: Ctx, data: dict[str, Any]) -> Answer:
    view = await _entry(ctx, data)
    if isinstance(view, Refused):
        return refused(ctx, view)
    read_ = read_form(RETIRE_FORM, data, lang=ctx.lang, now=ctx.now())
    if read_.error is not None:
        return Answer(replace_card=entry_card(ctx.lang, view, notice=t(
            ctx.lang, read_.error.key, **read_.error.params)))
    return await _activity_and_file(ctx, view, "retire", {"status": Status.RETIRED},
                                    read_.values["reason"])


ACTIONS = {
    "register.change_start": change_start,
    "register.change_fields": change_fields,
    "register.change_submit": change_submit,
    "register.retire_start": retire_start,
    "register.retire_submit": retire_submit,
}
