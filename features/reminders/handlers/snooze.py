"""`reminder.snooze`: not to be reminded of one record by one policy for a number of days.

The card's data is `{"action": "reminder.snooze", "policy": <name>, "record": <record
id>, "days": <from the input "days">}` and nothing of it is trusted: the policy must be
installed, the days a whole number from 1 to 30 (as Swedish or English write it), and
the person must be the reminder's recipient (the outbox holds a reminder of that
policy about that record to them) or a DSO of its organisation. A refusal changes
nothing and is audited. The card is updated in place: "Snoozed until <day>". A
second click (another device, a retried delivery) says it is snoozed already.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chat.ctx import Ctx
from chat.turn import Answer
from compliance.localtime import to_local
from features.reminders.cards.reminders import snoozed_card
from features.reminders.rules.params import ParamError, parse_whole
from features.reminders.settings import policy_named
from i18n import t
from i18n.dates import long_date
from storage.models import OutboxMessage, ReminderSnooze
from storage.roles import DSO_ROLES

MAX_DAYS = 30


def _until_text(ctx: Ctx, until: Any) -> str:
    return long_date(to_local(until).date(), ctx.lang)


async def snooze(ctx: Ctx, data: dict[str, Any]) -> Answer:
    assert ctx.who.organisation is not None
    name = str(data.get("policy") or "")[:48]
    raw_record = data.get("record")
    record = str(raw_record)[:64] if isinstance(raw_record, str | int) else ""
    policy = policy_named(ctx.registry, name)
    if policy is None or not record:
        return Answer.text(t(ctx.lang, "reminders.snooze.unknown"))
    try:
        days = parse_whole(str(data.get("days") or ""), maximum=MAX_DAYS)
    except ParamError:
        return Answer.text(t(ctx.lang, "reminders.snooze.days", max=MAX_DAYS))
    me = ctx.who.person_id
    now = ctx.now()
    async with ctx.db.session() as session:
        sent = list(await session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == policy.kind,
                                        OutboxMessage.record_id == record)
            .order_by(OutboxMessage.id.desc()).limit(200)))
        own = next((m for m in sent if m.person_id == me and m.organisation_id is not None),
                   None)
        org = own.organisation_id if own is not None else next(
            (m.organisation_id for m in sent if m.organisation_id in ctx.who.dso_organisations),
            None)
        if org is None and not sent and ctx.who.holds(DSO_ROLES, ctx.who.organisation.id):
            org = ctx.who.organisation.id
        if org is None:
            await ctx.audit(session, "reminder.snooze_refused", "reminder", record,
                            policy=name, days=days)
            return Answer.text(t(ctx.lang, "reminders.snooze.not_yours"))
        original = own.message if own is not None else None
        existing = await session.scalar(select(ReminderSnooze).where(
            ReminderSnooze.organisation_id == org, ReminderSnooze.policy == name,
            ReminderSnooze.record_id == record))
        if existing is not None and existing.until > now:
            line = t(ctx.lang, "reminders.snooze.already", until=_until_text(ctx, existing.until))
            return Answer(replace_card=snoozed_card(ctx.lang, original, line))
        until = now + timedelta(days=days)
        try:
            async with session.begin_nested():
                if existing is None:
                    session.add(ReminderSnooze(organisation_id=org, policy=name,
                                               record_id=record, until=until, by_person_id=me,
                                               at=now))
                else:
                    existing.until, existing.by_person_id, existing.at = until, me, now
                await session.flush()
        except IntegrityError:
            # A second click raced this one and stored first: its snooze stands.
            taken = await session.scalar(select(ReminderSnooze.until).where(
                ReminderSnooze.organisation_id == org, ReminderSnooze.policy == name,
                ReminderSnooze.record_id == record))
            line = t(ctx.lang, "reminders.snooze.already",
                     until=_until_text(ctx, taken or until))
            return Answer(replace_card=snoozed_card(ctx.lang, original, line))
        await ctx.audit(session, "reminder.snoozed", "reminder", record, organisation_id=org,
                        policy=name, days=days, until=until.isoformat())
    line = t(ctx.lang, "reminders.snooze.done", until=_until_text(ctx, until))
    return Answer(replace_card=snoozed_card(ctx.lang, original, line))
