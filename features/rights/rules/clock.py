"""The clock of a data-subject rights request: when the answer is due (Art. 12(3)).

The answer is due one month after the day of receipt (in Stockholm); a month
ending on a Saturday, Sunday, public holiday, midsommarafton, julafton or
nyårsafton ends on the next working day (Regulation 1182/71, Art. 3(4); lag
(1930:173)). The law itself is `compliance.deadlines.rights_request_deadline`;
this module adds what the capability needs around it: why a date moved, the
extension and its conditions, and how urgent a request is.

An extension (Art. 12(3)) adds one or two further months, counted from receipt,
for complex or numerous requests; the person must be told of it, with the
reasons, within one month of receipt. `extend` either returns the new deadline
or refuses with a `Refusal`; the caller stores the total of further months and
maps a refusal to its text, key `rights.extension.<reason>`:

    already_extended_fully  the two further months are already given
    too_few_months          fewer than one further month asked for
    too_many_months         the extension would exceed two further months in all
    no_reason               no reason for the extension given
    not_told                no date given on which the person was told
    told_before_receipt     told before the request was received
    told_too_late           told after the first month's deadline had passed
    told_in_future          the day the person was told has not come yet
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from compliance.deadlines import (
    MAX_FURTHER_MONTHS,
    received_date,
    rights_request_deadline,
    rights_request_period_end,
)
from compliance.workdays import holiday_name

SOON_DAYS = 7


def received_on(at: datetime) -> date:
    """The day of receipt: the date in Stockholm at the moment `at` (aware) the request
    arrived; 00:30 on 1 March in Stockholm is 1 March, though 28 February in UTC."""
    return received_date(at)


@dataclass(frozen=True, slots=True)
class DayOff:
    """A day a deadline skipped: a holiday by name, or a weekend (`holiday` None)."""

    day: date
    holiday: str | None


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the answer to a request received on `received` is due.

    `nominal` is where the month (or months) ends by the calendar; `due` is the last
    day to answer, the first working day from `nominal` on.
    """

    received: date
    further_months: int
    nominal: date
    due: date

    @property
    def extended(self) -> bool:
        return self.further_months > 0

    @property
    def skipped(self) -> tuple[date, ...]:
        """The days off passed over, `nominal` first; empty when the deadline did not move."""
        return tuple(
            self.nominal + timedelta(days=n) for n in range((self.due - self.nominal).days)
        )

    def days_off(self, lang: str = "sv") -> tuple[DayOff, ...]:
        """Why the deadline moved, for a card: "15 februari är en söndag, så sista dag är
        måndag 16 februari"; "3 april är Långfredagen, …" (`lang` "sv" or "en")."""
        return tuple(DayOff(day, holiday_name(day, lang)) for day in self.skipped)


def due(received: date, further_months: int = 0) -> Deadline:
    """The deadline for a request received on `received` (a Stockholm date; a datetime
    is converted as in `received_on`), with `further_months` (0–2) of extension."""
    received = received_date(received)
    return Deadline(
        received=received,
        further_months=further_months,
        nominal=rights_request_period_end(received, further_months=further_months),
        due=rights_request_deadline(received, further_months=further_months),
    )


class Refusal(StrEnum):
    """Why an extension is refused; the text is `rights.extension.<value>`."""

    ALREADY_EXTENDED_FULLY = "already_extended_fully"
    TOO_FEW_MONTHS = "too_few_months"
    TOO_MANY_MONTHS = "too_many_months"
    NO_REASON = "no_reason"
    NOT_TOLD = "not_told"
    TOLD_BEFORE_RECEIPT = "told_before_receipt"
    TOLD_TOO_LATE = "told_too_late"
    TOLD_IN_FUTURE = "told_in_future"


def extend(
    received: date,
    already_further: int,
    further_months: int,
    reason: str | None,
    told_on: date | None,
    today: date,
) -> Deadline | Refusal:
    """Extend the deadline of a request received on `received` by `further_months`
    beyond the `already_further` months given before, or say why not.

    Accepted: 1 or 2 further months, two at most in all; a reason; and the day the
    person was told, from the day of receipt to the first month's deadline (moved past
    days off) and not after `today`. A second extension (first +1, then +1) must also
    have been told within the first month: Art. 12(3) allows the person to be told of
    any extension only "within one month of receipt".

    The checks run in this order and the first that fails is the refusal; a day told
    that is both too late and in the future is `told_too_late`, the answer that
    re-entering the date cannot change.
    """
    if already_further < 0:
        raise ValueError(f"already_further cannot be negative: {already_further}")
    if already_further >= MAX_FURTHER_MONTHS:
        return Refusal.ALREADY_EXTENDED_FULLY
    if further_months < 1:
        return Refusal.TOO_FEW_MONTHS
    if already_further + further_months > MAX_FURTHER_MONTHS:
        return Refusal.TOO_MANY_MONTHS
    if reason is None or not reason.strip():
        return Refusal.NO_REASON
    if told_on is None:
        return Refusal.NOT_TOLD
    first = due(received)
    if told_on < first.received:
        return Refusal.TOLD_BEFORE_RECEIPT
    if told_on > first.due:
        return Refusal.TOLD_TOO_LATE
    if told_on > today:
        return Refusal.TOLD_IN_FUTURE
    return due(first.received, already_further + further_months)


def days_left(due: date, today: date) -> int:
    """Calendar days until the due date: 0 on the last day (still in time), negative
    when overdue (-1 the day after)."""
    return (due - today).days


class Urgency(StrEnum):
    """How pressing a request is, for a card's colour and the reminder ladder."""

    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    LATER = "later"


def urgency(due: date, today: date, *, soon_days: int = SOON_DAYS) -> Urgency:
    """`OVERDUE` after the due date, `DUE_TODAY` on it, `DUE_SOON` within `soon_days`.

    To list requests most urgent first, sort them by due date: the overdue have the
    earliest, the most overdue first.
    """
    left = days_left(due, today)
    if left < 0:
        return Urgency.OVERDUE
    if left == 0:
        return Urgency.DUE_TODAY
    if left <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.LATER
