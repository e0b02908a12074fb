"""The rights requests' figures for the DSO's summary and annual report (chat.summaries).

Counted in SQL over the requests received in the year (`received_on`, a date in
Stockholm), and over those open now:

    received         received in the year
    answered_in_time of received: answered on or before the deadline (`due_on`,
                     which moves when the time is extended)
    answered_late    of received: answered after the deadline
    extended         of received: the time was extended (Art. 12(3))
    open_now         not answered or withdrawn, now, whatever the year
    overdue_now      open now and the deadline has passed (before today, in Stockholm)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.summaries import Figure, Period, SummarySection, count_where
from compliance.localtime import to_local
from features.rights.rules.workflow import OPEN, Status
from storage.models import RightsRequest


async def figures(session: AsyncSession, organisation_ids: Sequence[int], period: Period
                  ) -> list[Figure]:
    orgs = list(organisation_ids)
    answered = (RightsRequest.status == Status.ANSWERED.value) & \
        RightsRequest.answered_on.is_not(None)
    row = (await session.execute(select(
        func.count(),
        count_where(answered & (RightsRequest.answered_on <= RightsRequest.due_on)),
        count_where(answered & (RightsRequest.answered_on > RightsRequest.due_on)),
        count_where(RightsRequest.further_months > 0),
    ).where(RightsRequest.organisation_id.in_(orgs),
            RightsRequest.received_on >= date(period.year, 1, 1),
            RightsRequest.received_on <= date(period.year, 12, 31)))).one()
    received, in_time, late, extended = (int(v or 0) for v in row)
    today = to_local(period.now).date()
    now = (await session.execute(select(
        func.count(), count_where(RightsRequest.due_on < today),
    ).where(RightsRequest.organisation_id.in_(orgs),
            RightsRequest.status.in_([s.value for s in OPEN])))).one()
    open_now, overdue = (int(v or 0) for v in now)
    year = f"begäranden {period.year}"
    return [
        Figure("rights.received", "rights.summary.received", received, command=year),
        Figure("rights.answered_in_time", "rights.summary.answered_in_time", in_time,
               of=received, command=year),
        Figure("rights.answered_late", "rights.summary.answered_late", late, of=received,
               command=year),
        Figure("rights.extended", "rights.summary.extended", extended, of=received,
               command=year),
        Figure("rights.open_now", "rights.summary.open_now", open_now,
               command="begäranden öppna"),
        Figure("rights.overdue_now", "rights.summary.overdue_now", overdue,
               command="begäranden försenade"),
    ]


SECTION = SummarySection("rights", "rights.summary.title", 20, figures)
