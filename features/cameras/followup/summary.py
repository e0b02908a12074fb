"""The cameras' figures for the DSO's summary and the annual report (chat.summaries).

Counted in SQL. The register as it stands now (a group of identical cameras
counts as its `count`):

    registered         active cameras
    incomplete         of these: no documented assessment of interests, or
                       recording with no retention time set

The footage requests received in the year (`received_at`, Stockholm year):

    requests           received
    disclosed          of these: decided to disclose
    disclosed_in_part  of these: decided to disclose in part (masked, cut)
    refused            of these: refused
    too_late           of these: the material was already erased when the request
                       came (`erasure_at` before `received_at`, or the status says so)
    handed_over        of these: the material has been handed over
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.summaries import Figure, Period, SummarySection, count_where
from features.cameras.followup.rules import ACTIVE, DISCLOSE, PARTIAL, REFUSE, TOO_LATE
from storage.models import Camera, FootageRequest

LIST_CAMERAS = "kameror"
LIST_INCOMPLETE = "kameror ofullständiga"
LIST_REQUESTS = "kamerabegäranden"


async def figures(session: AsyncSession, organisation_ids: Sequence[int], period: Period
                  ) -> list[Figure]:
    orgs = list(organisation_ids)
    incomplete = Camera.assessment_on.is_(None) | \
        (Camera.recording.is_(True) & Camera.retention_hours.is_(None))
    cameras = (await session.execute(select(
        func.coalesce(func.sum(Camera.count), 0),
        func.coalesce(func.sum(case((incomplete, Camera.count), else_=0)), 0),
    ).where(Camera.organisation_id.in_(orgs), Camera.status == ACTIVE))).one()
    registered, lacking = (int(v or 0) for v in cameras)

    decision = FootageRequest.decision
    late = (FootageRequest.status == TOO_LATE) | (
        FootageRequest.erasure_at.is_not(None)
        & (FootageRequest.erasure_at < FootageRequest.received_at))
    row = (await session.execute(select(
        func.count(),
        count_where(decision == DISCLOSE),
        count_where(decision == PARTIAL),
        count_where(decision == REFUSE),
        count_where(late),
        count_where(FootageRequest.handed_over_at.is_not(None)),
    ).where(FootageRequest.organisation_id.in_(orgs),
            FootageRequest.received_at >= period.start,
            FootageRequest.received_at < period.end))).one()
    received, disclosed, partial, refused, too_late, handed = (int(v or 0) for v in row)
    return [
        Figure("cameras.registered", "cameras.followup.summary.registered", registered,
               command=LIST_CAMERAS),
        Figure("cameras.incomplete", "cameras.followup.summary.incomplete", lacking,
               of=registered, command=LIST_INCOMPLETE),
        Figure("cameras.requests", "cameras.followup.summary.requests", received,
               command=LIST_REQUESTS),
        Figure("cameras.disclosed", "cameras.followup.summary.disclosed", disclosed,
               of=received, command=LIST_REQUESTS),
        Figure("cameras.disclosed_in_part", "cameras.followup.summary.disclosed_in_part",
               partial, of=received, command=LIST_REQUESTS),
        Figure("cameras.refused", "cameras.followup.summary.refused", refused, of=received,
               command=LIST_REQUESTS),
        Figure("cameras.too_late", "cameras.followup.summary.too_late", too_late,
               of=received, command=LIST_REQUESTS),
        Figure("cameras.handed_over", "cameras.followup.summary.handed_over", handed,
               of=received, command=LIST_REQUESTS),
    ]


SECTION = SummarySection(name="cameras", title_key="cameras.followup.summary.title", order=40,
                         figures=figures)
