"""What a footage request's card is built from, read in the transaction that shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from features.cameras.requests.access import Holder, decides, handles
from features.cameras.requests.repo import cameras_of, ground_label, names_of
from features.cameras.requests.rules.clock import Erasure, erasure
from features.cameras.requests.rules.workflow import CLOSED
from storage.models import FootageRequest


@dataclass(frozen=True)
class RequestView:
    id: str
    revision: int
    reference: str
    status: str
    requester_kind: str
    requester_name: str | None
    requester_ref: str | None
    cameras: tuple[str, ...]  # "Resecentrum entré (K-014)"
    window_start: datetime
    window_end: datetime
    purpose: str | None
    imprisonment: bool | None
    channel: str | None
    received_at: datetime
    needed_by: date | None
    logged_by: str | None
    erasure: Erasure
    now: datetime
    secured_at: datetime | None
    secured_by: str | None
    secured_where: str | None
    decision: str | None
    decision_reason: str | None
    legal_ground: str | None  # its label in the viewer's language
    decided_by: str | None
    decided_capacity: str | None
    decided_on: date | None
    handover: dict[str, Any]
    handed_over_at: datetime | None
    may_handle: bool  # secure, hand over
    may_decide: bool  # the secrecy assessment, close

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def urgent(self) -> bool:
        return self.secured_at is None and not self.closed and self.erasure.urgent(self.now)

    @property
    def too_late(self) -> bool:
        return self.secured_at is None and self.erasure.too_late(self.now)


async def request_view(session: AsyncSession, viewer: Holder, request: FootageRequest,
                       now: datetime, lang: str) -> RequestView:
    cameras = await cameras_of(session, request.organisation_id, request.camera_ids or [])
    names = await names_of(session, [request.logged_by_person_id,
                                     request.secured_by_person_id])
    # The clock is computed again from the register (a retention set later counts).
    clock = erasure(request.window_start, {c.reference: c.retention_hours for c in cameras}) \
        if cameras else Erasure(request.erasure_at)
    return RequestView(
        id=str(request.id), revision=request.revision, reference=request.reference,
        status=request.status, requester_kind=request.requester_kind,
        requester_name=request.requester_name, requester_ref=request.requester_ref,
        cameras=tuple(f"{c.name} ({c.reference})" for c in cameras),
        window_start=request.window_start, window_end=request.window_end,
        purpose=request.purpose, imprisonment=request.imprisonment, channel=request.channel,
        received_at=request.received_at, needed_by=request.needed_by,
        logged_by=names.get(request.logged_by_person_id or -1), erasure=clock, now=now,
        secured_at=request.secured_at, secured_by=names.get(request.secured_by_person_id or -1),
        secured_where=request.secured_where, decision=request.decision,
        decision_reason=request.decision_reason,
        legal_ground=await ground_label(session, request.organisation_id,
                                        request.legal_ground, lang),
        decided_by=request.decided_by, decided_capacity=request.decided_capacity,
        decided_on=request.decided_on, handover=dict(request.handover or {}),
        handed_over_at=request.handed_over_at,
        may_handle=await handles(session, viewer, request),
        may_decide=decides(viewer, request.organisation_id))
