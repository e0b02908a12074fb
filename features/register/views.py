"""What the register's cards are built from, and a field's value in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cards.safe import inert
from compliance import pii
from features.register.completeness import Completeness, missing, of_entry
from features.register.fields import BY_ID, EntryField, Kind
from i18n import t

VALUE_LIMIT = 400


def value_text(spec: EntryField, value: Any, lang: str, limit: int = VALUE_LIMIT) -> str:
    """A field's value in words for a card ("" when not given): choice labels, lists
    joined, text inert. Numbers and contact details are masked; the owner's address
    and names in the register are meant to be there."""
    if value in (None, "", []):
        return ""
    if spec.kind is Kind.CHOICE:
        return t(lang, spec.choice_key(str(value)))
    if spec.kind is Kind.CHOICES:
        items = value if isinstance(value, list) else [value]
        return ", ".join(t(lang, spec.choice_key(str(v))) for v in items)
    shown = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if spec.id != "owner":
        shown = pii.mask(shown, lang, names=False)
    return inert(shown, limit)


@dataclass(frozen=True)
class VersionView:
    number: int
    at: datetime
    by: str | None
    source: str  # "import" | "request" | "owner" | "confirm" | "handover" | "create"
    reason: str | None
    request: str | None  # the request's reference
    changes: Mapping[str, Any]  # field id -> {"old", "new"}


@dataclass(frozen=True)
class EntryView:
    id: str
    revision: int
    reference: str
    values: Mapping[str, Any]  # every field, as `repo.entry_values` names them
    now: datetime
    full: bool = True  # the viewer sees every field (else the summary: name, purposes, owner)
    keeper: bool = False  # the viewer may change it directly (owner, deputy, DSO, admin)
    versions: Sequence[VersionView] = field(default_factory=tuple)
    open_requests: int = 0

    @property
    def completeness(self) -> Completeness:
        return of_entry(self.values)

    @property
    def missing(self) -> list[str]:
        return missing(self.values)

    def shown(self, field_id: str, lang: str, limit: int = VALUE_LIMIT) -> str:
        return value_text(BY_ID[field_id], self.values.get(field_id), lang, limit)


@dataclass(frozen=True)
class RequestEventView:
    at: datetime
    by: str | None
    kind: str  # "submitted" | "asked" | "answered" | "approved" | "rejected" | ...
    text: str | None = None  # a question, an answer or a reason (user text)


@dataclass(frozen=True)
class RequestView:
    id: str
    revision: int
    reference: str
    kind: str  # "new" | "change" | "retire"
    status: str
    stage: str | None
    entry_name: str
    entry_reference: str | None
    object_name: str | None
    requester: str | None
    reason: str | None
    proposed: Mapping[str, Any]
    previous: Mapping[str, Any]
    dpia: Mapping[str, Any] | None
    may_approve: bool = False
    is_requester: bool = False
    events: Sequence[RequestEventView] = field(default_factory=tuple)

    def changed_fields(self) -> list[str]:
        """The fields the request sets, in declaration order."""
        return [f for f in BY_ID if f in self.proposed]
