"""A footage request as the record-action kernel (`chat.records`) sees it; its history
events carry the values before and after each change."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import Change, RecordType
from storage.models import FootageRequest, FootageRequestEvent


async def add_event(session: AsyncSession, request: FootageRequest, kind: str, actor: int,
                    data: dict[str, Any], at: datetime) -> None:
    session.add(FootageRequestEvent(organisation_id=request.organisation_id,
                                    request_id=request.id, at=at, actor_person_id=actor,
                                    kind=kind, data=data))


REQUEST: RecordType[FootageRequest] = RecordType(
    name="footage_request", model=FootageRequest, add_event=add_event,
    updatable=frozenset({
        "status", "secured_at", "secured_by_person_id", "secured_where", "decision",
        "decision_reason", "legal_ground", "decided_by", "decided_capacity", "decided_on",
        "handover", "handed_over_at", "closed_at"}))

_BOOKKEEPING = frozenset({"closed_at"})


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def versioned(request: FootageRequest, columns: dict[str, Any], event: str, **kwargs: Any
              ) -> Change:
    """The history event records each changed column before and after; the audit names
    the columns, never their content."""
    changes = {key: {"old": _plain(getattr(request, key)), "new": _plain(value)}
               for key, value in columns.items()
               if getattr(request, key) != value and key not in _BOOKKEEPING}
    audit = {"changed": sorted(changes), **kwargs.pop("audit", {})}
    return Change(columns, event, event_data={"changes": changes, **kwargs.pop("data", {})},
                  audit=audit, **kwargs)
