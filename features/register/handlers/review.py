"""The actions on an owner's review reminder: confirm that an entry is still correct,
and page through the entries due.

Confirming goes through the record-action kernel like confirming on the entry's
own card (`register.confirm`): the entry is found in the person's organisation,
the revision the reminder showed is checked, the owner, those who act for them,
the DSOs and the admins may confirm (`keeper_gate`), and the review date, its
version and the audit entry are written in one transaction. The reminder is
then updated in place: the row says who confirmed it and when.

A second click on the same row (a double click, or a card Teams had not yet
updated) finds the entry confirmed by that very click: nothing new is done, and
the card says so. A click on an entry that someone changed after the reminder
was made confirms nothing: the card says it changed, so the owner can look at
it first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
    revision_of,
)
from chat.turn import Answer
from compliance.localtime import to_local
from features.register.access import entry_access, keeper_gate, keeps, object_of
from features.register.cards.reminders import (
    CONFIRM,
    PAGE_ACTION,
    ReviewView,
    page_of,
    review_card,
)
from features.register.handlers.requests import refused
from features.register.records import ENTRY, VERSION
from features.register.reminders import review_view
from features.register.repo import RegisterRepository, plan_update
from features.register.rules.vocabulary import Status
from i18n import t
from i18n.dates import long_date
from storage.models import ActivityVersion, ProcessingActivity

# A reminder older than this is read as of today (a forged or ancient `since`).
OLDEST_REMINDER = timedelta(days=366)


def _today(ctx: Ctx) -> date:
    return to_local(ctx.now()).date()


def _since(ctx: Ctx, data: dict[str, Any]) -> date:
    """The day of the reminder, as the card says; nonsense is read as today."""
    today = _today(ctx)
    try:
        since = date.fromisoformat(str(data.get("since")))
    except ValueError:
        return today
    return since if today - OLDEST_REMINDER <= since <= today else today


async def _decide(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity,
                  data: dict[str, Any]) -> Change | Invalid | Unchanged:
    if activity.status == Status.RETIRED:
        return Unchanged(t(ctx.lang, "register.reminder.review.retired",
                           reference=activity.reference))
    obj = await object_of(session, activity)
    owner = (await RegisterRepository(session).people([obj.owner_person_id])).get(
        obj.owner_person_id or -1)
    planned = plan_update(activity, obj, owner, {"reviewed_on": _today(ctx).isoformat()})
    if planned is None:  # confirmed today already, from another card
        return Unchanged(t(ctx.lang, "register.reminder.review.already_today",
                           reference=activity.reference))
    return Change(planned.columns, VERSION,
                  {"changes": planned.changes, "snapshot": planned.after, "source": "confirm",
                   "reason": None},
                  audit={"source": "confirm", "fields": sorted(planned.changes),
                         "via": "reminder"})


async def _latest_version(session: AsyncSession, activity: ProcessingActivity
                          ) -> ActivityVersion | None:
    return await session.scalar(select(ActivityVersion).where(
        ActivityVersion.activity_id == activity.id).order_by(ActivityVersion.number.desc())
        .limit(1))


async def _confirmed_by_that_click(session: AsyncSession, activity: ProcessingActivity,
                                   shown_revision: int | None) -> ActivityVersion | None:
    """The confirmation that is the only change since the card's revision, if it is one:
    the card was out of date only because the entry was confirmed."""
    if shown_revision is None or activity.revision != shown_revision + 1:
        return None
    latest = await _latest_version(session, activity)
    return latest if latest is not None and latest.source == "confirm" \
        and latest.number == activity.version else None


def _confirm_action(since: date, page: Any) -> RecordAction[ProcessingActivity]:
    async def show(ctx: Ctx, session: AsyncSession, activity: ProcessingActivity
                   ) -> ReviewView | None:
        """The owner's review card as it now stands, at the page the click came from;
        nothing for someone who may not act on the entry."""
        obj = await object_of(session, activity)
        if not keeps(ctx.who, obj) or obj.owner_person_id is None:
            return None
        view = await review_view(session, activity.organisation_id, obj.owner_person_id,
                                 ctx.now(), since=since)
        return replace(view, page=page_of(page, len(view.rows)))

    return RecordAction(name="register_entry.confirmed", record_type=ENTRY,
                        access=entry_access(keeper_gate), decide=_decide, show=show)


def _card(ctx: Ctx, view: ReviewView, notice: str) -> Answer:
    return Answer(replace_card=review_card(ctx.lang, view, notice=notice))


async def confirm(ctx: Ctx, data: dict[str, Any]) -> Answer:
    since = _since(ctx, data)
    result = await act(ctx, _confirm_action(since, data.get("page")), data)
    match result:
        case Refused():
            return refused(ctx, result)
        case Changed():
            notice = t(ctx.lang, "register.reminder.review.done",
                       reference=result.record.reference)
            return _card(ctx, result.shown, notice) if result.shown else Answer.text(notice)
        case Declined(outcome=Invalid() | Unchanged() as said):
            return _card(ctx, result.shown, said.message) if result.shown \
                else Answer.text(said.message)
        case Stale():
            if result.shown is None:
                return Answer.text(t(ctx.lang, "register.not_allowed"))
            return _card(ctx, result.shown, await _stale_notice(ctx, result.record, data))
    raise AssertionError(result)


async def _stale_notice(ctx: Ctx, activity: ProcessingActivity, data: dict[str, Any]) -> str:
    async with ctx.db.session(readonly=True) as session:
        confirmation = await _confirmed_by_that_click(session, activity, revision_of(data))
        if confirmation is None:
            return t(ctx.lang, "register.reminder.review.changed",
                     reference=activity.reference)
        people = await RegisterRepository(session).people([confirmation.actor_person_id])
    by = people.get(confirmation.actor_person_id or -1)
    name = (by.display_name or by.email) if by else t(ctx.lang, "register.reminder.someone")
    return t(ctx.lang, "register.reminder.review.already", reference=activity.reference,
             name=name, day=long_date(to_local(confirmation.at).date(), ctx.lang,
                                      weekday=False))


async def page(ctx: Ctx, data: dict[str, Any]) -> Answer:
    """Another page of the person's own review list (their own entries only)."""
    assert ctx.who.organisation is not None and ctx.who.person_id is not None
    async with ctx.db.session(readonly=True) as session:
        view = await review_view(session, ctx.who.organisation.id, ctx.who.person_id,
                                 ctx.now(), since=_since(ctx, data))
    if not view.rows:
        return Answer.text(t(ctx.lang, "register.reminder.review.nothing"))
    view = replace(view, page=page_of(data.get("page"), len(view.rows)))
    return Answer(replace_card=review_card(ctx.lang, view))


ACTIONS = {CONFIRM: confirm, PAGE_ACTION: page}
