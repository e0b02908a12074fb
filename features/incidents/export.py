"""The incidents as one table for `export incidenter [ÅR]`: the case's own columns
(reference, dates, status, the decision and the notification), then every answer
of the report in the columns its flow declares."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.exports import Export
from chat.summaries import period_of
from compliance.localtime import to_local
from dialogs.format import export_row
from features.incidents.flow import FLOW
from i18n import Lang, t
from storage.models import Incident, utcnow

CASE_COLUMNS = ("reference", "submitted_at", "near_miss", "status", "diarienummer",
                "decision", "imy_notified_at", "notification_phase", "imy_reference",
                "subjects_informed", "closed_at")
ANSWER_COLUMNS = tuple(s.column for s in FLOW.steps if s.column)


async def incident_table(session: AsyncSession, organisation_id: int, year: int | None,
                         lang: Lang) -> tuple[list[str], list[list[Any]]]:
    query = select(Incident).where(Incident.organisation_id == organisation_id,
                                   Incident.submitted_at.is_not(None))
    if year is not None:
        period = period_of(year, utcnow())
        query = query.where(Incident.submitted_at >= period.start,
                            Incident.submitted_at < period.end)
    head = [t(lang, f"incident.export.{c}") for c in (*CASE_COLUMNS, *ANSWER_COLUMNS)]
    rows = []
    for incident in await session.scalars(query.order_by(Incident.submitted_at)):
        answers = export_row(FLOW, incident.answers, lang)
        rows.append([*_case(incident, lang), *(answers.get(c) for c in ANSWER_COLUMNS)])
    return head, rows


def _case(incident: Incident, lang: Lang) -> list[Any]:
    def local(moment):
        return to_local(moment).replace(tzinfo=None) if moment is not None else None

    def yes_no(value):
        return None if value is None else t(lang, "common.yes" if value else "common.no")

    return [incident.reference, local(incident.submitted_at), yes_no(incident.near_miss),
            incident.status, incident.diarienummer, incident.decision,
            local(incident.imy_notified_at), incident.notification_phase,
            incident.imy_reference, incident.subjects_informed, local(incident.closed_at)]


EXPORT = Export(name="incidents", words={"sv": ("incidenter",), "en": ("incidents",)},
                file_stem={"sv": "incidenter", "en": "incidents"}, table=incident_table)
