"""`påminnelser` / `reminders`: the DSO (or an admin) sees each reminder schedule and
the queue, and changes a schedule or the office hours on a form.

Everything a form sends is read again here (`rules.params`): whole numbers as
Swedish or English write them, e-mail addresses that are addresses, times that are
times. A refusal shows the form again with what was entered and why; a change is
stored in `ReminderSetting` and audited (which parameters changed, never values).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from cards.safe import inert
from chat.ctx import Ctx
from chat.reminders import ReminderPolicy
from chat.turn import Answer
from features.reminders.cards.settings import FieldView, policy_form_card, settings_card
from features.reminders.rules.office_hours import clock_text, parse_clock
from features.reminders.rules.params import (
    ParamError,
    ParamKind,
    kind_of,
    minimum_of,
    overrides,
    parse,
)
from features.reminders.settings import (
    OFFICE_DEFAULTS,
    OFFICE_HOURS,
    effective,
    office_hours,
    policies_of,
    policy_named,
    row_of,
    rows_of,
)
from features.reminders.views import (
    param_hint,
    param_label,
    policy_fields,
    policy_row,
    queue_view,
)
from i18n import t
from storage.models import ReminderSetting
from storage.roles import DSO_ROLES, Role

ALLOWED = DSO_ROLES | {Role.ADMIN}


def may_manage(ctx: Ctx) -> bool:
    org = ctx.who.organisation
    return org is not None and ctx.who.holds(ALLOWED, org.id)


async def refuse(ctx: Ctx, action: str, **detail: Any) -> Answer:
    """Not the organisation's DSO or admin: nothing changes, and the trail says who tried."""
    async with ctx.db.session() as session:
        await ctx.audit(session, "reminders.refused", "organisation",
                        ctx.who.organisation.id if ctx.who.organisation else None,
                        card_action=action, **detail)
    return Answer.text(t(ctx.lang, "reminders.not_allowed"))


async def overview(ctx: Ctx, notice: str | None = None, good: bool = True) -> dict[str, Any]:
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    async with ctx.db.session(readonly=True) as session:
        rows = await rows_of(session, org)
        queue = await queue_view(session, ctx.lang, ctx.registry, org, ctx.now())
    start, end = office_hours(rows.get(OFFICE_HOURS))
    policies = [policy_row(ctx.lang, p, effective(p, rows.get(p.name)))
                for p in policies_of(ctx.registry)]
    return settings_card(ctx.lang, office=(clock_text(start), clock_text(end)),
                         policies=policies, queue=queue, notice=notice, notice_good=good)


async def show_command(ctx: Ctx, rest: str) -> Answer:
    if not may_manage(ctx):
        return await refuse(ctx, "reminders")
    card = await overview(ctx)
    async with ctx.db.session() as session:
        await ctx.audit(session, "reminders.viewed", "organisation", ctx.who.organisation.id)
    return Answer.card(card)


async def show(ctx: Ctx, data: dict[str, Any]) -> Answer:
    if not may_manage(ctx):
        return await refuse(ctx, "reminders.show")
    return Answer(replace_card=await overview(ctx))


# -- the forms ----------------------------------------------------------------------------


def _office_fields(ctx: Ctx, start: str, end: str) -> list[FieldView]:
    hint = param_hint(ctx.lang, ParamKind.TIME)
    return [FieldView("start", t(ctx.lang, "reminders.office.start"), ParamKind.TIME, start,
                      hint),
            FieldView("end", t(ctx.lang, "reminders.office.end"), ParamKind.TIME, end, hint)]


def _office_form(ctx: Ctx, start: str, end: str, error: str | None = None) -> dict[str, Any]:
    return policy_form_card(ctx.lang, name=OFFICE_HOURS,
                            label=t(ctx.lang, "reminders.office.title"), legal=False,
                            enabled=None, fields=_office_fields(ctx, start, end), error=error)


def _policy_form(ctx: Ctx, policy: ReminderPolicy, enabled: bool, values: dict[str, Any],
                 typed: dict[str, Any] | None = None, error: str | None = None
                 ) -> dict[str, Any]:
    return policy_form_card(ctx.lang, name=policy.name, label=t(ctx.lang, policy.label_key),
                            legal=policy.legal, enabled=enabled,
                            fields=policy_fields(ctx.lang, policy, values, typed), error=error)


def _unknown(ctx: Ctx) -> Answer:
    return Answer.text(t(ctx.lang, "reminders.unknown_policy"))


async def edit(ctx: Ctx, data: dict[str, Any]) -> Answer:
    if not may_manage(ctx):
        return await refuse(ctx, "reminders.edit")
    assert ctx.who.organisation is not None
    name = str(data.get("policy") or "")
    async with ctx.db.session(readonly=True) as session:
        row = await row_of(session, ctx.who.organisation.id, name)
    if name == OFFICE_HOURS:
        start, end = office_hours(row)
        return Answer(replace_card=_office_form(ctx, clock_text(start), clock_text(end)))
    policy = policy_named(ctx.registry, name)
    if policy is None:
        return _unknown(ctx)
    setting = effective(policy, row)
    return Answer(replace_card=_policy_form(ctx, policy, setting.enabled, setting.values))


