"""Closed incidents under the organisation's retention schedule (`chat.retention`):
exported whole for the archive, then disposed of when the records plan says so."""

from __future__ import annotations

from chat.closed_records import ClosedRecords
from features.incidents.rules.workflow import Status
from storage.models import Incident, IncidentEvent

INCIDENT_RETENTION = ClosedRecords(
    "incident", Incident, lambda: Incident.status == Status.CLOSED,
    events=IncidentEvent, event_key="incident_id")
