"""What the incident cards and the IMY text are built from.

The caller fills these frozen views from the database; the builders never
query anything, so a card is a pure function of its view (and easy to test).
The 72-hour clock is derived here once, for the detail card, the list and the
IMY text alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from cards.safe import plain
from compliance import pii
from compliance.deadlines import is_late, notification_deadline, time_left
from dialogs.format import format_answer
from features.incidents.flow import FLOW
from features.incidents.rules.severity import Assessment
from features.incidents.rules.workflow import DECIDED, Status

URGENT = timedelta(hours=24)  # under a day left: the clock is shown in the attention colour


class _Clock:
    """The 72-hour clock shared by the detail view and the list item."""

    aware_at: datetime | None
    submitted_at: datetime
    now: datetime

    @property
    def deadline(self) -> datetime:
        # Without an awareness time the organisation knew at the latest when the
        # report arrived, so counting from there never gives a later deadline.
        return notification_deadline(self.aware_at or self.submitted_at)

    @property
    def time_left(self) -> timedelta:
        return time_left(self.deadline, self.now)

    @property
    def overdue(self) -> bool:
        return self.time_left < timedelta(0)

    @property
    def urgent(self) -> bool:
        return self.time_left < URGENT

    @property
    def submitted_late(self) -> bool:
        """Reported more than 72 h after awareness: reasons for the delay are needed."""
        return self.aware_at is not None and is_late(self.aware_at, self.submitted_at)


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor_name: str | None
    kind: str  # an EventKind
    detail: str | None = None  # user text


@dataclass(frozen=True)
class QuestionView:
    id: str
    asked_at: datetime
    asked_by: str | None
    question: str
    answer: str | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True)
class IncidentView(_Clock):
    id: str
    revision: int
    reference: str  # e.g. "PUI-2026-0007"
    status: str  # a Status
    reporter_name: str | None
    owner_name: str | None
    submitted_at: datetime
    aware_at: datetime | None
    now: datetime
    answers: Mapping[str, Any]  # the incident flow's typed answers by step id
    summary: Sequence[tuple[str, str]]  # (question, answer), localized by the caller
    assessment: Assessment
    decision: str | None = None  # "notified" | "not_notifiable"
    imy_notified_on: date | None = None
    imy_reference: str | None = None
    justification: str | None = None
    subjects_informed: bool | None = None
    subjects_informed_reason: str | None = None
    late_reason: str | None = None
    measures: str | None = None
    pii_flag: bool = False
    events: Sequence[EventView] = field(default_factory=tuple)
    questions: Sequence[QuestionView] = field(default_factory=tuple)

    @property
    def closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def decided(self) -> bool:
        return self.decision is not None


@dataclass(frozen=True)
class IncidentListItem(_Clock):
    id: str
    reference: str
    status: str
    submitted_at: datetime
    aware_at: datetime | None
    now: datetime
    band: str | None  # a `features.incidents.rules.severity.Band` value
    owner_name: str | None
    title: str  # user text, e.g. the start of the description

    @property
    def decided(self) -> bool:
        return self.status in DECIDED


def answer_text(answers: Mapping[str, Any], step_id: str, lang: str) -> str:
    """One answer in words (choice labels, ranges, Stockholm times); "" when not given.

    Free text passes the personal-data guard again: a reporter may have kept an
    identity number on purpose, but cards and the IMY text do not need it.
    """
    value = answers.get(step_id)
    if value is None or not FLOW.has_step(step_id):
        return ""
    shown = format_answer(FLOW.step(step_id), value, lang)
    return pii.mask(plain(shown, None), lang)


def format_decimal(value: float, lang: str) -> str:
    """`2,75` / `2.75`, without trailing zeros (ENISA scores and factor values)."""
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",") if lang == "sv" else shown
