"""Incidents as the record-action kernel sees them, and read into views for the cards.

`INCIDENT` tells the kernel (`chat.records`) how an incident is stored and
its history appended; `DSO` and `REPORTER` say who may act. The rest reads a
stored incident, its history and its severity into the frozen views the
cards are built from, in the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import Access, RecordType
from compliance import pii
from dialogs.format import format_answer
from features.incidents.access import Seat
from features.incidents.alert_delivery import alerts_delivered
from features.incidents.flow import FLOW, breach_facts
from features.incidents.repo import UPDATABLE_FIELDS, IncidentRepository
from features.incidents.rules.severity import Adjustment, Assessment, assess
from features.incidents.rules.workflow import EventKind
from features.incidents.views import (
    CorrectionView,
    EventView,
    IncidentListItem,
    IncidentView,
    QuestionView,
)
from i18n import t
from storage.models import Incident, IncidentEvent
from storage.roles import DSO_ROLES


async def _add_event(session: AsyncSession, incident: Incident, kind: str, actor: int,
                     data: dict[str, Any], at: datetime) -> None:
    IncidentRepository(session).record_event(incident, kind, actor, data, at)


INCIDENT: RecordType[Incident] = RecordType(
    name="incident", model=Incident, add_event=_add_event, updatable=UPDATABLE_FIELDS)
# The DSOs (and deputies) of the incident's organisation.
DSO = Access(roles=DSO_ROLES, refusal="not_dso")
# The person who reported it, in their own organisation.
REPORTER = Access(owner_column="reporter_person_id")


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
    """A list's one-line preview: the description's start, personal data masked (a
    reporter may have kept a name or a number on purpose; a list does not need it)."""
    description = pii.mask(str(answers.get("description") or "").strip())
    first_line = description.splitlines()[0] if description else ""
    return first_line[:80] + ("…" if len(first_line) > 80 else "")


def _questions(events: list[IncidentEvent], names: dict[int, str | None]) -> list[QuestionView]:
    asked = [e for e in events if e.kind == EventKind.QUESTION_ASKED]
    answers = {e.data.get("question"): e for e in events
               if e.kind == EventKind.REPORTER_ANSWERED}
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


def _corrections(events: list[IncidentEvent], names: dict[int, str | None]
                 ) -> list[CorrectionView]:
    return [
        CorrectionView(
            at=e.at, by=names.get(e.actor_person_id) if e.actor_person_id else None,
            step_id=str(e.data.get("step")), old=e.data.get("old"), new=e.data.get("new"),
            reason=str(e.data.get("reason") or ""))
        for e in events if e.kind == EventKind.ANSWER_CORRECTED
    ]


async def load_view(
    session: AsyncSession, incident: Incident, lang: str, now: datetime,
    seat: Seat | None = None,
) -> IncidentView:
    """The incident with its history and the names it mentions: two queries. `seat`:
    what the viewer may see and do (None: everything is shown, nothing offered)."""
    repo = IncidentRepository(session)
    events = await repo.events(incident.organisation_id, incident.id)
    delivered = await alerts_delivered(session, incident.id)
    names = await repo.names(
        {incident.reporter_person_id, incident.owner_person_id}
        | {e.actor_person_id for e in events}
    )
    return IncidentView(
        id=str(incident.id),
        revision=incident.revision,
        reference=incident.reference,
        status=incident.status,
        reporter_name=names.get(incident.reporter_person_id)  # type: ignore[arg-type]
        if incident.reporter_person_id else None,
        owner_name=names.get(incident.owner_person_id) if incident.owner_person_id else None,
        submitted_at=incident.submitted_at or incident.created_at,
        aware_at=incident.aware_at,
        now=now,
        answers=incident.answers,
        summary=summary_of(incident.answers, lang),
        assessment=assessment_of(incident),
        near_miss=incident.near_miss,
        diarienummer=incident.diarienummer,
        dso_advice=incident.dso_advice,
        dso_advice_note=incident.dso_advice_note,
        decision=incident.decision,
        decided_by=incident.decided_by,
        decided_capacity=incident.decided_capacity,
        own_assessment=incident.own_assessment,
        imy_notified_at=incident.imy_notified_at,
        notification_phase=incident.notification_phase,
        imy_supplement_at=incident.imy_supplement_at,
        imy_reference=incident.imy_reference,
        justification=incident.justification,
        subjects_informed=incident.subjects_informed,
        subjects_informed_reason=incident.subjects_informed_reason,
        subjects_informed_on=incident.subjects_informed_on,
        subjects_informed_method=incident.subjects_informed_method,
        art34_exception=incident.art34_exception,
        late_reason=incident.late_reason,
        measures=incident.measures,
        pii_flag=incident.pii_flag,
        ceased_at=incident.ceased_at,
        corrections=_corrections(events, names),
        last_changed_by=next((e.actor_person_id for e in reversed(events)
                              if e.kind != EventKind.ALERTED), None),
        scope=str(seat.scope) if seat and seat.scope else "full",
        may=frozenset(str(a) for a in seat.actions) if seat else frozenset(),
        events=[
            EventView(
                at=e.at,
                actor_name=names.get(e.actor_person_id) if e.actor_person_id else None,
                kind=e.kind,
                detail=_event_detail(e),
                params=_event_params(e, delivered),
            )
            for e in events
        ],
        questions=_questions(events, names),
    )


def _event_detail(event: IncidentEvent) -> str | None:
    # Only short details go in the history (a diarienummer, a reason to reopen); the
    # questions' texts are shown with the questions.
    detail = event.data.get("detail")
    return str(detail) if detail else None


# The event data a history line words (identifiers and numbers only), by event kind.
_PARAMS = {EventKind.SEVERITY_ADJUSTED: ("factor", "value"),
           EventKind.ALERTED: ("delivered", "dsos")}


def _event_params(event: IncidentEvent, alerts_delivered: int | None) -> dict[str, Any]:
    wanted = _PARAMS.get(event.kind, ())
    if not wanted or any(key not in event.data for key in wanted):
        return {}
    params = {key: event.data[key] for key in wanted}
    if event.kind == EventKind.ALERTED and alerts_delivered is not None:
        # The alerts are delivered after the event was written: the outbox knows.
        params["delivered"] = alerts_delivered
    return params


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
        near_miss=incident.near_miss,
        diarienummer=incident.diarienummer,
    )
