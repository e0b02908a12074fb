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
from compliance.localtime import format_date, format_datetime
from dialogs.format import format_answer
from features.incidents.flow import FLOW
from features.incidents.rules.severity import Assessment
from features.incidents.rules.workflow import DECIDED, Status
from i18n import t

URGENT = timedelta(hours=24)  # under a day left: the clock is shown in the attention colour
# IMY expects the supplement to a preliminary notification within about four weeks.
SUPPLEMENT_WITHIN = timedelta(weeks=4)


class _Clock:
    """The 72-hour clock shared by the detail view and the list item."""

    aware_at: datetime | None
    submitted_at: datetime
    now: datetime

    @property
    def clock_start(self) -> datetime:
        # Without an awareness time the organisation knew at the latest when the
        # report arrived, so counting from there never gives a later deadline.
        return self.aware_at or self.submitted_at

    @property
    def deadline(self) -> datetime:
        return notification_deadline(self.clock_start)

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
    # Words for the line, e.g. {"factor": "confidentiality", "value": 0.25}: identifiers and
    # numbers only, written in the reader's language by the card.
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionView:
    id: str
    asked_at: datetime
    asked_by: str | None
    question: str
    answer: str | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True)
class CorrectionView:
    """One corrected answer: the stored values before and after, who, when and why."""

    at: datetime
    by: str | None
    step_id: str
    old: Any
    new: Any
    reason: str  # user text


@dataclass(frozen=True)
class Controller:
    """The controller as the IMY text and the letter to the people affected name it
    (the organisation and its settings, and its DSO's contact details)."""

    name: str
    org_number: str | None = None
    address: str | None = None
    dso_name: str | None = None
    dso_email: str | None = None


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
    answers: Mapping[str, Any]  # the incident flow's typed answers by step id (corrected)
    summary: Sequence[tuple[str, str]]  # (question, answer), localized by the caller
    assessment: Assessment
    near_miss: bool = False
    diarienummer: str | None = None
    dso_advice: str | None = None  # a DsoAdvice
    decision: str | None = None  # a Decision
    decided_by: str | None = None
    decided_capacity: str | None = None
    own_assessment: str | None = None  # a Band a person confirmed
    imy_notified_at: datetime | None = None
    notification_phase: str | None = None  # a NotificationPhase
    imy_supplement_at: datetime | None = None
    imy_reference: str | None = None
    justification: str | None = None
    subjects_informed: bool | None = None
    subjects_informed_reason: str | None = None
    subjects_informed_on: date | None = None
    subjects_informed_method: str | None = None
    art34_exception: str | None = None
    late_reason: str | None = None
    measures: str | None = None
    pii_flag: bool = False
    ceased_at: datetime | None = None
    dso_advice_note: str | None = None
    corrections: Sequence[CorrectionView] = field(default_factory=tuple)
    # What this viewer may see ("full" | "summary") and do (`features.incidents.access`).
    scope: str = "full"
    may: frozenset[str] = frozenset()
    last_changed_by: int | None = None  # the person behind the latest change
    events: Sequence[EventView] = field(default_factory=tuple)
    questions: Sequence[QuestionView] = field(default_factory=tuple)

    @property
    def closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def notified_late(self) -> bool:
        """IMY was notified after the 72 hours: the reasons for the delay are owed."""
        return self.imy_notified_at is not None and is_late(self.clock_start,
                                                            self.imy_notified_at)

    def late_now(self) -> bool:
        """A notification made now would come after the 72 hours."""
        return is_late(self.clock_start, self.now)

    @property
    def delay_to_explain(self) -> bool:
        """Reasons for a delay are, or would be, owed (Art. 33(1)): the notification
        came after the 72 hours or, while none is recorded, one made now would."""
        if self.imy_notified_at is not None:
            return self.notified_late
        return self.late_now()

    @property
    def aware_date_only(self) -> bool:
        """The reporter gave a day but no time: the clock counts from the day's start
        (the careful deadline), but nobody said "00:00" and nobody is told so."""
        return _date_only(self.answers.get("aware_at"))

    @property
    def supplement_due(self) -> datetime | None:
        """When IMY expects the supplement to a preliminary notification, while owed."""
        if self.notification_phase != "preliminary" or self.imy_supplement_at is not None:
            return None
        return self.imy_notified_at + SUPPLEMENT_WITHIN if self.imy_notified_at else None


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
    near_miss: bool = False
    diarienummer: str | None = None

    @property
    def decided(self) -> bool:
        """Decided, or a near miss: nothing left that the 72 hours drive."""
        return self.status in DECIDED or self.near_miss


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


def _date_only(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10


def moment_text(answers: Mapping[str, Any], step_id: str, lang: str) -> str:
    """A date-time answer as given: "2026-11-20 14:30", or "2026-11-20 (tid okänd)"
    when only the day was given; "" when not given."""
    shown = answer_text(answers, step_id, lang)
    if shown and _date_only(answers.get(step_id)):
        return t(lang, "incident.time_unknown", day=shown)
    return shown


def aware_text(view: IncidentView, lang: str) -> str:
    """When the organisation became aware, as the reporter gave it."""
    if view.aware_at is None:
        return ""
    if view.aware_date_only:
        return t(lang, "incident.time_unknown", day=format_date(view.aware_at))
    return format_datetime(view.aware_at)


def format_decimal(value: float, lang: str) -> str:
    """`2,75` / `2.75`, without trailing zeros (ENISA scores and factor values)."""
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",") if lang == "sv" else shown
