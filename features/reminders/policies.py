"""The platform's own reminder policies: unfinished drafts, and the DSO's weekly digest.

- `unfinished_drafts`: once, a day after someone left a guided report unfinished
  (a dialog still active or paused, untouched for `hours`), a card that offers to
  continue where they stopped, or to throw the draft away. Drafts untouched for more
  than `max_days` are not nudged about (they are old, and the retention schedule
  disposes of them).
- `weekly_digest` (off unless the organisation switches it on): on the week's first
  working day, each DSO gets the counts that need attention: open incidents, open
  rights requests, register entries due for review, and messages that could not be
  delivered. The counts come from the storage models (capabilities do not import
  each other, and none contributes a summary yet).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.reminders import Due, ReminderPolicy
from compliance.localtime import start_of_day, to_local
from compliance.workdays import next_working_day
from dialogs import engine
from dialogs.answers import Context
from features.reminders.cards.reminders import Digest, digest_card, draft_card
from features.reminders.settings import current_registry, row_of
from i18n import t
from storage.models import (
    FlowInstance,
    FlowStatus,
    Incident,
    OutboxMessage,
    OutboxState,
    ProcessingActivity,
    RightsRequest,
    RoleAssignment,
)
from storage.roles import DSO_ROLES

UNFINISHED = "unfinished_drafts"
DIGEST = "weekly_digest"
OPEN_FLOWS = (FlowStatus.ACTIVE.value, FlowStatus.PAUSED.value)
LOST = (OutboxState.UNDELIVERABLE.value, OutboxState.FAILED.value)
# The digest of a week is sent on its first working day, or up to two days later
# when the bot was stopped then (never the week's digest on a Sunday night).
DIGEST_GRACE_DAYS = 2
REVIEW_MONTHS = 12  # register entries not confirmed for this long are due for review


def _whole(settings: Mapping[str, Any], key: str, default: int) -> int:
    value = settings.get(key, default)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else default


# -- unfinished drafts --------------------------------------------------------------------


async def _unfinished(session: AsyncSession, org_id: int, settings: Mapping[str, Any],
                      now: datetime) -> Sequence[Due]:
    left_before = now - timedelta(hours=_whole(settings, "hours", 24))
    too_old = now - timedelta(days=_whole(settings, "max_days", 14))
    rows = await session.scalars(select(FlowInstance).where(
        FlowInstance.organisation_id == org_id, FlowInstance.status.in_(OPEN_FLOWS),
        FlowInstance.updated_at <= left_before, FlowInstance.updated_at > too_old)
        .order_by(FlowInstance.updated_at))
    return [Due(key=f"{UNFINISHED}:{row.id.hex}", person_id=row.person_id,
                build=_draft_builder(row.id.hex, row.flow_id, dict(row.state),
                                     row.updated_at),
                record_type="flow", record_id=row.id.hex)
            for row in rows]


def _draft_builder(instance: str, flow_id: str, state: dict[str, Any],
                   left_at: datetime) -> Any:
    async def build(lang: str, session: AsyncSession) -> dict[str, Any]:
        registry = current_registry()
        spec = registry.flow(flow_id) if registry is not None else None
        title, progress, discard = t(lang, "reminders.drafts.untitled"), None, None
        if spec is not None:
            view = engine.show(spec.flow, state, Context(lang))
            title = t(lang, view.title_key)
            if view.question is not None:
                progress = t(lang, "dialog.progress", position=view.question.position,
                             total=view.question.total)
                discard = {"instance": view.instance, "rev": view.rev,
                           "step": view.question.step_id}
            else:
                progress = t(lang, "dialog.summary.title")
                discard = {"instance": view.instance, "rev": view.rev, "step": None}
        return draft_card(lang, title=title, progress=progress, left_at=left_at,
                          instance=instance, discard=discard)

    return build


async def _draft_still_open(session: AsyncSession, record_id: str, now: datetime) -> bool:
    """Still a draft, and not taken up again in the last hour."""
    try:
        instance = uuid.UUID(str(record_id))
    except ValueError:
        return False
    row = await session.get(FlowInstance, instance)
    return (row is not None and row.status in OPEN_FLOWS
            and row.updated_at <= now - timedelta(hours=1))


UNFINISHED_DRAFTS = ReminderPolicy(
    name=UNFINISHED, label_key="reminders.policy.unfinished_drafts", find=_unfinished,
    defaults={"hours": 24, "max_days": 14}, still_applies=_draft_still_open)


# -- weekly digest ------------------------------------------------------------------------


def _months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


async def digest_counts(session: AsyncSession, org_id: int, now: datetime) -> Digest:
    """What needs the DSO's attention in the organisation, counted."""
    today = to_local(now).date()
    review_row = await row_of(session, org_id, "register_review")
    months = _whole(review_row.settings if review_row else {}, "months", REVIEW_MONTHS)
    cutoff = _months_before(today, months)

    async def count(model: Any, *where: Any) -> int:
        return int(await session.scalar(select(func.count()).select_from(model).where(
            model.organisation_id == org_id, *where)) or 0)

    return Digest(
        week=today.isocalendar().week,
        incidents=await count(Incident, Incident.closed_at.is_(None)),
        rights=await count(RightsRequest, RightsRequest.closed_at.is_(None)),
        review=await count(ProcessingActivity, ProcessingActivity.status == "active", or_(
            ProcessingActivity.reviewed_on <= cutoff,
            and_(ProcessingActivity.reviewed_on.is_(None),
                 ProcessingActivity.created_at <= start_of_day(cutoff)))),
        undelivered=await count(OutboxMessage, OutboxMessage.state.in_(LOST),
                                OutboxMessage.created_at >= now - timedelta(days=30)),
    )


async def _digest(session: AsyncSession, org_id: int, settings: Mapping[str, Any],
                  now: datetime) -> Sequence[Due]:
    today = to_local(now).date()
    monday = today - timedelta(days=today.weekday())
    first = next_working_day(monday)
    if not first <= today <= first + timedelta(days=DIGEST_GRACE_DAYS):
        return []
    dsos = sorted(set(await session.scalars(select(RoleAssignment.person_id).where(
        RoleAssignment.organisation_id == org_id,
        RoleAssignment.role.in_([r.value for r in DSO_ROLES])))))
    if not dsos:
        return []
    counts = await digest_counts(session, org_id, now)
    year, week, _ = today.isocalendar()

    async def build(lang: str, session: AsyncSession) -> dict[str, Any]:
        return digest_card(lang, counts)

    return [Due(key=f"{DIGEST}:{org_id}:{year}-W{week:02d}:{person_id}", person_id=person_id,
                build=build) for person_id in dsos]


WEEKLY_DIGEST = ReminderPolicy(
    name=DIGEST, label_key="reminders.policy.weekly_digest", find=_digest,
    enabled_by_default=False)

POLICIES = (UNFINISHED_DRAFTS, WEEKLY_DIGEST)
