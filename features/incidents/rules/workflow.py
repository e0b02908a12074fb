"""The incident workflow's vocabulary: statuses, what may follow what, events, decisions.

One place for the words the records, the cards and the handlers share. A
status change that is not in `TRANSITIONS` is a bug, and `move()` refuses it.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"  # filed by staff, nobody has taken it yet
    IN_REVIEW = "in_review"  # a DSO works on it
    AWAITING_REPORTER = "awaiting_reporter"  # a DSO asked the reporter something
    NOTIFIED_IMY = "notified_imy"  # decided: notified to IMY
    NOT_NOTIFIABLE = "not_notifiable"  # decided: not notifiable, with grounds
    CLOSED = "closed"


class Decision(StrEnum):
    """Whether the incident is notified to IMY (Art. 33)."""

    NOTIFIED = "notified"
    NOT_NOTIFIABLE = "not_notifiable"


class DsoAdvice(StrEnum):
    """The DSO's advice to the controller, recorded apart from the decision: the DSO
    advises and stays independent (Art. 38(3), 39(1))."""

    NOTIFY = "notify"
    NOTIFY_AND_INFORM = "notify_and_inform"  # notify IMY and inform the people affected
    NOT_NOTIFIABLE = "not_notifiable"


class NotificationPhase(StrEnum):
    """Art. 33(4): what cannot be given at once may be given in phases."""

    COMPLETE = "complete"
    PRELIMINARY = "preliminary"  # IMY expects a supplement within about four weeks


class Art34Exception(StrEnum):
    """Why the people affected need not be told (Art. 34(3)(a)–(c))."""

    UNINTELLIGIBLE = "unintelligible"  # (a) e.g. encrypted, the key safe
    RISK_REMOVED = "risk_removed"  # (b) later measures: high risk no longer likely
    DISPROPORTIONATE = "disproportionate"  # (c) a public communication instead


class EventKind(StrEnum):
    """What the history of an incident records."""

    SUBMITTED = "submitted"
    TAKEN = "taken"
    QUESTION_ASKED = "question_asked"
    REPORTER_ANSWERED = "reporter_answered"
    ANSWER_CORRECTED = "answer_corrected"  # data: step, old, new, reason
    ADVICE_RECORDED = "advice_recorded"
    DECISION_RECORDED = "decision_recorded"
    SUPPLEMENT_RECORDED = "supplement_recorded"
    SUBJECTS_RECORDED = "subjects_recorded"
    REGISTERED = "registered"  # the diarienummer was entered
    MEASURES_RECORDED = "measures_recorded"
    SEVERITY_ADJUSTED = "severity_adjusted"
    CLOSED = "closed"
    REOPENED = "reopened"  # data: detail (the reason)
    ALERTED = "alerted"  # data: dsos, delivered (how many the alert reached)


# The status a recorded decision moves the incident to.
DECIDED_STATUS = {Decision.NOTIFIED: Status.NOTIFIED_IMY,
                  Decision.NOT_NOTIFIABLE: Status.NOT_NOTIFIABLE}
DECIDED = frozenset({Status.NOTIFIED_IMY, Status.NOT_NOTIFIABLE, Status.CLOSED})
OPEN = frozenset(Status) - {Status.CLOSED}

_WORKING = {Status.SUBMITTED, Status.IN_REVIEW, Status.AWAITING_REPORTER}
_DECIDED_OPEN = {Status.NOTIFIED_IMY, Status.NOT_NOTIFIABLE}
TRANSITIONS: dict[Status, frozenset[Status]] = {
    # A near miss is closed without a decision: nothing was notifiable.
    Status.SUBMITTED: frozenset({Status.IN_REVIEW, Status.AWAITING_REPORTER, *_DECIDED_OPEN,
                                 Status.CLOSED}),
    Status.IN_REVIEW: frozenset({Status.AWAITING_REPORTER, *_DECIDED_OPEN, Status.CLOSED}),
    Status.AWAITING_REPORTER: frozenset({Status.IN_REVIEW, *_DECIDED_OPEN, Status.CLOSED}),
    # A decision can be corrected, questions asked after it, and the case closed.
    Status.NOTIFIED_IMY: frozenset({Status.NOT_NOTIFIABLE, Status.AWAITING_REPORTER,
                                    Status.CLOSED}),
    Status.NOT_NOTIFIABLE: frozenset({Status.NOTIFIED_IMY, Status.AWAITING_REPORTER,
                                      Status.CLOSED}),
    # Reopened with a reason (a closed case can turn out not to be done).
    Status.CLOSED: frozenset({Status.IN_REVIEW}),
}


class TransitionRefused(ValueError):
    """A status change the workflow does not allow."""


def can_move(current: Status | str, to: Status | str) -> bool:
    return Status(to) == Status(current) or Status(to) in TRANSITIONS[Status(current)]


def move(current: Status | str, to: Status | str) -> Status:
    """The new status, if the workflow allows the change; staying put is always allowed."""
    if not can_move(current, to):
        raise TransitionRefused(f"an incident cannot go from {current} to {to}")
    return Status(to)


def after_taking(current: Status | str) -> Status:
    """Taking ownership starts the review; a later state is kept."""
    return Status.IN_REVIEW if Status(current) is Status.SUBMITTED else Status(current)


def after_reply(current: Status | str) -> Status:
    """The reporter answered: back to review, unless a decision was already recorded."""
    return Status.IN_REVIEW if Status(current) is Status.AWAITING_REPORTER else Status(current)


def is_working(status: Status | str) -> bool:
    return Status(status) in _WORKING
