"""The rights capability's records as the record-action kernel (`chat.records`) sees
them. A request's history event carries the values before and after each change,
so the history is its versions; a question's life is in its own columns (asked,
answered) and the audit log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import Change, RecordType
from storage.models import RightsQuestion, RightsRequest, RightsRequestEvent


async def _add_event(session: AsyncSession, request: RightsRequest, kind: str, actor: int,
                     data: dict[str, Any], at: datetime) -> None:
    session.add(RightsRequestEvent(organisation_id=request.organisation_id,
                                   request_id=request.id, at=at, actor_person_id=actor,
                                   kind=kind, data=data))


async def _no_event(session: AsyncSession, question: RightsQuestion, kind: str, actor: int,
                    data: dict[str, Any], at: datetime) -> None:
    """A question is asked once and answered once; its columns say when and by whom."""


REQUEST: RecordType[RightsRequest] = RecordType(
    name="rights_request", model=RightsRequest, add_event=_add_event,
    updatable=frozenset({
        "status", "identity_method", "identity_verified_on", "handler_person_id", "due_on",
        "further_months", "extension_reason", "extension_told_on", "secrecy_on", "secrecy_by",
        "secrecy_result", "recipients", "recipients_told", "answered_on", "outcome",
        "outcome_reason", "appeal_info_given", "closed_at"}))

QUESTION: RecordType[RightsQuestion] = RecordType(
    name="rights_question", model=RightsQuestion, add_event=_no_event,
    updatable=frozenset({"status", "answer", "answered_by_person_id", "answered_at",
                         "closed_at"}))


# Set with a change but not part of what the history shows (closing stamps the time).
_BOOKKEEPING = frozenset({"closed_at"})


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def versioned(request: RightsRequest, columns: dict[str, Any], event: str, **kwargs: Any
              ) -> Change:
    """A change whose history event records each column's value before and after (only
    those that change), and whose audit names the columns, never their content."""
    changes = {key: {"old": _plain(getattr(request, key)), "new": _plain(value)}
               for key, value in columns.items()
               if getattr(request, key) != value and key not in _BOOKKEEPING}
    audit = {"changed": sorted(changes), **kwargs.pop("audit", {})}
    return Change(columns, event, event_data={"changes": changes, **kwargs.pop("data", {})},
                  audit=audit, **kwargs)
