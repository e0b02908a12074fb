"""The register's records as the record-action kernel (`chat.records`) sees them.

An entry's history event is a version (`ActivityVersion`), built from what the
action decided: the changes, how the entry then stood, the source, the reason
and the request it came from. A request's history event is a `RequestEvent`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import RecordType
from features.register.repo import RegisterRepository
from storage.models import ChangeRequest, ProcessingActivity, RequestEvent

VERSION = "version"  # the one event kind of an entry


async def _add_version(session: AsyncSession, activity: ProcessingActivity, kind: str,
                       actor: int, data: dict[str, Any], at: datetime) -> None:
    request = data.get("request_id")
    RegisterRepository(session).add_version(
        activity, activity.version, data.get("changes") or {}, data.get("snapshot") or {},
        actor, str(data.get("source") or kind), data.get("reason"),
        uuid.UUID(str(request)) if request else None, at)


async def _add_request_event(session: AsyncSession, request: ChangeRequest, kind: str,
                             actor: int, data: dict[str, Any], at: datetime) -> None:
    session.add(RequestEvent(organisation_id=request.organisation_id, request_id=request.id,
                             at=at, actor_person_id=actor, kind=kind, data=data))


ENTRY: RecordType[ProcessingActivity] = RecordType(
    name="register_entry", model=ProcessingActivity, add_event=_add_version,
    updatable=frozenset({"name", "status", "values", "extra", "reviewed_on", "version",
                         "object_id"}))

REQUEST: RecordType[ChangeRequest] = RecordType(
    name="register_request", model=ChangeRequest, add_event=_add_request_event,
    updatable=frozenset({"status", "stage", "decided_at", "activity_id", "object_id",
                         "previous"}))
