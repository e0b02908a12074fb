"""When the register's reminders fall due. Pure: facts in, what is due out.

None of these is a legal clock: they are delivered on Swedish working days in
office hours (the reminders capability sees to that), and the approvals count
working days with the `holidays` package (`compliance.workdays`).

- Review: an entry not confirmed for `months` (12 by default; never confirmed:
  counted from when it was registered) is due. An owner gets one card a
  month listing all their entries that are due, so the month is the step.
- Incomplete entries: one card a month per owner; the month is the step.
- Approvals: a change request waiting at its stage for `working_days`
  (2) working days, then every `then_every_days` (7) days after that.
- DPIA follow-up: once the follow-up date of an entry's DPIA has come; the
  date is the step, so a new date is a new reminder.

After a missed run only the latest step is due: a month, a follow-up date, or
the latest weekly step of an approval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from compliance.deadlines import add_months
from compliance.localtime import STOCKHOLM
from compliance.settings import whole_number
from compliance.workdays import WorkingDayNudges

REVIEW_DEFAULTS: Mapping[str, Any] = {"months": 12}
INCOMPLETE_DEFAULTS: Mapping[str, Any] = {}
APPROVAL_DEFAULTS: Mapping[str, Any] = {"working_days": 2, "then_every_days": 7}
DPIA_DEFAULTS: Mapping[str, Any] = {}


# -- review ----------------------------------------------------------------------------------


def review_months(given: Mapping[str, Any]) -> int:
    return whole_number(given.get("months"), 1, 60) or REVIEW_DEFAULTS["months"]


@dataclass(frozen=True)
class ReviewFacts:
    id: str
    reviewed_on: date | None  # last confirmed; None: never
    registered_on: date  # when the entry came into the register
    retired: bool = False

    @property
    def last(self) -> date:
        return self.reviewed_on or self.registered_on


def review_due_on(facts: ReviewFacts, months: int) -> date:
    return add_months(facts.last, months)


def due_for_review(entries: Iterable[ReviewFacts], months: int, today: date
                   ) -> list[ReviewFacts]:
    """The entries not confirmed for `months`, the longest unconfirmed first."""
    due = [e for e in entries if not e.retired and review_due_on(e, months) <= today]
    return sorted(due, key=lambda e: (e.last, e.id))


# -- approvals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalSettings(WorkingDayNudges):
    working_days: int = APPROVAL_DEFAULTS["working_days"]
    then_every_days: int = APPROVAL_DEFAULTS["then_every_days"]


def approval_settings(given: Mapping[str, Any]) -> ApprovalSettings:
    return ApprovalSettings.from_settings(given)


@dataclass(frozen=True)
class ApprovalFacts:
    id: str
    stage: str  # "owner" | "dso": a new stage starts the ladder again
    waiting_since: datetime  # when the request reached its stage


@dataclass(frozen=True)
class ApprovalStep:
    name: str  # "owner.0" (the first), "owner.1" (a week later), ...: part of the key
    at: datetime
    number: int


def approval_step(facts: ApprovalFacts, settings: ApprovalSettings, now: datetime
                  ) -> ApprovalStep | None:
    due = settings.due(facts.waiting_since, now)
    if due is None:
        return None
    number, at = due
    return ApprovalStep(f"{facts.stage}.{number}", at, number)


# -- DPIA follow-up --------------------------------------------------------------------------


def follow_up_date(value: Any) -> date | None:
    """The follow-up date as the entry holds it (ISO text), or None when it cannot be read."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def follow_up_due(follow_up: date | None, today: date, retired: bool = False) -> bool:
    """The day of the follow-up has come (and the entry is still in use)."""
    return follow_up is not None and not retired and follow_up <= today


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=STOCKHOLM)
