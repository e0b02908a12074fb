"""Reading incidents for cards: the stored row, its history and its severity, as a view."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cards.incident_views import EventView, IncidentListItem, IncidentView, QuestionView
from compliance.severity import Adjustment, Assessment, assess
from dialogs.flows.incident import FLOW, breach_facts
from dialogs.format import format_answer
from i18n import t
from storage.models import Incident, IncidentEvent
from storage.repos import IncidentRepository, PeopleRepository

OPEN_STATUSES = ("submitted", "in_review", "awaiting_reporter", "notified_imy", "not_notifiable")


def assessment_of(incident: Incident) -> Assessment:
    """Severity is recomputed from the answers plus the DSO's recorded adjustments."""
    adjustments = {
        key: Adjustment(value=float(a["value"]), reason=str(a["reason"]))
        for key, a in ((incident.severity or {}).get("adjustments") or {}).items()
    }
    return assess(breach_facts(incident.answers), adjustments)


def summary_of(answers: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    return [
        (t(lang, step.question_key), format_answer(step, answers.get(step.id), lang))
        for step in FLOW.path(answers)
    ]


def title_of(answers: dict[str, Any]) -> str:
    description = str(answers.get("description") or "").strip()
    first_line = description.splitlines()[0] if description else ""
    return first_line[:80] + ("…" if len(first_line) > 80 else "")


async def _names(session: AsyncSession, ids: set[int | None]) -> dict[int, str | None]:
    people = PeopleRepository(session)
    names: dict[int, str | None] = {}
    for person_id in ids - {None}:
        person = await people.get(person_id)  # type: ignore[arg-type]
        names[person_id] = person.display_name if person else None  # type: ignore[index]
    return names


def _questions(events: list[IncidentEvent], names: dict[int, str | None]) -> list[QuestionView]:
    asked = [e for e in events if e.kind == "question_asked"]
    answers = {e.data.get("question"): e for e in events if e.kind == "reporter_answered"}
    views = []
    for event in asked:
        reply = answers.get(event.data.get("question"))
        views.append(
            QuestionView(
                id=str(event.data.get("question")),
                asked_at=event.at,
                asked_by=names.get(event.actor_person_id) if event.actor_person_id else None,
                question=str(event.data.get("text", "")),
                answer=str(reply.data.get("text")) if reply else None,
                answered_at=reply.at if reply else None,
            )
        )
    return views


async def load_view(
    session: AsyncSession, incident: Incident, lang: str, now: datetime
) -> IncidentView:
    events = await IncidentRepository(session).events(incident.organisation_id, incident.id)
    names = await _names(
        session,
        {incident.reporter_person_id, incident.owner_person_id}
        | {e.actor_person_id for e in events},
    )
    return IncidentView(
        id=str(incident.id),
        revision=incident.revision,
        reference=incident.reference,
        status=incident.status,
        reporter_name=names.get(incident.reporter_person_id),  # type: ignore[arg-type]
        owner_name=names.get(incident.owner_person_id) if incident.owner_person_id else None,
        submitted_at=incident.submitted_at or incident.created_at,
        aware_at=incident.aware_at,
        now=now,
        answers=incident.answers,
        summary=summary_of(incident.answers, lang),
        assessment=assessment_of(incident),
        decision=incident.decision,
        imy_notified_on=incident.imy_notified_on,
        imy_reference=incident.imy_reference,
        justification=incident.justification,
        subjects_informed=incident.subjects_informed,
        subjects_informed_reason=incident.subjects_informed_reason,
        late_reason=incident.late_reason,
        measures=incident.measures,
        pii_flag=incident.pii_flag,
        events=[
            EventView(
                at=e.at,
                actor_name=names.get(e.actor_person_id) if e.actor_person_id else None,
                kind=e.kind,
                detail=_event_detail(e),
            )
            for e in events
        ],
        questions=_questions(events, names),
    )


def _event_detail(event: IncidentEvent) -> str | None:
    # Only short, non-personal details go in the history; texts live in questions.
    detail = event.data.get("detail")
    return str(detail) if detail else None


def list_item(incident: Incident, owner_name: str | None, now: datetime) -> IncidentListItem:
    return IncidentListItem(
        id=str(incident.id),
        reference=incident.reference,
        status=incident.status,
        submitted_at=incident.submitted_at or incident.created_at,
        aware_at=incident.aware_at,
        now=now,
        band=assessment_of(incident).band,
        owner_name=owner_name,
        title=title_of(incident.answers),
    )


def parse_incident_id(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def parse_day(raw: Any) -> date | None:
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        return None
