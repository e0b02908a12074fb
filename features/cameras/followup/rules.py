"""When the cameras' reminders fall due. Pure: facts in, steps out; only `compliance`.

- Erasure (`camera_erasure`, a legal clock, any hour): a footage request whose
  material is neither secured nor closed, and whose erasure (`erasure_at`) is
  48 hours or less away. Steps at each of `hours` ([48, 12]) before it ("h48",
  "h12"); after a missed run only the latest is due. Once the
  moment of erasure has passed nothing more is due: the material is gone (a
  request logged too late is said so plainly on its own card, not nagged about).
- No decision (`camera_no_decision`): a request without a decision `working_days`
  (3) Swedish working days after it was received (the same time of day), then
  every `then_every_days` (7) days ("w0", "w1", ...).
- Assessment review (`camera_assessment_review`): an active camera whose
  assessment of interests is missing, or older than `months` (12). One card a
  month per person, so the month is the step ("2026-11").

An organisation's settings are read safely: anything out of range falls back to
the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from compliance.deadlines import add_months
from compliance.settings import whole_number
from compliance.workdays import WorkingDayNudges

ERASURE = "camera_erasure"
NO_DECISION = "camera_no_decision"
REVIEW = "camera_assessment_review"

ERASURE_DEFAULTS: Mapping[str, Any] = {"hours": [48, 12]}
NO_DECISION_DEFAULTS: Mapping[str, Any] = {"working_days": 3, "then_every_days": 7}
REVIEW_DEFAULTS: Mapping[str, Any] = {"months": 12}

# The request's vocabulary as stored (`FootageRequest.status` and `.decision`).
CLOSED_STATUSES = frozenset({"closed", "too_late"})
DISCLOSE, PARTIAL, REFUSE = "disclose", "partial", "refuse"
TOO_LATE = "too_late"
ACTIVE = "active"


# -- erasure ---------------------------------------------------------------------------------


def erasure_steps(given: Mapping[str, Any]) -> tuple[int, ...]:
    """The hours before erasure at which a reminder falls due, the earliest first
    (48, 12): `hours` is a list of 1–336 (a single number is one step); the largest
    is how close erasure must be for the first reminder."""
    raw = given.get("hours", ERASURE_DEFAULTS["hours"])
    values = raw if isinstance(raw, list) else [raw]
    steps = {h for h in (whole_number(v, 1, 336) for v in values) if h is not None}
    return tuple(sorted(steps or set(ERASURE_DEFAULTS["hours"]), reverse=True))


@dataclass(frozen=True)
class ErasureFacts:
    id: str
    erasure_at: datetime | None  # aware; when the first requested recording is erased
    secured: bool = False
    closed: bool = False
    # When it was logged: a step that fell due before then was covered by the urgent
    # alert sent at logging, and is not sent again.
    received_at: datetime | None = None


@dataclass(frozen=True)
class ErasureStep:
    name: str  # "h48", "h12": part of the key
    at: datetime  # when it fell due (aware)
    hours: int  # the step's hours before erasure


def erasure_step(facts: ErasureFacts, steps: Iterable[int], now: datetime
                 ) -> ErasureStep | None:
    """The latest step due at `now`, or None (secured, closed, not yet, already erased)."""
    if facts.secured or facts.closed or facts.erasure_at is None:
        return None
    # Elapsed hours, in UTC: Python subtracts wall-clock time within one zone, which is
    # an hour off across a change to or from summer time.
    erasure, moment = facts.erasure_at.astimezone(UTC), now.astimezone(UTC)
    if moment >= erasure:
        return None
    passed = [h for h in steps if moment >= erasure - timedelta(hours=h)]
    if not passed:
        return None
    hours = min(passed)
    at = erasure - timedelta(hours=hours)
    if facts.received_at is not None and at <= facts.received_at.astimezone(UTC):
        return None
    return ErasureStep(f"h{hours}", at, hours)


def hours_left(erasure_at: datetime, now: datetime) -> int:
    """Whole elapsed hours left before erasure (0 once it has passed), for the card."""
    left = erasure_at.astimezone(UTC) - now.astimezone(UTC)
    return max(0, int(left // timedelta(hours=1)))


# -- no decision -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionSettings(WorkingDayNudges):
    working_days: int = NO_DECISION_DEFAULTS["working_days"]
    then_every_days: int = NO_DECISION_DEFAULTS["then_every_days"]


def decision_settings(given: Mapping[str, Any]) -> DecisionSettings:
    return DecisionSettings.from_settings(given)


@dataclass(frozen=True)
class DecisionFacts:
    id: str
    received_at: datetime  # aware
    decided: bool = False
    closed: bool = False


@dataclass(frozen=True)
class DecisionStep:
    name: str  # "w0" (the first), "w1" (a week later), ...: part of the key
    at: datetime
    number: int


def decision_step(facts: DecisionFacts, settings: DecisionSettings, now: datetime
                  ) -> DecisionStep | None:
    if facts.decided or facts.closed:
        return None
    due = settings.due(facts.received_at, now)
    if due is None:
        return None
    number, at = due
    return DecisionStep(f"w{number}", at, number)


# -- assessment review -----------------------------------------------------------------------


def review_months(given: Mapping[str, Any]) -> int:
    return whole_number(given.get("months"), 1, 120) or REVIEW_DEFAULTS["months"]


@dataclass(frozen=True)
class CameraFacts:
    id: str
    assessment_on: date | None  # the documented assessment of interests; None: none
    active: bool = True


def review_due_on(facts: CameraFacts, months: int) -> date | None:
    """The day the assessment is due for review; None: there is none (due at once)."""
    return add_months(facts.assessment_on, months) if facts.assessment_on else None


def due_for_review(cameras: Iterable[CameraFacts], months: int, today: date
                   ) -> list[CameraFacts]:
    """Active cameras with no assessment or one older than `months`: those with none
    first, then the oldest."""
    due = []
    for camera in cameras:
        if not camera.active:
            continue
        on = review_due_on(camera, months)
        if on is None or on <= today:
            due.append(camera)
    return sorted(due, key=lambda c: (c.assessment_on is not None,
                                      c.assessment_on or date.min, c.id))
