"""The incidents' figures for the DSO's summary and annual report (chat.summaries).

Counted in SQL, one aggregate over the incidents submitted in the year, one over
those open now; nothing is loaded row by row. Near misses (tillbud) are counted
apart and never in the incidents proper.

    documented           submitted in the year, not near misses
    discovered_by_staff  of documented: discovered by an employee (the reporter's
                         answer to "how was it discovered", `Discovery.EMPLOYEE`)
    notified_imy         of documented: the recorded decision is to notify IMY
    notified_within_72h  of notified: IMY notified within 72 hours of awareness
                         (the clock starts at `aware_at`, else when it was submitted)
    subjects_informed    of documented: the people affected were informed (Art. 34)
    near_misses          near misses submitted in the year
    open_now             not closed, now, whatever the year (near misses included)
    overdue_now          open, no decision recorded, not a near miss, and the 72
                         hours have run out now (as the deadline reminders count)
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.summaries import Figure, Period, SummarySection, count_where, hours_after
from compliance.deadlines import NOTIFICATION_WINDOW
from features.incidents.rules.breach import Discovery
from features.incidents.rules.workflow import Decision, Status
from storage.models import Incident

WINDOW_HOURS = int(NOTIFICATION_WINDOW.total_seconds() // 3600)


def _clock_start():  # as the case card and the reminders start the 72 hours
    return func.coalesce(Incident.aware_at, Incident.submitted_at, Incident.created_at)


async def figures(session: AsyncSession, organisation_ids: Sequence[int], period: Period
                  ) -> list[Figure]:
    orgs = list(organisation_ids)
    proper = Incident.near_miss.is_(False)
    notified = proper & (Incident.decision == Decision.NOTIFIED.value)
    in_year = (await session.execute(select(
        count_where(proper),
        count_where(proper & (Incident.answers["discovery"].as_string()
                              == Discovery.EMPLOYEE.value)),
        count_where(notified),
        count_where(notified & Incident.imy_notified_at.is_not(None)
                    & (Incident.imy_notified_at <= hours_after(_clock_start(), WINDOW_HOURS))),
        count_where(proper & Incident.subjects_informed.is_(True)),
        count_where(Incident.near_miss.is_(True)),
    ).where(Incident.organisation_id.in_(orgs), Incident.submitted_at >= period.start,
            Incident.submitted_at < period.end))).one()
    documented, by_staff, imy, in_time, informed, near = (int(v or 0) for v in in_year)
    deadline_passed = _clock_start() < period.now - NOTIFICATION_WINDOW
    now = (await session.execute(select(
        func.count(),
        count_where(proper & Incident.decision.is_(None) & deadline_passed),
    ).where(Incident.organisation_id.in_(orgs), Incident.status != Status.CLOSED.value))).one()
    open_now, overdue = (int(v or 0) for v in now)
    year = f"incidenter {period.year}"
    return [
        Figure("incidents.documented", "incident.summary.documented", documented, command=year),
        Figure("incidents.discovered_by_staff", "incident.summary.discovered_by_staff",
               by_staff, of=documented, command=year),
        Figure("incidents.notified_imy", "incident.summary.notified_imy", imy, of=documented,
               command=year),
        Figure("incidents.notified_within_72h", "incident.summary.notified_within_72h",
               in_time, of=imy, command=year),
        Figure("incidents.subjects_informed", "incident.summary.subjects_informed", informed,
               of=documented, command=year),
        Figure("incidents.near_misses", "incident.summary.near_misses", near, command=year),
        Figure("incidents.open_now", "incident.summary.open_now", open_now,
               command="incidenter öppna"),
        Figure("incidents.overdue_now", "incident.summary.overdue_now", overdue,
               command="incidenter försenade"),
    ]


SECTION = SummarySection("incidents", "incident.summary.title", 30, figures)
