"""The register's figures for the DSO's summary and annual report (chat.summaries).

Figures as of now, over the entries in the register (not retired: active, and
inactive ones whose data is still kept), counted with SQL aggregates:

    registered         entries not retired
    incomplete         of registered: lacking a required field (`completeness.missing`)
    reviewed_12m       of registered: confirmed (`reviewed_on`) within the last 12 months
    classified         of registered: information-classified (`classified` = yes)
    dpia_needed        of registered: judged to need a DPIA (needed, done or followed up)
    dpia_done          of dpia_needed: the DPIA is done (done, or done with a follow-up)
    dpia_followup_due  of registered: the DPIA follow-up date has come (as the
                       follow-up reminder counts: the date is today or earlier)

The year does not matter here: the register is a standing record.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.summaries import Figure, Period, SummarySection, count_where
from compliance.deadlines import add_months
from compliance.localtime import to_local
from features.register.completeness import missing
from features.register.rules.vocabulary import Dpia, Status, YesNo
from storage.models import ProcessingActivity, RegisterObject


def _value(field_id: str):
    return ProcessingActivity.values[field_id].as_string()


async def _incomplete(session: AsyncSession, organisation_ids: list[int]) -> int:
    """Entries lacking a required field.

    Which fields are required depends on an entry's values through the field
    declaration's rules (`fields.FIELDS`, e.g. the KLASSA levels only once the
    entry is classified), which are Python functions: translating them to SQL would
    declare the rule twice. So this one count reads only the columns the rule needs
    (plain tuples, no ORM objects, nothing else of the entry) and applies the
    register's own `completeness.missing` to each. Not a server-side cursor: the
    summary reads outside a transaction (`readonly`), where PostgreSQL has none.
    """
    query = (select(ProcessingActivity.values, ProcessingActivity.name,
                    ProcessingActivity.status, RegisterObject.name)
             .join(RegisterObject, RegisterObject.id == ProcessingActivity.object_id)
             .where(ProcessingActivity.organisation_id.in_(organisation_ids),
                    ProcessingActivity.status != Status.RETIRED.value))
    lacking = 0
    for values, name, status, object_name in await session.execute(query):
        if missing({**(values or {}), "name": name, "object": object_name, "status": status}):
            lacking += 1
    return lacking


async def figures(session: AsyncSession, organisation_ids: Sequence[int], period: Period
                  ) -> list[Figure]:
    orgs = list(organisation_ids)
    today = to_local(period.now).date()
    needed = _value("dpia").in_([Dpia.NEEDED.value, Dpia.DONE.value, Dpia.FOLLOW_UP.value])
    follow_up = _value("dpia_follow_up")
    row = (await session.execute(select(
        func.count(),
        count_where(ProcessingActivity.reviewed_on > add_months(today, -12)),
        count_where(_value("classified") == YesNo.YES.value),
        count_where(needed),
        count_where(_value("dpia").in_([Dpia.DONE.value, Dpia.FOLLOW_UP.value])),
        # An ISO date as the entry holds it (`rules.reminders.follow_up_date`); text that
        # is no date is not due, as the reminder cannot read it either.
        count_where(follow_up.like("____-__-__") & (follow_up <= today.isoformat())),
    ).where(ProcessingActivity.organisation_id.in_(orgs),
            ProcessingActivity.status != Status.RETIRED.value))).one()
    registered, reviewed, classified, dpia_needed, dpia_done, due = (int(v or 0) for v in row)
    incomplete = await _incomplete(session, orgs)
    return [
        Figure("register.registered", "register.summary.registered", registered,
               command="registret"),
        Figure("register.incomplete", "register.summary.incomplete", incomplete,
               of=registered, command="registret ofullständiga"),
        Figure("register.reviewed_12m", "register.summary.reviewed_12m", reviewed,
               of=registered, command="registret"),
        Figure("register.classified", "register.summary.classified", classified,
               of=registered, command="registret"),
        Figure("register.dpia_needed", "register.summary.dpia_needed", dpia_needed,
               command="registret"),
        Figure("register.dpia_done", "register.summary.dpia_done", dpia_done,
               of=dpia_needed, command="registret"),
        Figure("register.dpia_followup_due", "register.summary.dpia_followup_due", due,
               command="registret"),
    ]


SECTION = SummarySection("register", "register.summary.title", 10, figures)
