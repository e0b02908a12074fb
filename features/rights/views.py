"""What the rights cards are built from, read in the transaction that shows them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from compliance.localtime import to_local
from features.rights.access import Holder, handles
from features.rights.repo import events_of, names_of
from features.rights.rules.clock import Deadline, due
from features.rights.rules.workflow import (
    CLOSED,
    Checkpoints,
    needs_recipients,
    needs_secrecy,
)
from storage.models import ProcessingActivity, RightsQuestion, RightsRequest


@dataclass(frozen=True)
class EventView:
    at: datetime
    by: str | None
    kind: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class RequestView:
    id: str
    revision: int
    reference: str
    rights: tuple[str, ...]
    received_on: date
    channel: str
    status: str
    deadline: Deadline
    today: date
    requester_ref: str | None
    activities: tuple[str, ...]  # the register entries concerned, as "Name (BEH-0042)"
    systems: str | None
    logged_by: str | None
    handler: str | None  # None: the DSO is to name one
    identity_method: str | None
    identity_verified_on: date | None
    extension_reason: str | None
    extension_told_on: date | None
    secrecy_on: date | None
    secrecy_by: str | None
    secrecy_result: str | None
    recipients: str | None
    recipients_told: str | None
    answered_on: date | None
    outcome: str | None
    outcome_reason: str | None
    appeal_info_given: bool | None
    may_handle: bool  # the viewer is a DSO or the handler: the buttons are theirs
    events: Sequence[EventView] = field(default_factory=tuple)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def days_left(self) -> int:
        return (self.deadline.due - self.today).days

    @property
    def needs_secrecy(self) -> bool:
        return needs_secrecy(self.rights)

    @property
    def needs_recipients(self) -> bool:
        return needs_recipients(self.rights)

    @property
    def answered_in_time(self) -> bool | None:
        return None if self.answered_on is None else self.answered_on <= self.deadline.due

    def checkpoints(self) -> Checkpoints:
        return Checkpoints(self.rights, self.identity_verified_on is not None,
                           self.secrecy_result is not None, self.recipients_told is not None)


async def _activity_labels(session: AsyncSession, request: RightsRequest) -> tuple[str, ...]:
    labels = []
    for raw in request.activity_ids:
        activity = await session.get(ProcessingActivity, uuid.UUID(str(raw)))
        if activity is not None and activity.organisation_id == request.organisation_id:
            labels.append(f"{activity.name} ({activity.reference})")
    return tuple(labels)


async def request_view(session: AsyncSession, viewer: Holder, request: RightsRequest,
                       now: datetime, *, with_events: bool = False) -> RequestView:
    events = await events_of(session, request.id) if with_events else []
    handlers = [v for e in events for v in ((e.data or {}).get("changes", {})
                                             .get("handler_person_id") or {}).values()]
    names = await names_of(session, [request.logged_by_person_id, request.handler_person_id,
                                     *(e.actor_person_id for e in events),
                                     *(h for h in handlers if isinstance(h, int))])
    return RequestView(
        id=str(request.id), revision=request.revision, reference=request.reference,
        rights=tuple(request.rights), received_on=request.received_on,
        channel=request.channel, status=request.status,
        deadline=due(request.received_on, request.further_months),
        today=to_local(now).date(), requester_ref=request.requester_ref,
        activities=await _activity_labels(session, request), systems=request.systems,
        logged_by=names.get(request.logged_by_person_id or -1),
        handler=names.get(request.handler_person_id or -1),
        identity_method=request.identity_method,
        identity_verified_on=request.identity_verified_on,
        extension_reason=request.extension_reason,
        extension_told_on=request.extension_told_on, secrecy_on=request.secrecy_on,
        secrecy_by=request.secrecy_by, secrecy_result=request.secrecy_result,
        recipients=request.recipients, recipients_told=request.recipients_told,
        answered_on=request.answered_on, outcome=request.outcome,
        outcome_reason=request.outcome_reason, appeal_info_given=request.appeal_info_given,
        may_handle=handles(viewer, request),
        events=tuple(EventView(e.at, names.get(e.actor_person_id or -1), e.kind,
                               _named((e.data or {}).get("changes") or {}, names))
                     for e in events))


def _named(changes: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    """A change of handler as the names of the people, not their ids."""
    handler = changes.get("handler_person_id")
    if not handler:
        return changes
    return {**changes, "handler_person_id": {k: names.get(v) if isinstance(v, int) else v
                                             for k, v in handler.items()}}


@dataclass(frozen=True)
class QuestionView:
    id: str
    revision: int
    question: str
    asker: str | None
    topic_hint: str | None
    status: str
    answer: str | None
    answered_by: str | None
    asked_at: datetime
    answered_at: datetime | None


async def question_view(session: AsyncSession, question: RightsQuestion) -> QuestionView:
    names = await names_of(session, [question.asker_person_id, question.answered_by_person_id])
    return QuestionView(
        id=str(question.id), revision=question.revision, question=question.question,
        asker=names.get(question.asker_person_id or -1), topic_hint=question.topic_hint,
        status=question.status, answer=question.answer,
        answered_by=names.get(question.answered_by_person_id or -1),
        asked_at=question.created_at, answered_at=question.answered_at)
