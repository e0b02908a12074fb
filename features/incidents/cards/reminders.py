"""The incident reminders on cards: the 72-hour clock and the supplement to IMY.

Short on purpose: which case, what it is about (for those who may see that),
how much time is left or how long the deadline has passed, in words, and two
buttons: open the case (as its own card under the reminder) and snooze. Built
from a frozen view, so a card is a pure function of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from cards import elements as el
from cards import reminder_kit as kit
from cards.safe import inert
from compliance.deadlines import format_span
from compliance.localtime import format_datetime
from i18n import Lang, t

DEADLINE = "incident_deadline"
SUPPLEMENT = "imy_supplement"


@dataclass(frozen=True)
class DeadlineReminder:
    """One person's reminder of an incident's 72-hour deadline."""

    incident_id: str
    reference: str
    status: str
    title: str | None  # the report's first line, masked; None: this person sees no content
    deadline: datetime
    time_left: timedelta  # negative once the deadline has passed
    hours: int  # the step: hours after awareness
    overdue: int  # the how-manieth overdue reminder (0: before the deadline)
    may_open: bool
    escalated: bool = False  # told as one of the organisation's escalation contacts
    aware_known: bool = True


@dataclass(frozen=True)
class SupplementReminder:
    incident_id: str
    reference: str
    title: str | None
    notified_at: datetime
    days: int
    may_open: bool


def _open(lang: Lang, incident_id: str) -> el.Element:
    # From a reminder the case comes as its own card under it; the reminder stays.
    return el.action_execute(t(lang, "incident.reminder.open"), "incident.open",
                             {"incident": incident_id, "from": "list"}, style="positive")


def _facts(lang: Lang, reference: str, title: str | None,
           status: str | None = None) -> el.Element:
    pairs = [(t(lang, "incident.reminder.case"), inert(reference, 40))]
    if title:
        pairs.append((t(lang, "incident.reminder.about"), inert(title, 120)))
    if status:
        pairs.append((t(lang, "dso.status_label"), t(lang, f"dso.status.{status}")))
    return el.facts(pairs, trusted_values=True)


def deadline_card(lang: Lang, view: DeadlineReminder) -> dict:
    overdue = view.time_left < timedelta(0)
    span = format_span(view.time_left, lang)
    when = format_datetime(view.deadline)
    if view.overdue:
        step = t(lang, "incident.reminder.deadline.step_overdue")
    else:
        step = t(lang, "incident.reminder.deadline.step", hours=view.hours)
    body = [_facts(lang, view.reference, view.title, view.status)]
    clock = (t(lang, "incident.reminder.deadline.overdue", span=span, when=when) if overdue
             else t(lang, "incident.reminder.deadline.left", span=span, when=when))
    lines = [el.text(clock, trusted=True, weight="Bolder", size="Large",
                     color="Attention" if overdue or view.time_left < timedelta(hours=24)
                     else "Default")]
    lines.append(el.text(t(lang, "incident.reminder.deadline.late_reasons" if overdue
                           else "incident.reminder.deadline.no_decision"), trusted=True,
                         spacing="Small"))
    if not view.aware_known:
        lines.append(el.text(t(lang, "dso.clock.aware_unknown"), trusted=True, isSubtle=True,
                             size="Small"))
    body.append(el.container(lines, style="attention" if overdue else "emphasis",
                             spacing="Medium"))
    if view.escalated:
        body.append(el.text(t(lang, "incident.reminder.deadline.escalated"), trusted=True,
                            isSubtle=True, size="Small"))
    return kit.reminder_card(
        lang, title=t(lang, "incident.reminder.deadline.title", reference=inert(view.reference,
                                                                                 40)),
        step=step, body=body, urgent=bool(view.overdue),
        actions=[_open(lang, view.incident_id)] if view.may_open else [],
        snoozer=kit.snooze(lang, policy=DEADLINE, record=view.incident_id))


def supplement_card(lang: Lang, view: SupplementReminder) -> dict:
    body = [
        _facts(lang, view.reference, view.title),
        el.container([el.text(t(lang, "incident.reminder.supplement.text",
                                when=format_datetime(view.notified_at)), trusted=True)],
                     style="emphasis", spacing="Medium"),
    ]
    return kit.reminder_card(
        lang, title=t(lang, "incident.reminder.supplement.title",
                      reference=inert(view.reference, 40)),
        step=t(lang, "incident.reminder.supplement.step", days=view.days), body=body,
        actions=[_open(lang, view.incident_id)] if view.may_open else [],
        snoozer=kit.snooze(lang, policy=SUPPLEMENT, record=view.incident_id))


# -- gallery samples (hostile text where people type) --------------------------------------

def _samples() -> dict[str, Any]:
    from cards.gallery import HOSTILE_TEXT

    deadline = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    base = DeadlineReminder(
        incident_id="6f1c1a52-8d44-4f5e-9a59-1b9e2b8b7c10", reference="PUI-2026-0007",
        status="in_review", title=HOSTILE_TEXT, deadline=deadline,
        time_left=timedelta(hours=47), hours=24, overdue=0, may_open=True)
    return {
        "reminder_incident_24h": lambda lang: deadline_card(lang, base),
        "reminder_incident_overdue_escalated": lambda lang: deadline_card(lang, replace(
            base, title=None, time_left=timedelta(hours=-30), hours=72, overdue=2,
            may_open=False, escalated=True, aware_known=False)),
        "reminder_imy_supplement": lambda lang: supplement_card(lang, SupplementReminder(
            incident_id=base.incident_id, reference=base.reference, title=HOSTILE_TEXT,
            notified_at=datetime(2026, 11, 23, 8, 30, tzinfo=UTC), days=28,
            may_open=True)),
    }


SAMPLES = _samples()
