"""An entry's card and what its owner does on it: confirm it is still correct, complete
what is missing, hand it (or the whole object) over; and its history.

Confirming, completing and handing over are the owner's own changes (the owner,
those who act for them, the DSOs and admins): they need no approval, and each is
a version with who, when and why. Everything goes through the record-action
kernel, so a forged or out-of-date card changes nothing and is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cards import elements as el
from cards.forms import form_card
from chat.ctx import Ctx
from chat.records import (
    Change,
    Changed,
    Declined,
    Invalid,
    RecordAction,
    Refused,
    Stale,
    Unchanged,
    act,
    notice,
    read,
)
from chat.turn import Answer
from compliance.localtime import to_local
from dialogs.forms import PII_FORM, read_form
from dialogs.model import Form
from features.register.access import entry_access, keeper_gate, object_of
from features.register.cards.entry import entry_card, entry_data
from features.register.cards.history import history_card, version_card
from features.register.completeness import missing
from features.register.forms import HANDOVER_FORM, complete_form, values_from_form
from features.register.handlers.requests import refused
from features.register.reading import entry_view
from features.register.records import ENTRY, VERSION
from features.register.repo import RegisterRepository, entry_values, plan_update
from features.register.views import EntryView
from i18n import t
from storage.models import ProcessingActivity, RegisterObject
from storage.repos import PeopleRepository, RoleRepository
from storage.repos.revision import compare_and_set
from storage.roles import DSO_ROLES, Role


async def _shown(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity) -> EntryView:
    return await entry_view(session, ctx.who, activity, ctx.now())


async def _with_history(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity
                        ) -> EntryView:
    return await entry_view(session, ctx.who, activity, ctx.now(), with_versions=True)


def _card(ctx: Ctx, view: EntryView, notice_text: str | None = None) -> Answer:
    return Answer(replace_card=entry_card(ctx.lang, view, notice=notice_text))


async def open_entry(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, ENTRY, entry_access(), data.get("register_entry"),
                       audit_as="register_entry.viewed", show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    card = entry_card(ctx.lang, found[1])
    return Answer(messages=[card]) if data.get("from") == "list" else Answer(replace_card=card)


async def history(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, ENTRY, entry_access(), data.get("register_entry"), audit_as=None,
                       show=_with_history)
    if isinstance(found, Refused):
        return refused(ctx, found)
    return Answer(replace_card=history_card(ctx.lang, found[1]))


async def version(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, ENTRY, entry_access(), data.get("register_entry"), audit_as=None,
                       show=_with_history)
    if isinstance(found, Refused):
        return refused(ctx, found)
    view = found[1]
    wanted = next((v for v in view.versions if str(v.number) == str(data.get("number"))), None)
    if wanted is None:
        return Answer(replace_card=history_card(ctx.lang, view))
    return Answer(replace_card=version_card(ctx.lang, view, wanted))


# -- the owner's own changes ------------------------------------------------------------


async def _change_to(session: AsyncSession, activity: ProcessingActivity,
                     values: dict[str, Any], source: str, reason: str | None
                     ) -> Change | None:
    """The kernel change that makes the entry hold `values`, with its version."""
    obj = await object_of(session, activity)
    owner = (await RegisterRepository(session).people([obj.owner_person_id])).get(
        obj.owner_person_id or -1)
    planned = plan_update(activity, obj, owner, values)
    if planned is None:
        return None
    return Change(planned.columns, VERSION,
                  {"changes": planned.changes, "snapshot": planned.after, "source": source,
                   "reason": reason}, audit={"source": source,
                                             "fields": sorted(planned.changes)})


async def _confirm(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity,
                   data: dict[str, Any]) -> Change | Invalid | Unchanged:
    today = to_local(ctx.now()).date().isoformat()
    change = await _change_to(session, activity, {"reviewed_on": today}, "confirm", None)
    return change or Unchanged(t(ctx.lang, "register.entry.confirmed_today"))


def _form_fields(data: dict[str, Any], allowed: list[str]) -> list[str]:
    """The fields a form card names, if they are ones it may ask."""
    named = [f for f in str(data.get("fields") or "").split(",") if f]
    return [f for f in named if f in allowed]


async def _complete(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity,
                    data: dict[str, Any]) -> Change | Invalid | Unchanged:
    obj = await object_of(session, activity)
    current = entry_values(activity, obj, None)
    fields = _form_fields(data, missing(current)) or missing(current)
    if not fields:
        return Unchanged(t(ctx.lang, "register.entry.nothing_missing"))
    form = complete_form(fields)
    read_ = read_form(form, data, lang=ctx.lang, now=ctx.now())
    if read_.error is not None:
        return Invalid(t(ctx.lang, read_.error.key, **read_.error.params),
                       {PII_FORM: form.id} if read_.pii_warning else {})
    values = {k: v for k, v in values_from_form(read_.values).items() if v not in (None, [])}
    if not values:
        return Invalid(t(ctx.lang, "register.entry.complete_empty"))
    change = await _change_to(session, activity, values, "owner", read_.values.get("reason"))
    return change or Unchanged(t(ctx.lang, "register.entry.unchanged"))


def _entry_form_card(ctx: Ctx, view: EntryView, form: Form, fields: list[str],
                     values: dict[str, Any] | None = None, notice_text: str | None = None,
                     draft: dict[str, Any] | None = None) -> Answer:
    title = t(ctx.lang, f"register.form.title.{form.id.split('.')[1]}",
              reference=view.reference)
    before = [el.heading(title, size="Medium")]
    if notice_text:
        before.append(el.container([el.text(notice_text, weight="Bolder")], style="warning"))
    card = form_card(ctx.lang, form, {**entry_data(view), "fields": ",".join(fields)},
                     values=values, draft=draft, before=before)
    card["actions"].append(el.action_execute(t(ctx.lang, "common.cancel"), "register.open",
                                             {"register_entry": view.id}))
    return Answer(replace_card=card)


async def complete_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, ENTRY, entry_access(keeper_gate), data.get("register_entry"),
                       audit_as=None, show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    view = found[1]
    if not view.missing:
        return _card(ctx, view, t(ctx.lang, "register.entry.nothing_missing"))
    return _entry_form_card(ctx, view, complete_form(view.missing), view.missing)


async def _handover(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity,
                    data: dict[str, Any]) -> Change | Invalid | Unchanged:
    form = read_form(HANDOVER_FORM, data, lang=ctx.lang, now=ctx.now())
    if form.error is not None:
        return Invalid(t(ctx.lang, form.error.key, **form.error.params))
    address = str(form.values["new_owner"])  # one address, checked by the form
    person, _ = await PeopleRepository(session).ensure(email=address)
    await RoleRepository(session).grant(person.id, activity.organisation_id, Role.OBJECT_OWNER)
    obj = await object_of(session, activity)
    repo = RegisterRepository(session)
    old_owner = (await repo.people([obj.owner_person_id])).get(obj.owner_person_id or -1)
    before = entry_values(activity, obj, old_owner)
    if form.values["scope"] == "object":
        await compare_and_set(session, RegisterObject, obj.id, obj.organisation_id,
                              obj.revision, {"owner_person_id": person.id, "owner_text": None})
        target = obj
    else:
        name = str(form.values.get("target_object") or "").strip()
        if not name:
            return Invalid(t(ctx.lang, "register.form.target_object_needed"))
        target = await repo.ensure_object(activity.organisation_id, name)
        if target.owner_person_id not in (None, person.id):
            return Invalid(t(ctx.lang, "register.form.target_object_owned"))
        target.owner_person_id, target.owner_text = person.id, None
    after = {**before, "owner": person.email or person.display_name, "object": target.name}
    changes = {k: {"old": before.get(k), "new": after[k]} for k in ("owner", "object")
               if before.get(k) != after[k]}
    if not changes:
        return Unchanged(t(ctx.lang, "register.entry.unchanged"))
    told = [person.id, *await _dsos(session, activity.organisation_id)]
    reference, name = activity.reference, activity.name
    notes = [notice(p, lambda lang: t(lang, "register.told.handed_over", reference=reference,
                                      name=name)) for p in dict.fromkeys(told)]
    return Change({"object_id": target.id, "version": activity.version + 1}, VERSION,
                  {"changes": changes, "snapshot": after, "source": "handover",
                   "reason": form.values.get("reason")},
                  audit={"source": "handover", "scope": form.values["scope"]}, notify=notes)


async def _dsos(session: AsyncSession, organisation_id: int) -> list[int]:
    holders = await RoleRepository(session).holders(organisation_id, tuple(sorted(DSO_ROLES)))
    return [h.person.id for h in holders]


async def handover_start(ctx: Ctx, data: dict[str, Any]) -> Answer:
    found = await read(ctx, ENTRY, entry_access(keeper_gate), data.get("register_entry"),
                       audit_as=None, show=_shown)
    if isinstance(found, Refused):
        return refused(ctx, found)
    view = found[1]
    return _entry_form_card(ctx, view, HANDOVER_FORM, [],
                            values={"scope": "object", "target_object": view.values["object"]})


async def _run(ctx: Ctx, action: RecordAction[ProcessingActivity], data: dict[str, Any],
               form_for: Any = None) -> Answer:
    result = await act(ctx, action, data)
    match result:
        case Refused():
            return refused(ctx, result)
        case Stale():
            return _card(ctx, result.shown, t(ctx.lang, "register.stale"))
        case Declined(outcome=Invalid() as invalid) if form_for is not None:
            form, fields = form_for(result.shown, data)
            return _entry_form_card(ctx, result.shown, form, fields, notice_text=invalid.message,
                                    draft={**data, **invalid.draft})
        case Declined(outcome=Invalid() | Unchanged() as said):
            return _card(ctx, result.shown, said.message)
        case Changed():
            return _card(ctx, result.shown, t(ctx.lang, "register.entry.saved"))
    raise AssertionError(result)


def _keeper_action(name: str, decide: Any, form_for: Any = None):
    action = RecordAction(name=f"register_entry.{name}", record_type=ENTRY,
                          access=entry_access(keeper_gate), decide=decide, show=_shown)

    async def handle(ctx: Ctx, data: dict[str, Any]) -> Answer:
        return await _run(ctx, action, data, form_for)

    return handle


def _complete_form_for(view: EntryView, data: dict[str, Any]) -> tuple[Form, list[str]]:
    fields = _form_fields(data, view.missing) or view.missing
    return complete_form(fields), fields


ACTIONS = {
    "register.open": open_entry,
    "register.history": history,
    "register.version": version,
    "register.confirm": _keeper_action("confirmed", _confirm),
    "register.complete_start": complete_start,
    "register.complete_submit": _keeper_action("completed", _complete, _complete_form_for),
    "register.handover_start": handover_start,
    "register.handover_submit": _keeper_action(
        "handed_over", _handover, lambda view, data: (HANDOVER_FORM, [])),
}