def _problem(ctx: Ctx, label: str, error: ParamError) -> str:
    # A parameter may echo what was typed (an address): shown inert.
    params = {k: inert(v, 80) if isinstance(v, str) else v for k, v in error.params.items()}
    return t(ctx.lang, "reminders.error.in_field", field=label,
             problem=t(ctx.lang, error.key, **params))


async def save(ctx: Ctx, data: dict[str, Any]) -> Answer:
    if not may_manage(ctx):
        return await refuse(ctx, "reminders.save", policy=str(data.get("policy"))[:48])
    name = str(data.get("policy") or "")
    if name == OFFICE_HOURS:
        return await _save_office(ctx, data)
    policy = policy_named(ctx.registry, name)
    if policy is None:
        return _unknown(ctx)
    if "enabled" in data:
        enabled = parse(ParamKind.FLAG, data.get("enabled"))
    else:  # a client that sent no switch leaves it as it is
        assert ctx.who.organisation is not None
        async with ctx.db.session(readonly=True) as session:
            enabled = effective(policy, await row_of(session, ctx.who.organisation.id,
                                                     name)).enabled
    values: dict[str, Any] = {}
    for key, default in policy.defaults.items():
        try:
            values[key] = parse(kind_of(key, default), data.get(f"p_{key}"),
                                minimum=minimum_of(key, default))
        except ParamError as error:
            label = param_label(ctx.lang, policy.name, key)
            return Answer(replace_card=_policy_form(
                ctx, policy, enabled, {}, typed=data, error=_problem(ctx, label, error)))
    stored = overrides(policy.defaults, values)
    changed = await _store(ctx, name, enabled, stored,
                           default_enabled=policy.enabled_by_default)
    label = t(ctx.lang, policy.label_key)
    notice = t(ctx.lang, "reminders.saved" if changed else "reminders.unchanged", name=label)
    return Answer(replace_card=await overview(ctx, notice))


async def _save_office(ctx: Ctx, data: dict[str, Any]) -> Answer:
    typed_start, typed_end = str(data.get("p_start") or ""), str(data.get("p_end") or "")
    start, end = parse_clock(typed_start), parse_clock(typed_end)
    error = None
    if start is None:
        error = t(ctx.lang, "reminders.error.in_field", field=t(ctx.lang, "reminders.office.start"),
                  problem=t(ctx.lang, "reminders.error.time"))
    elif end is None:
        error = t(ctx.lang, "reminders.error.in_field", field=t(ctx.lang, "reminders.office.end"),
                  problem=t(ctx.lang, "reminders.error.time"))
    elif start >= end:
        error = t(ctx.lang, "reminders.error.office_order")
    if error is not None or start is None or end is None:
        return Answer(replace_card=_office_form(ctx, typed_start[:20], typed_end[:20], error))
    values = {"start": clock_text(start), "end": clock_text(end)}
    changed = await _store(ctx, OFFICE_HOURS, True, overrides(OFFICE_DEFAULTS, values),
                           default_enabled=True)
    notice = t(ctx.lang, "reminders.office.saved" if changed else "reminders.unchanged",
               start=values["start"], end=values["end"],
               name=t(ctx.lang, "reminders.office.title"))
    return Answer(replace_card=await overview(ctx, notice))


async def _store(ctx: Ctx, name: str, enabled: bool, settings: dict[str, Any], *,
                 default_enabled: bool) -> bool:
    """Store an organisation's setting and audit it; False when nothing changed."""
    assert ctx.who.organisation is not None
    org = ctx.who.organisation.id
    for attempt in (1, 2):
        try:
            async with ctx.db.session() as session:
                row = await row_of(session, org, name)
                before_enabled = row.enabled if row is not None else default_enabled
                before = dict(row.settings or {}) if row is not None else {}
                if before_enabled == enabled and before == settings:
                    return False
                if row is None:
                    row = ReminderSetting(organisation_id=org, policy=name)
                    session.add(row)
                row.enabled = enabled
                row.settings = settings
                row.updated_by_person_id = ctx.who.person_id
                row.updated_at = ctx.now()
                await session.flush()
                changed = sorted(k for k in {*before, *settings}
                                 if before.get(k) != settings.get(k))
                await ctx.audit(session, "reminders.settings_changed", "reminder_setting",
                                name, policy=name, enabled=enabled,
                                was_enabled=before_enabled, changed=changed)
            return True
        except IntegrityError:  # another DSO stored the first row a moment ago
            if attempt == 2:
                raise
    return False
